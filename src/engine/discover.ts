/**
 * File discovery: explicit files, directories and globs; `.gitignore` / `.obslintignore` from the repository root
 * down; default ignores; symlink loops; size, binary and minified-file limits. Output is sorted.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { UsageError } from '../config/errors.js';
import { codeExtensions, languageOf } from '../languages/index.js';

const declarationFile = /\.d\.[mc]?ts$/;
const configExtension = /\.ya?ml$/i;
/** Never entered: dependencies and VCS data. */
const defaultIgnoredDirectories = new Set(['node_modules', '.git', 'vendor', 'bower_components']);
/** Build output: its code is generated, but rule files published from there (e.g. `dist/rules/*.yml`) are real. */
const buildOutputDirectories = new Set(['dist', 'build', 'coverage', '.next', '.turbo', 'out']);
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
  skipped: { file: string; reason: string }[];
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

class IgnoreFiles {
  private readonly cache = new Map<string, Ignore | null>();

  private forDir(dir: string): Ignore | null {
    if (this.cache.has(dir)) return this.cache.get(dir)!;
    let rules: Ignore | null = null;
    for (const name of ['.gitignore', '.obslintignore']) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      try {
        rules ??= ignore();
        rules.add(readFileSync(file, 'utf8'));
      } catch {
        // An unreadable ignore file ignores nothing; discovery goes on.
      }
    }
    this.cache.set(dir, rules);
    return rules;
  }

  /** Is `path` ignored by an ignore file in any directory from `top` down to the path's parent? */
  ignores(path: string, isDirectory: boolean, top: string): boolean {
    let dir = dirname(path);
    const chain: string[] = [];
    for (;;) {
      chain.push(dir);
      if (dir === top || dirname(dir) === dir) break;
      dir = dirname(dir);
    }
    for (const base of chain) {
      const rules = this.forDir(base);
      if (!rules) continue;
      const rel = relative(base, path).split(sep).join('/');
      if (rel && !rel.startsWith('..') && rules.ignores(isDirectory ? `${rel}/` : rel)) return true;
    }
    return false;
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

/** Walks directories once each (symlink loops end), honouring ignore files, config ignores and build folders. */
class DirectoryWalker {
  readonly ignoreFiles = new IgnoreFiles();
  readonly visitedDirs = new Set<string>();

  constructor(
    private readonly options: DiscoveryOptions,
    private readonly skipped: DiscoveryResult['skipped'],
  ) {}

  consider(file: string, explicit: boolean, top: string, sink: Map<string, FileKind>, configOnly = false): void {
    const kind = fileKind(file);
    if (!kind || (configOnly && kind !== 'config')) return;
    if (!explicit && minifiedName.test(file)) return;
    if (this.options.isIgnoredByConfig(file)) return;
    if (!explicit && this.ignoreFiles.ignores(file, false, top)) return;
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
      this.skipped.push({
        file: dir,
        reason: `cannot read directory: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stats = statSync(path);
          isDirectory = stats.isDirectory();
          isFile = stats.isFile();
        } catch {
          continue; // a dangling symlink is not a file to lint
        }
      }
      if (isDirectory) {
        if (defaultIgnoredDirectories.has(entry.name)) continue;
        if (this.options.isIgnoredByConfig(path) || this.ignoreFiles.ignores(path, true, top)) continue;
        this.walk(path, top, sink, configOnly || buildOutputDirectories.has(entry.name));
      } else if (isFile) this.consider(path, false, top, sink, configOnly);
    }
  }
}

/** One path argument: a file, a directory, or a glob (which must match something). */
function expandInput(
  input: string,
  options: DiscoveryOptions,
  walker: DirectoryWalker,
  found: Map<string, FileKind>,
  skipped: DiscoveryResult['skipped'],
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
  if (existsSync(base)) walker.walk(base, findGitRoot(base) ?? base, candidates);
  let matched = 0;
  for (const [file, kind] of candidates) {
    if (!isMatch(relative(base, file).split(sep).join('/'))) continue;
    found.set(file, kind);
    matched++;
  }
  if (matched === 0) throw new UsageError(`no files matching the pattern '${input}'`);
}

/** Reads the files found, in path order; too large, unreadable, binary and minified files become notes. */
function readFound(
  found: Map<string, FileKind>,
  maxFileSize: number,
  skipped: DiscoveryResult['skipped'],
): DiscoveredFile[] {
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
  const skipped: DiscoveryResult['skipped'] = [];
  const walker = new DirectoryWalker(options, skipped);
  const found = new Map<string, FileKind>();
  for (const input of paths) expandInput(input, options, walker, found, skipped);
  return { files: readFound(found, options.maxFileSize ?? defaultMaxFileSize, skipped), skipped };
}
