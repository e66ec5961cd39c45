/**
 * The source files of one package, for facts that need the whole package rather than the linted files (duplicate
 * metric names, which service methods controllers call): sorted, without dependencies, build output or tests, so
 * the answer never depends on which file is linted first. Build output is what discovery also skips
 * (output-directories.ts), so a source folder named `build/` counts here as it is linted there.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { outputDirectoryReason, tsconfigOutDirs } from './output-directories.js';

const sourceFile = /\.(?:[cm]?[jt]sx?)$/;
/** Dependencies and generated code; build output is judged by its contents (output-directories.ts). */
const skippedDirectories = new Set(['node_modules', 'vendor', 'tmp', 'generated', '__generated__']);
const testPath =
  /(^|[/\\])(test|tests|__tests__|__mocks__|spec|e2e|fixtures?|testing)([/\\]|$)|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;
const maxFiles = 20000;

export function isTestPath(path: string): boolean {
  return testPath.test(path);
}

/** Is `path` a test file of the package rooted at `root` (judged below the root, so a package may live in fixtures/)? */
export function isTestFileOf(root: string, path: string): boolean {
  return isTestPath(relative(root, path));
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function listSources(root: string): string[] {
  const files: string[] = [];
  let outDirs: Set<string> | undefined;
  const isOutput = (dir: string) => {
    outDirs ??= new Set(tsconfigOutDirs(root, readdirSafe(root)));
    return outputDirectoryReason(dir, outDirs) !== undefined;
  };
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= maxFiles) return;
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirectories.has(entry.name) && !isOutput(path)) walk(path);
      } else if (
        entry.isFile() &&
        sourceFile.test(entry.name) &&
        !entry.name.endsWith('.d.ts') &&
        !isTestFileOf(root, path)
      )
        files.push(path);
    }
  };
  walk(root);
  return files;
}
