/**
 * The packages of a monorepo, by name: the workspace globs of npm/yarn (`package.json` `workspaces`), pnpm
 * (`pnpm-workspace.yaml`) and lerna (`lerna.json`), expanded by walking the repository (no node_modules needed, so a
 * fresh checkout resolves `@acme/logger` to `packages/logger` the way the installed symlink would). Bounded: a
 * workspace lists at most `maxPackages` packages and the walk visits at most `maxDirectories` directories.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isObject, parseJsonObject, stringField, type JsonObject } from './config-json.js';

const maxPackages = 2000;
const maxDirectories = 20000;
/** How deep a `**` goes below its prefix: packages sit a few levels down, never deeper. */
const maxGlobStarDepth = 5;
const skippedDirectories = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'vendor', 'tmp']);

export interface WorkspacePackage {
  name: string;
  dir: string;
  json: JsonObject;
}

export class Workspaces {
  /** Workspace root per directory walked through (undefined: not inside a workspace). */
  private readonly roots = new Map<string, string | undefined>();
  /** Packages per workspace root. */
  private readonly packagesByRoot = new Map<string, Map<string, WorkspacePackage>>();

  constructor(private readonly readText: (path: string) => string | undefined) {}

  /** The workspace package named `name` that `fromFile`'s workspace holds, if any. */
  packageNamed(fromFile: string, name: string): WorkspacePackage | undefined {
    const root = this.rootFor(dirname(fromFile));
    return root === undefined ? undefined : this.packagesOf(root).get(name);
  }

  private rootFor(start: string): string | undefined {
    const visited: string[] = [];
    let found: string | undefined;
    for (let dir = start; ; dir = dirname(dir)) {
      if (this.roots.has(dir)) {
        found = this.roots.get(dir);
        break;
      }
      visited.push(dir);
      if (this.patternsAt(dir)) {
        found = dir;
        break;
      }
      if (dirname(dir) === dir) break;
    }
    for (const dir of visited) this.roots.set(dir, found);
    return found;
  }

  /** The workspace globs declared in `dir`, or undefined when `dir` is no workspace root. */
  private patternsAt(dir: string): string[] | undefined {
    const pnpm = this.readText(join(dir, 'pnpm-workspace.yaml'));
    if (pnpm !== undefined) return pnpmPackages(pnpm);
    const json = parseJsonObject(join(dir, 'package.json'), this.readText(join(dir, 'package.json')));
    const workspaces = json?.workspaces;
    const listed = Array.isArray(workspaces) ? workspaces : isObject(workspaces) ? workspaces.packages : undefined;
    if (Array.isArray(listed)) return listed.filter((p): p is string => typeof p === 'string');
    const lerna = parseJsonObject(join(dir, 'lerna.json'), this.readText(join(dir, 'lerna.json')));
    if (Array.isArray(lerna?.packages)) return lerna.packages.filter((p): p is string => typeof p === 'string');
    return undefined;
  }

  private packagesOf(root: string): Map<string, WorkspacePackage> {
    let packages = this.packagesByRoot.get(root);
    if (packages) return packages;
    packages = new Map();
    this.packagesByRoot.set(root, packages);
    const patterns = this.patternsAt(root) ?? [];
    const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => globRegExp(p.slice(1)));
    const budget = { directories: maxDirectories };
    const dirs = new Set<string>();
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) continue;
      const segments = pattern.replace(/^\.\//, '').split('/').filter(Boolean);
      expand(root, segments, 0, dirs, budget);
    }
    for (const dir of [...dirs].sort()) {
      if (packages.size >= maxPackages) break;
      const path = relative(root, dir).replace(/\\/g, '/');
      if (excluded.some((pattern) => pattern.test(path))) continue;
      const json = parseJsonObject(join(dir, 'package.json'), this.readText(join(dir, 'package.json')));
      const name = stringField(json, 'name');
      if (json && name && !packages.has(name)) packages.set(name, { name, dir, json });
    }
    return packages;
  }
}

/** The `packages:` list of a pnpm-workspace.yaml (a flat YAML list; nothing else in the file matters here). */
function pnpmPackages(text: string): string[] {
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
    else if (inPackages) {
      const item = /^\s+-\s*(['"]?)(.+?)\1\s*(?:#.*)?$/.exec(line);
      if (item) patterns.push(item[2]!);
    }
  }
  return patterns;
}

function subdirectories(dir: string, budget: { directories: number }): string[] {
  if (--budget.directories < 0) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !skippedDirectories.has(e.name))
    .map((e) => join(dir, e.name));
}

/** Every directory matching the glob segments from `index` on, below `dir`. */
function expand(dir: string, segments: string[], index: number, out: Set<string>, budget: { directories: number }) {
  if (budget.directories < 0) return;
  if (index === segments.length) {
    out.add(dir);
    return;
  }
  const segment = segments[index]!;
  if (segment === '**') {
    const walk = (current: string, depth: number) => {
      expand(current, segments, index + 1, out, budget);
      if (depth < maxGlobStarDepth) for (const child of subdirectories(current, budget)) walk(child, depth + 1);
    };
    walk(dir, 0);
    return;
  }
  if (!segment.includes('*')) {
    expand(join(dir, segment), segments, index + 1, out, budget);
    return;
  }
  const matcher = globRegExp(segment);
  for (const child of subdirectories(dir, budget))
    if (matcher.test(child.slice(dir.length + 1))) expand(child, segments, index + 1, out, budget);
}

/** A workspace glob as a regular expression over `/`-separated relative paths (`**` spans directories). */
function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    // `dir/**` covers `dir` itself as well as everything below it.
    .replace(/\/\*\*$/, '')
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part === '**/'
        ? '(?:.*/)?'
        : part === '**'
          ? '.*'
          : part === '*'
            ? '[^/]*'
            : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}
