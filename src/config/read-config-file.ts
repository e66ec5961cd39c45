/**
 * Reads one configuration file (JSON, JSONC, YAML or package.json#obslint) without executing anything, keeping
 * source positions so that every schema error points at its line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { ConfigError } from './errors.js';

export interface RawConfigFile {
  path: string;
  /** The configuration object (for package.json: its `obslint` key). */
  value: unknown;
  /** 1-based line of the value at a JSON pointer path, for error messages. */
  lineOf(pointer: (string | number)[]): number | undefined;
}

/** Blanks out // and /* *\/ comments and trailing commas outside strings, keeping every offset in place. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, ' $1');
}

function nodeAt(document: Document, pointer: (string | number)[]): YamlNode | undefined {
  let node: unknown = document.contents;
  for (const key of pointer) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) return node as YamlNode;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (!item) return node as YamlNode;
      node = item;
    } else break;
  }
  return node as YamlNode | undefined;
}

export function readConfigFile(path: string): RawConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, undefined, `cannot read configuration file: ${(error as Error).message}`);
  }
  const name = basename(path);
  const isYaml = /\.ya?ml$/i.test(name);
  const source = isYaml ? text.replace(/^\uFEFF/, '') : stripJsonComments(text.replace(/^\uFEFF/, ' '));
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const firstError = document.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ConfigError(path, line, `invalid ${isYaml ? 'YAML' : 'JSON'}: ${firstError.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(path, undefined, `invalid configuration: ${(error as Error).message}`);
  }
  const prefix: (string | number)[] = name === 'package.json' ? ['obslint'] : [];
  if (name === 'package.json') value = (value as Record<string, unknown> | null)?.obslint;
  return {
    path,
    value: value ?? {},
    lineOf(pointer) {
      const node = nodeAt(document, [...prefix, ...pointer]);
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    },
  };
}
