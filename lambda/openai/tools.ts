import type { ToolChoice as BedrockToolChoice, Message, Tool, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { BadRequestError } from '../errors';
import type { ChatCompletionRequest, FunctionTool, ResponseFormat } from './chat-schema';

export interface ToolPlan {
  readonly toolConfig?: ToolConfiguration;
  /** The forced tool that carries a structured answer; its input is returned as message content. */
  readonly outputTool?: string;
}

const EMPTY_SCHEMA = { type: 'object', properties: {} };

const spec = (name: string, description: string | null | undefined, schema: unknown): Tool => ({
  toolSpec: {
    name,
    ...(description && { description }),
    inputSchema: { json: (schema ?? EMPTY_SCHEMA) as DocumentType },
  },
});

const toolOf = (tool: FunctionTool): Tool => spec(tool.function.name, tool.function.description, tool.function.parameters);

/** Converse needs a toolConfig whenever the conversation holds tool calls or results. */
function historyTools(messages: readonly Message[]): Tool[] {
  const names = new Set(messages.flatMap((m) => (m.content ?? []).flatMap((b) => (b.toolUse?.name ? [b.toolUse.name] : []))));
  return [...names].map((name) => spec(name, undefined, undefined));
}

const hasToolBlocks = (messages: readonly Message[]): boolean =>
  messages.some((m) => (m.content ?? []).some((b) => b.toolUse !== undefined || b.toolResult !== undefined));

/**
 * `response_format` json_schema / json_object is honoured with a forced tool whose input schema
 * is the requested schema: Converse then returns the answer as that tool's (JSON) input.
 */
function structuredOutput(format: Exclude<ResponseFormat, { type: 'text' }>, request: ChatCompletionRequest): ToolPlan {
  if (request.tools && request.tools.length > 0) {
    throw new BadRequestError('response_format json_schema / json_object cannot be combined with tools on this proxy.', {
      param: 'response_format',
      code: 'unsupported_combination',
    });
  }
  const tool =
    format.type === 'json_schema'
      ? spec(format.json_schema.name, format.json_schema.description ?? 'Give the answer as this JSON object.', format.json_schema.schema)
      : spec('json_response', 'Give the answer as a JSON object.', { type: 'object' });
  const name = tool.toolSpec?.name ?? 'json_response';
  return { toolConfig: { tools: [tool], toolChoice: { tool: { name } } }, outputTool: name };
}

function choiceOf(request: ChatCompletionRequest, tools: readonly FunctionTool[]): BedrockToolChoice | undefined {
  const choice = request.tool_choice;
  if (choice === undefined || choice === null || choice === 'auto' || choice === 'none') return undefined;
  if (choice === 'required') return { any: {} };
  if (!tools.some((tool) => tool.function.name === choice.function.name)) {
    throw new BadRequestError(`tool_choice names "${choice.function.name}", which is not in tools.`, {
      param: 'tool_choice',
      code: 'invalid_value',
    });
  }
  return { tool: { name: choice.function.name } };
}

/**
 * The Converse toolConfig for a request. Converse has no "none" choice: `tool_choice: "none"`
 * sends no tools at all, unless the history holds tool blocks (then Converse requires the tool
 * definitions, and they are sent with the default automatic choice).
 */
export function toolPlan(request: ChatCompletionRequest, messages: readonly Message[]): ToolPlan {
  const format = request.response_format;
  if (format && format.type !== 'text') return structuredOutput(format, request);
  const tools = request.tools ?? [];
  if (tools.length === 0 && request.tool_choice === 'required') {
    throw new BadRequestError('tool_choice "required" needs tools.', { param: 'tool_choice', code: 'invalid_value' });
  }
  const toolChoice = choiceOf(request, tools);
  const history = hasToolBlocks(messages);
  if (tools.length === 0) return history ? { toolConfig: { tools: historyTools(messages) } } : {};
  if (request.tool_choice === 'none' && !history) return {};
  return { toolConfig: { tools: tools.map(toolOf), ...(toolChoice && { toolChoice }) } };
}
