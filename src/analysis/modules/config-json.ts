/**
 * Reads a linted repository's JSON configuration (package.json, tsconfig.json with comments and trailing commas) as
 * data only: never executed, never trusted. A file that is missing, too large or malformed reads as undefined, so a
 * broken config costs the resolution it would have given and nothing else.
 */
import { ts } from '../../compiler.js';

export type JsonObject = Record<string, unknown>;

/** Parses JSON or JSONC text; undefined unless it is an object. */
export function parseJsonObject(path: string, text: string | undefined): JsonObject | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = ts.parseConfigFileTextToJson(path, text);
    return !parsed.error && isObject(parsed.config) ? parsed.config : undefined;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function stringField(json: JsonObject | undefined, field: string): string | undefined {
  const value = json?.[field];
  return typeof value === 'string' ? value : undefined;
}
