/**
 * Files at the root of a package that the deployed service never runs. When a package names how it starts — its
 * Dockerfile's `CMD`/`ENTRYPOINT` or its `start` script runs `node server.js` — a code file beside that entry that
 * no module of the package imports is a tool run by hand (a test client, a one-off job): it is not the service, so
 * it is a script. Only the package root is judged, and only when the entry is explicit: frameworks that load files
 * by convention (routes, pages, handlers) keep them in folders, never beside a `node x.js` entry.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { listSources } from './package-sources.js';

const codeFile = /\.(?:[cm]?[jt]s)$/;
/** `node server.js`, `node --require x ./dist/index.js` in a command line or an exec-form JSON array. */
const nodeEntry =
  /\bnode["',\s]+(?:--?[\w-]+(?:[=\s"',]+[^\s"',\]]+)?[\s"',]+)*["']?(\.{0,2}\/?[\w@./-]+\.[cm]?[jt]s)\b/g;
/** Beyond this many sources the import check costs more than it is worth: nothing is judged. */
const maxSources = 2000;

function entryPoints(dir: string, scripts: Record<string, unknown>): Set<string> {
  const commands: string[] = [];
  const dockerfile = join(dir, 'Dockerfile');
  if (existsSync(dockerfile)) {
    try {
      for (const line of readFileSync(dockerfile, 'utf8').split('\n'))
        if (/^\s*(CMD|ENTRYPOINT)\b/i.test(line)) commands.push(line);
    } catch {
      // An unreadable Dockerfile names no entry.
    }
  }
  if (typeof scripts.start === 'string') commands.push(scripts.start);
  const entries = new Set<string>();
  for (const command of commands)
    for (const match of command.matchAll(nodeEntry)) {
      const source = sourceOnDisk(resolve(dir, match[1]!), dir);
      // An entry whose source cannot be found (built elsewhere, renamed by a bundler) says nothing about which
      // files it runs: then no file is judged.
      if (!source) return new Set();
      entries.add(source);
    }
  return entries;
}

/** The file an entry runs, or its source (`dist/index.js` → `dist/index.ts`, `index.ts` or `src/index.ts`). */
function sourceOnDisk(entry: string, dir: string): string | undefined {
  const relativeEntry = entry.slice(dir.length + 1);
  const outside = relativeEntry.replace(/^(dist|build|lib|out)\//, '');
  for (const stem of [relativeEntry, outside, `src/${outside}`])
    for (const candidate of [stem, ...['.ts', '.mts', '.cts', '.js'].map((ext) => stem.replace(codeFile, ext))])
      if (existsSync(join(dir, candidate))) return join(dir, candidate);
  return undefined;
}

/** Root code files of the package at `dir` that are neither its entry nor imported by any of its modules. */
export function handRunRootFiles(dir: string, scripts: Record<string, unknown>): string[] {
  const entries = entryPoints(dir, scripts);
  if (entries.size === 0) return [];
  let rootFiles: string[];
  try {
    rootFiles = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && codeFile.test(entry.name) && !entry.name.endsWith('.d.ts'))
      .map((entry) => join(dir, entry.name))
      .filter((path) => !entries.has(path));
  } catch {
    return [];
  }
  if (rootFiles.length === 0) return [];
  const sources = listSources(dir);
  if (sources.length > maxSources) return [];
  const texts = sources.map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  });
  return rootFiles.filter((path) => {
    const stem = basename(path).replace(codeFile, '');
    const specifier = new RegExp(`['"\`]\\.{1,2}/(?:[^'"\`]*/)?${escapeRegExp(stem)}(?:\\.[cm]?[jt]s)?['"\`]`);
    return !texts.some((text, index) => sources[index] !== path && specifier.test(text));
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
