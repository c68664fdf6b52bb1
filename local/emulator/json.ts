import { validationError } from './errors';
import type { JsonObject } from './types';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function parseJsonBody(raw: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validationError('Malformed input request, please reformat your input and try again.');
  }
  if (!isObject(parsed))
    throw validationError('Malformed input request: #: expected type: JSONObject, please reformat your input and try again.');
  return parsed;
}

function schemaViolation(detail: string): Error {
  return validationError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

export function requireString(body: JsonObject, key: string): string {
  const value = body[key];
  if (value === undefined) throw schemaViolation(`#: required key [${key}] not found`);
  if (typeof value !== 'string') throw schemaViolation(`#/${key}: expected type: String`);
  return value;
}

export function requireArray(body: JsonObject, key: string): unknown[] {
  const value = body[key];
  if (value === undefined) throw schemaViolation(`#: required key [${key}] not found`);
  if (!Array.isArray(value)) throw schemaViolation(`#/${key}: expected type: JSONArray`);
  if (value.length === 0) throw schemaViolation(`#/${key}: expected minimum item count: 1, found: 0`);
  return value;
}

export function optionalPositiveInt(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw schemaViolation(`#/${key}: expected type: Integer`);
  if (value < 1) throw schemaViolation(`#/${key}: ${value} is not greater or equal to 1`);
  return value;
}

export function requirePositiveInt(body: JsonObject, key: string): number {
  const value = optionalPositiveInt(body, key);
  if (value === undefined) throw schemaViolation(`#: required key [${key}] not found`);
  return value;
}
