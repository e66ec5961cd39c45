/** A finding about a place in a config object, turned into the engine's `ConfigReport`. */
import type { ConfigReport } from '../rule.js';
import type { ConfigObject, YamlPath } from './model.js';
import { locate } from './yaml-nodes.js';

export interface ObjectFinding {
  object: ConfigObject;
  path: YamlPath;
  /** Point at the key (`for:`) or its value (`10 minutes`). */
  at?: 'key' | 'value';
  message: string;
  help?: string;
}

export function toReport(finding: ObjectFinding): ConfigReport {
  return {
    file: finding.object.file.path,
    range: locate(finding.object, finding.path, finding.at ?? 'value'),
    message: finding.message,
    ...(finding.help ? { help: finding.help } : {}),
  };
}

/** Readable name of a path's last field: `for`, `rules[3]`. */
export function fieldName(path: YamlPath): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return parent === undefined ? `item ${last + 1}` : `${String(parent)}[${last}]`;
  }
  return last === undefined ? 'this document' : String(last);
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}
