/**
 * File discovery: explicit files, directories and globs; `.gitignore` / `.obslintignore` from the repository root
 * down, except for what git tracks (read from its index); default ignores; build output (output-directories.ts: a folder is output by what it holds, not by its name);
 * symlink loops and symlinks out of the tree; size, binary and minified-file limits. Output is sorted.
 *
 * Whatever is not linted is said: every skipped file or folder (except node_modules and .git, which nobody expects
 * to be linted) is in `skipped` with its reason, and every reporter shows it.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../config/errors.js';
import { codeExtensions, languageOf } from '../languages/index.js';
import type { SkippedPath } from '../findings.js';
import { outputDirectoryReason, tsconfigOutDirs } from '../analysis/modules/output-directories.js';
import { IgnoreFiles } from './ignore-files.js';
import { trackedPaths } from './git-index.js';

const declarationFile = /\.d\.[mc]?ts$/;
const configExtension = /\.ya?ml$/i;
/** Never entered, and not worth a note: installed dependencies and VCS data. */
const silentlyIgnoredDirectories = new Set(['node_modules', '.git']);
/** Never entered: vendored dependencies (noted as skipped). */
const vendoredDirectories = new Set(['vendor', 'bower_components']);
const minifiedName = /[.-]min\.[cm]?js$|\.bundle\.[cm]?js$/;

export const defaultMaxFileSize = 1024 * 1024;

export type FileKind = 'code' | 'config';

export interface DiscoveredFile {
  path: string;
  kind: FileKind;
  text: string;
}

export interface DiscoveryOptions {
  cwd: string;
  /** Ignores from obslint configuration (`ignores`). */
  isIgnoredByConfig(file: string): boolean;
  maxFileSize?: number;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedPath[];
}

export function fileKind(path: string): FileKind | undefined {
  if (declarationFile.test(path)) return undefined;
  if (languageOf(path)) return 'code';
  if (configExtension.test(path)) return 'config';
  return undefined;
}

function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

function findGitRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function looksBinary(buffer: Buffer): boolean {
  const length = Math.min(buffer.length, 8000);
  for (let i = 0; i < length; i++) if (buffer[i] === 0) return true;
  return false;
}

