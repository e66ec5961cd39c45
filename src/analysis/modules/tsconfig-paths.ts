/**
 * The import aliases a TypeScript project declares: `compilerOptions.paths` (`~/*`, `@/utils/*`) and `baseUrl`,
 * from the nearest tsconfig.json (or jsconfig.json) of a file, following `extends` chains (relative files, arrays,
 * and shared configs from packages). Paths resolve against `baseUrl` when set, else against the config that declares
 * them — as TypeScript does. Configs are read as JSONC data and cached per file; a bad one counts as absent.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isObject, parseJsonObject, stringField, type JsonObject } from './config-json.js';

interface Aliases {
  /** Directory `paths` targets are relative to. */
  pathsBase?: string;
  paths?: [pattern: string, targets: string[]][];
  baseUrl?: string;
}

const maxExtendsDepth = 8;
const configNames = ['tsconfig.json', 'jsconfig.json'];

export class TsconfigPaths {
  private readonly configs = new Map<string, Aliases | null>();
  private readonly nearest = new Map<string, Aliases | null>();

  constructor(
    private readonly readText: (path: string) => string | undefined,
    /** A package's directory by name, for `"extends": "@acme/tsconfig/base.json"`. */
    private readonly packageDir: (fromFile: string, name: string) => string | undefined,
  ) {}

  /** Paths `specifier` may name under the aliases of `fromFile`'s project, best first (to be found on disk). */
  candidates(fromFile: string, specifier: string): string[] {
    const aliases = this.aliasesFor(dirname(fromFile));
    if (!aliases) return [];
    const found: string[] = [];
    if (aliases.paths && aliases.pathsBase) {
      const base = aliases.baseUrl ?? aliases.pathsBase;
      for (const target of matchPaths(aliases.paths, specifier) ?? []) found.push(resolve(base, target));
    }
    if (aliases.baseUrl) found.push(resolve(aliases.baseUrl, specifier));
    return found;
  }

  /** The aliases of the nearest config above `start` (cached for every directory on the way). */
  private aliasesFor(start: string): Aliases | undefined {
    const visited: string[] = [];
    let found: Aliases | null = null;
    for (let dir = start; ; dir = dirname(dir)) {
      if (this.nearest.has(dir)) {
        found = this.nearest.get(dir)!;
        break;
      }
      visited.push(dir);
      const config = configNames.map((name) => join(dir, name)).find((path) => this.readText(path) !== undefined);
      if (config) {
        found = this.load(config, 0, new Set()) ?? null;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of visited) this.nearest.set(dir, found);
    return found ?? undefined;
  }

  private load(path: string, depth: number, seen: Set<string>): Aliases | undefined {
    if (this.configs.has(path)) return this.configs.get(path) ?? undefined;
    if (depth > maxExtendsDepth || seen.has(path)) return undefined;
    seen.add(path);
    const json = parseJsonObject(path, this.readText(path));
    let aliases: Aliases | undefined;
    if (json) {
      aliases = {};
      const extended =
        typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
      for (const parent of extended) {
        const parentPath = typeof parent === 'string' ? this.extendedConfig(path, parent) : undefined;
        const inherited = parentPath && this.load(parentPath, depth + 1, seen);
        if (inherited) aliases = { ...aliases, ...definedOnly(inherited) };
      }
      aliases = { ...aliases, ...definedOnly(ownAliases(path, json)) };
      // A solution-style config (`files: []` plus `references`) keeps its aliases in the referenced configs.
      if (!aliases.paths && Array.isArray(json.references)) {
        for (const reference of json.references) {
          const referenced = isObject(reference) ? stringField(reference, 'path') : undefined;
          if (!referenced) continue;
          let target = resolve(dirname(path), referenced);
          if (!target.endsWith('.json')) target = join(target, 'tsconfig.json');
          const fromReference = this.load(target, depth + 1, seen);
          if (fromReference?.paths) {
            aliases = { ...aliases, ...definedOnly(fromReference) };
            break;
          }
        }
      }
    }
    this.configs.set(path, aliases ?? null);
    return aliases;
  }

  /** The file an `extends` entry names: a relative or absolute path, or a file of a package. */
  private extendedConfig(from: string, entry: string): string | undefined {
    const withJson = (path: string) =>
      this.readText(path) !== undefined
        ? path
        : this.readText(`${path}.json`) !== undefined
          ? `${path}.json`
          : undefined;
    if (entry.startsWith('.') || isAbsolute(entry)) return withJson(resolve(dirname(from), entry));
    const parts = entry.split('/');
    const nameLength = entry.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const subpath = parts.slice(nameLength).join('/') || 'tsconfig.json';
    for (let dir = dirname(from); ; dir = dirname(dir)) {
      const installed = withJson(join(dir, 'node_modules', name, subpath));
      if (installed) return installed;
      if (dirname(dir) === dir) break;
    }
    const workspace = this.packageDir(from, name);
    return workspace ? withJson(join(workspace, subpath)) : undefined;
  }
}

function ownAliases(path: string, json: JsonObject): Aliases {
  const options = isObject(json.compilerOptions) ? json.compilerOptions : {};
  const aliases: Aliases = {};
  const baseUrl = stringField(options, 'baseUrl');
  if (baseUrl !== undefined) aliases.baseUrl = resolve(dirname(path), baseUrl);
  if (isObject(options.paths)) {
    aliases.pathsBase = dirname(path);
    aliases.paths = Object.entries(options.paths)
      .map(([pattern, targets]): [string, string[]] => [
        pattern,
        Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
      ])
      .filter(([, targets]) => targets.length > 0);
  }
  return aliases;
}

function definedOnly(aliases: Aliases): Aliases {
  return Object.fromEntries(Object.entries(aliases).filter(([, value]) => value !== undefined)) as Aliases;
}

/** The targets of the `paths` entry for `specifier`: an exact pattern, else the `*` pattern with the longest prefix. */
function matchPaths(paths: [string, string[]][], specifier: string): string[] | undefined {
  let best: { prefix: string; suffix: string; targets: string[] } | undefined;
  for (const [pattern, targets] of paths) {
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (pattern === specifier) return targets;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (
      specifier.length < prefix.length + suffix.length ||
      !specifier.startsWith(prefix) ||
      !specifier.endsWith(suffix)
    )
      continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, suffix, targets };
  }
  if (!best) return undefined;
  const match = specifier.slice(best.prefix.length, specifier.length - best.suffix.length);
  return best.targets.map((target) => target.split('*').join(match));
}
