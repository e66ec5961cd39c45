/** Finding YAML nodes by path and turning them into file ranges, without ever expanding aliases. */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { ConfigObject, TextRange, YamlPath } from './model.js';

/** Follows one alias hop (never recursively expanding), so a lookup through `*anchor` still finds a node. */
function resolve(node: unknown, document: Document.Parsed): YamlNode | undefined {
  if (isAlias(node)) {
    try {
      return node.resolve(document) as YamlNode | undefined;
    } catch {
      return undefined;
    }
  }
  return (node ?? undefined) as YamlNode | undefined;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string') return key;
  return undefined;
}

export function findPair(node: YamlNode | undefined, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) if (isPair(item) && keyText(item) === key) return item as Pair;
  return undefined;
}

export interface NodeLookup {
  /** The deepest node found along the path. */
  node: YamlNode | undefined;
  /** The pair whose value is `node` when the last step was a map key. */
  pair: Pair | undefined;
  /** How many path steps were resolved. */
  depth: number;
}

export function lookup(document: Document.Parsed, start: YamlNode | undefined, path: YamlPath): NodeLookup {
  let node: YamlNode | undefined = resolve(start, document);
  let pair: Pair | undefined;
  let depth = 0;
  for (const step of path) {
    let next: YamlNode | undefined;
    let nextPair: Pair | undefined;
    if (typeof step === 'number' && isSeq(node)) {
      next = resolve(node.items[step], document);
    } else if (isMap(node)) {
      nextPair = findPair(node, String(step));
      next = nextPair ? resolve(nextPair.value, document) : undefined;
      if (nextPair && !next) {
        // `key:` with no value: the pair exists, point at its key.
        return { node: undefined, pair: nextPair, depth: depth + 1 };
      }
    }
    if (!next) break;
    node = next;
    pair = nextPair;
    depth++;
  }
  return { node, pair: depth === path.length ? pair : undefined, depth };
}

export function nodeRange(node: YamlNode | undefined): TextRange | undefined {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return undefined;
  return { start: range[0], end: Math.max(range[1], range[0]) };
}

/** Range of a pair's key (what a person reads as "this field"). */
export function keyRange(pair: Pair): TextRange | undefined {
  return nodeRange(pair.key as YamlNode);
}

/**
 * Where to point for a path inside an object: the value when it exists, else the key, else the nearest existing
 * ancestor (for a missing field, the key of the map that lacks it).
 */
export function locate(object: ConfigObject, path: YamlPath, prefer: 'value' | 'key' = 'value'): TextRange {
  const document = object.file.documents[object.documentIndex]!;
  const found = lookup(document, object.node, path);
  if (found.depth === path.length) {
    if (prefer === 'key' && found.pair) return keyRange(found.pair) ?? fallback(object);
    return nodeRange(found.node) ?? (found.pair ? keyRange(found.pair) : undefined) ?? fallback(object);
  }
  // Missing: point at the key holding the deepest map we reached, so "missing `summary`" lands on `annotations:`.
  const parent = lookup(document, object.node, path.slice(0, found.depth));
  if (parent.pair) return keyRange(parent.pair) ?? fallback(object);
  return firstLineOf(parent.node) ?? fallback(object);
}

export function nodeAt(object: ConfigObject, path: YamlPath): YamlNode | undefined {
  const document = object.file.documents[object.documentIndex]!;
  const found = lookup(document, object.node, path);
  return found.depth === path.length ? found.node : undefined;
}

/** For a map node, the first key: a readable anchor for "this whole object". */
function firstLineOf(node: YamlNode | undefined): TextRange | undefined {
  if (isMap(node) && node.items[0] && isPair(node.items[0])) return keyRange(node.items[0] as Pair);
  return nodeRange(node);
}

function fallback(object: ConfigObject): TextRange {
  return firstLineOf(object.node) ?? { start: 0, end: 0 };
}