function looksMinified(text: string): boolean {
  if (text.length < 4000) return false;
  const lines = text.split('\n').length;
  return text.length / lines > 500;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

/**
 * Walks directories once each (symlink loops end), honouring ignore files, config ignores and build output. Build
 * output is walked for YAML only: its code is generated, but rule files published from it (`dist/rules/*.yml`) are real.
 */
class DirectoryWalker {
  readonly ignoreFiles = new IgnoreFiles();
  readonly visitedDirs = new Set<string>();
  /** Folders the tsconfigs seen so far write to (`outDir`, `declarationDir`). */
  private readonly outDirs = new Set<string>();

  constructor(
    private readonly options: DiscoveryOptions,
    private readonly skipped: SkippedPath[],
  ) {}

  private skip(file: string, reason: string, directory = false): void {
    this.skipped.push(directory ? { file, reason, directory } : { file, reason });
  }

  private shown(path: string): string {
    return relative(this.options.cwd, path).split(sep).join('/') || path;
  }

  /** Why config ignores or an ignore file exclude `path`, or undefined. */
  private ignoreReason(path: string, isDirectory: boolean, top: string, explicit: boolean): string | undefined {
    if (this.options.isIgnoredByConfig(path)) return 'ignored by the configuration (`ignores`)';
    if (explicit) return undefined;
    const by = this.ignoreFiles.ignoredBy(path, isDirectory, top);
    if (!by) return undefined;
    // Ignore patterns do not apply to what git tracks: a committed folder the patterns match is source.
    const tracked = trackedPaths(top);
    const rel = relative(top, path).split(sep).join('/');
    if (tracked && (isDirectory ? tracked.folders : tracked.files).has(rel)) return undefined;
    return `ignored by ${this.shown(by)}`;
  }

  consider(file: string, explicit: boolean, top: string, sink: Map<string, FileKind>, configOnly = false): void {
    const kind = fileKind(file);
    if (!kind || (configOnly && kind !== 'config')) return;
    if (!explicit && minifiedName.test(file)) return this.skip(file, 'minified (by its name)');
    const ignored = this.ignoreReason(file, false, top, explicit);
    if (ignored) return this.skip(file, ignored);
    sink.set(file, kind);
  }

  walk(dir: string, top: string, sink: Map<string, FileKind>, configOnly = false): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (this.visitedDirs.has(real)) return; // symlink loop or a directory reached twice
    this.visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.skip(dir, `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const fileNames = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    for (const outDir of tsconfigOutDirs(dir, fileNames)) this.outDirs.add(outDir);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stats = statSync(path);
          isDirectory = stats.isDirectory();
          isFile = stats.isFile();
          const target = realpathSync(path);
          if (!isInside(target, realpathSync(top))) {
            if (isDirectory || fileKind(path)) this.skip(path, `a symlink out of the linted tree (to ${target})`);
            continue;
          }
        } catch {
          if (fileKind(path)) this.skip(path, 'a dangling symlink');
          continue;
        }
      }
      if (isDirectory) this.enter(path, entry.name, top, sink, configOnly);
      else if (isFile) this.consider(path, false, top, sink, configOnly);
    }
  }

  private enter(path: string, name: string, top: string, sink: Map<string, FileKind>, configOnly: boolean): void {
    if (silentlyIgnoredDirectories.has(name)) return;
    if (vendoredDirectories.has(name)) return configOnly ? undefined : this.skip(path, 'vendored dependencies', true);
    const ignored = this.ignoreReason(path, true, top, false);
    if (ignored) return configOnly ? undefined : this.skip(path, ignored, true);
    const output = configOnly ? undefined : outputDirectoryReason(path, this.outDirs);
    if (output) this.skip(path, output, true);
    this.walk(path, top, sink, configOnly || output !== undefined);
  }
}

/** One path argument: a file, a directory, or a glob (which must match something). */
function expandInput(
  input: string,
  options: DiscoveryOptions,
  walker: DirectoryWalker,
  found: Map<string, FileKind>,
  skipped: SkippedPath[],
): void {
  const absolute = resolve(options.cwd, input);
  if (existsSync(absolute)) {
    const top = findGitRoot(absolute) ?? absolute;
    const stats = statSync(absolute);
    if (stats.isDirectory()) walker.walk(absolute, top, found);
    else if (fileKind(absolute)) walker.consider(absolute, true, top, found);
    else if (declarationFile.test(absolute))
      skipped.push({ file: absolute, reason: 'a declaration file (.d.ts) has no code to lint' });
    else
      throw new UsageError(
        `'${input}' is not a file obslint can lint (code: ${codeExtensions.join(' ')}; config: .yaml .yml)`,
      );
    return;
  }
  if (!isGlob(input)) throw new UsageError(`no such file or directory: '${input}'`);
  const scan = picomatch.scan(input);
  const base = resolve(options.cwd, scan.base || '.');
  const isMatch = picomatch(scan.glob || '**');
  const candidates = new Map<string, FileKind>();
  walker.visitedDirs.clear();
  const skippedBefore = skipped.length;
  if (existsSync(base)) walker.walk(base, findGitRoot(base) ?? base, candidates);
  // Files the pattern does not match were never asked for: only their folders (which may hold matches) are notes.
  const walkSkips = skipped.splice(skippedBefore);
  skipped.push(
    ...walkSkips.filter((skip) => skip.directory || isMatch(relative(base, skip.file).split(sep).join('/'))),
  );
  let matched = 0;
  for (const [file, kind] of candidates) {
    if (!isMatch(relative(base, file).split(sep).join('/'))) continue;
    found.set(file, kind);
    matched++;
  }
  if (matched === 0) throw new UsageError(`no files matching the pattern '${input}'`);
}

/** Reads the files found, in path order; too large, unreadable, binary and minified files become notes. */
function readFound(found: Map<string, FileKind>, maxFileSize: number, skipped: SkippedPath[]): DiscoveredFile[] {
  const files: DiscoveredFile[] = [];
  for (const [path, kind] of [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let buffer: Buffer;
    try {
      const size = statSync(path).size;
      if (size > maxFileSize) {
        skipped.push({
          file: path,
          reason: `larger than ${maxFileSize} bytes (${size}); raise settings.maxFileSize to lint it`,
        });
        continue;
      }
      buffer = readFileSync(path);
    } catch (error) {
      skipped.push({
        file: path,
        reason: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      continue;
    }
    if (looksBinary(buffer)) {
      skipped.push({ file: path, reason: 'binary content' });
      continue;
    }
    const text = buffer.toString('utf8');
    if (kind === 'code' && looksMinified(text)) {
      skipped.push({ file: path, reason: 'looks minified or generated (very long lines)' });
      continue;
    }
    files.push({ path, kind, text });
  }
  return files;
}

export function discover(paths: readonly string[], options: DiscoveryOptions): DiscoveryResult {
  const skipped: SkippedPath[] = [];
  const walker = new DirectoryWalker(options, skipped);
  const found = new Map<string, FileKind>();
  for (const input of paths) expandInput(input, options, walker, found, skipped);
  const files = readFound(found, options.maxFileSize ?? defaultMaxFileSize, skipped);
  // One note per path, and none for a file another argument named explicitly (it was linted after all).
  const linted = new Set(files.map((file) => file.path));
  const unique = new Map(skipped.filter((skip) => !linted.has(skip.file)).map((skip) => [skip.file, skip]));
  return { files, skipped: [...unique.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}
