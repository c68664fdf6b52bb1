import { deterministicId } from './deterministic';
import { asArray, asObject, isObject } from './json';
import type { JsonObject } from './types';

export interface ToolUse {
  readonly toolUseId: string;
  readonly name: string;
  readonly input: JsonObject;
}

interface ToolSpec {
  readonly name: string;
  readonly schema: JsonObject;
}

function toolSpecs(toolConfig: JsonObject): ToolSpec[] {
  return asArray(toolConfig['tools'])
    .map((tool) => asObject(asObject(tool)['toolSpec']))
    .filter((spec) => typeof spec['name'] === 'string')
    .map((spec) => ({ name: String(spec['name']), schema: asObject(asObject(spec['inputSchema'])['json']) }));
}

/** A deterministic value for a JSON-schema property: strings "emulated", numbers 1, … */
function sampleValue(schema: JsonObject): unknown {
  const enumValues = asArray(schema['enum']);
  if (enumValues.length > 0) return enumValues[0];
  switch (schema['type']) {
    case 'string':
      return 'emulated';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return inputFromSchema(schema);
    default:
      return null;
  }
}

/** Fills every required property of an object schema. */
export function inputFromSchema(schema: JsonObject): JsonObject {
  const properties = asObject(schema['properties']);
  const required = asArray(schema['required']).filter((name): name is string => typeof name === 'string');
  return Object.fromEntries(required.map((name) => [name, sampleValue(asObject(properties[name]))]));
}

/**
 * The model "calls" a tool when told to (`toolChoice` any/tool) or when the prompt names one.
 * Returns undefined when it should answer in text.
 */
export function chooseTool(toolConfig: unknown, prompt: string, seed: string): ToolUse | undefined {
  if (!isObject(toolConfig)) return undefined;
  const specs = toolSpecs(toolConfig);
  const choice = asObject(toolConfig['toolChoice']);
  const forced = asObject(choice['tool'])['name'];
  const spec =
    specs.find((candidate) => candidate.name === forced) ??
    specs.find((candidate) => prompt.includes(candidate.name)) ??
    (isObject(choice['any']) ? specs[0] : undefined);
  if (spec === undefined) return undefined;
  return { toolUseId: `tooluse_${deterministicId(`${seed}:${spec.name}`, 22)}`, name: spec.name, input: inputFromSchema(spec.schema) };
}

/** Splits a JSON text into `count` pieces, as Converse streams tool input. */
export function splitText(text: string, count = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
