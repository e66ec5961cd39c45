/**
 * Import specifier → source file in the repository, the way the project's own tooling resolves it: relative paths
 * (`./x.js` may name `./x.ts`), `#internal` subpaths of the package's `imports`, tsconfig `paths`/`baseUrl` aliases,
 * and workspace packages by name (their `exports` or entry fields, mapped from build output back to source). Only
 * files the repository holds count — never node_modules nor declaration files — so a resolved specifier is code
 * obslint can read, and an unresolved one is a real dependency. Cached per run.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseJsonObject, type JsonObject } from './config-json.js';
import { packageEntryCandidates, packageImportCandidates } from './package-exports.js';
import { TsconfigPaths } from './tsconfig-paths.js';
import { Workspaces } from './workspaces.js';

const resolutionSuffixes = [
  '',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.mjs',
  '/index.cjs',
];

export class ModuleResolver {
  readonly workspaces: Workspaces;
  private readonly aliases: TsconfigPaths;
  private readonly onDisk = new Map<string, string | undefined>();
  private readonly bare = new Map<string, string | undefined>();
  /** The nearest package.json per directory, for `#imports`. */
  private readonly scopes = new Map<string, { dir: string; json: JsonObject } | null>();

  constructor(private readonly readText: (path: string) => string | undefined) {
    this.workspaces = new Workspaces(readText);
    this.aliases = new TsconfigPaths(readText, (from, name) => this.workspaces.packageNamed(from, name)?.dir);
  }

  /** The source file `specifier` names from `fromFile`, or undefined when it is a package from outside the repository. */
  resolve(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return this.findOnDisk([resolve(dirname(fromFile), specifier)]);
    if (specifier.startsWith('node:') || specifier === '' || specifier.startsWith('/')) return undefined;
    const key = `${dirname(fromFile)}\0${specifier}`;
    if (this.bare.has(key)) return this.bare.get(key);
    const resolved = specifier.startsWith('#')
      ? this.findOnDisk(this.importCandidates(fromFile, specifier))
      : (this.findOnDisk(this.aliases.candidates(fromFile, specifier)) ??
        this.findOnDisk(this.workspaceCandidates(fromFile, specifier)));
    this.bare.set(key, resolved);
    return resolved;
  }

  private importCandidates(fromFile: string, specifier: string): string[] {
    const scope = this.scopeOf(dirname(fromFile));
    return scope ? packageImportCandidates(scope.dir, scope.json, specifier) : [];
  }

  private workspaceCandidates(fromFile: string, specifier: string): string[] {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    if (parts.length < nameLength) return [];
    const found = this.workspaces.packageNamed(fromFile, parts.slice(0, nameLength).join('/'));
    if (!found) return [];
    const rest = parts.slice(nameLength).join('/');
    return packageEntryCandidates(found.dir, found.json, rest ? `./${rest}` : '.');
  }

  private scopeOf(start: string): { dir: string; json: JsonObject } | undefined {
    const visited: string[] = [];
    let found: { dir: string; json: JsonObject } | null = null;
    for (let dir = start; ; dir = dirname(dir)) {
      if (this.scopes.has(dir)) {
        found = this.scopes.get(dir)!;
        break;
      }
      visited.push(dir);
      const path = join(dir, 'package.json');
      const text = this.readText(path);
      if (text !== undefined) {
        const json = parseJsonObject(path, text);
        found = json ? { dir, json } : null;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of visited) this.scopes.set(dir, found);
    return found ?? undefined;
  }

  /** The first candidate that is a readable source file of the repository (memoised per candidate). */
  private findOnDisk(candidates: string[]): string | undefined {
    for (const base of candidates) {
      if (!this.onDisk.has(base)) this.onDisk.set(base, sourceOnDisk(base));
      const found = this.onDisk.get(base);
      if (found) return found;
    }
    return undefined;
  }
}

function sourceOnDisk(base: string): string | undefined {
  if (/[/\\]node_modules[/\\]/.test(base)) return undefined;
  const candidates = [base, base.replace(/\.[mc]?js$/, ''), base.replace(/\.jsx$/, '')];
  for (const candidate of candidates) {
    for (const suffix of resolutionSuffixes) {
      const path = candidate + suffix;
      if (/\.d\.[cm]?ts$/.test(path)) continue;
      if (existsSync(path) && statSync(path).isFile()) return path;
    }
  }
  return undefined;
}
