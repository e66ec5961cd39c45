/**
 * Which TypeScript built a syntax tree. typescript-eslint parses with the *user's* TypeScript, whose `SyntaxKind`
 * (and flag) numbers may differ from obslint's bundled compiler: its nodes and program are only usable when both
 * are the same `major.minor`. Nodes carry no version, but each TypeScript module instance creates source files
 * with its own constructor, so the loaded TypeScript modules are searched for the one whose constructor matches.
 */
import { createRequire } from 'node:module';
import { ts, compilerVersion } from '../compiler.js';

interface TypeScriptModuleLike {
  versionMajorMinor?: unknown;
  objectAllocator?: { getSourceFileConstructor?: () => unknown };
}

const moduleCache = createRequire(import.meta.url).cache;
const known = new WeakMap<object, string | null>();

function sourceFileConstructorOf(module: TypeScriptModuleLike): unknown {
  try {
    return module.objectAllocator?.getSourceFileConstructor?.();
  } catch {
    return undefined;
  }
}

/**
 * `major.minor` of the TypeScript that created `sourceFile`, or undefined when it cannot be told (a TypeScript
 * loaded outside Node's CommonJS cache, or a tree that is not a TypeScript source file at all).
 */
export function typescriptVersionOf(sourceFile: object): string | undefined {
  const constructor = (Object.getPrototypeOf(sourceFile) as { constructor?: unknown } | null)?.constructor;
  if (typeof constructor !== 'function') return undefined;
  if (known.has(constructor)) return known.get(constructor) ?? undefined;
  let version: string | null = null;
  if (constructor === sourceFileConstructorOf(ts as unknown as TypeScriptModuleLike)) version = compilerVersion;
  else {
    for (const entry of Object.values(moduleCache)) {
      const exports = entry?.exports as TypeScriptModuleLike | undefined;
      if (!exports || typeof exports !== 'object' || typeof exports.versionMajorMinor !== 'string') continue;
      if (sourceFileConstructorOf(exports) === constructor) {
        version = exports.versionMajorMinor;
        break;
      }
    }
  }
  known.set(constructor, version);
  return version ?? undefined;
}
