/**
 * Diff mode: report only what a change introduced. The changed lines come from real `git` (`--new-from-rev`,
 * `--new-from-merge-base`: the working tree, staged and unstaged, against that commit, plus untracked files) or from
 * a unified diff (`--new-from-patch`, e.g. a pull request's patch).
 *
 * A finding is new when its own line, or a line it names as the cause (a related location such as the leaking
 * `return`), was added or changed; with `wholeFiles`, any finding in a changed file is new. Findings that are
 * obslint's own internal errors are never hidden.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FileResult, Finding } from '../findings.js';
import { UsageError } from '../config/errors.js';

/** Lines added or changed per repository-relative POSIX path; `'all'` for a file that is new as a whole. */
export type ChangedFiles = Map<string, Set<number> | 'all'>;

export interface ChangeSet {
  /** The directory the paths are relative to (the repository root, resolved). */
  root: string;
  files: ChangedFiles;
  /** What the change is measured against, for messages and the job summary. */
  since: string;
  /** Everything is new: `HEAD` in a repository without commits yet (the first pre-commit run). */
  everything?: boolean;
}

export type DiffSource =
  { kind: 'rev'; rev: string } | { kind: 'merge-base'; rev: string } | { kind: 'patch'; file: string };

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new UsageError('diff mode needs `git` on the PATH');
    const detail = String(failure.stderr ?? failure.message)
      .trim()
      .split('\n')[0];
    throw new UsageError(
      `git ${args
        .filter((arg) => !arg.startsWith('-'))
        .slice(0, 2)
        .join(' ')} failed: ${detail}`,
    );
  }
}

function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** The repository that contains `cwd`, or undefined outside a git work tree. */
export function repositoryRootOf(cwd: string): string | undefined {
  try {
    return realPath(git(['rev-parse', '--show-toplevel'], cwd).trim());
  } catch {
    return undefined;
  }
}

function commitOf(rev: string, cwd: string): string {
  if (rev.startsWith('-')) throw new UsageError(`'${rev}' is not a git revision`);
  try {
    return git(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], cwd).trim();
  } catch {
    throw new UsageError(
      `'${rev}' is not a commit in this repository (a shallow clone may lack it: fetch it, or check out with fetch-depth: 0)`,
    );
  }
}

/** Undoes git's C-style quoting of unusual path names (`"tab\there"`). */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(simple[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path of a `---`/`+++` line: unquoted, without a trailing timestamp, without git's `a/`/`b/` prefix. */
function diffPath(raw: string, prefix: string): string | undefined {
  let path = raw.startsWith('"') ? unquote(raw.slice(0, raw.lastIndexOf('"') + 1)) : raw.split('\t')[0]!;
  if (path === '/dev/null') return undefined;
  if (path.startsWith(prefix)) path = path.slice(prefix.length);
  return path;
}

/** Added and changed lines (new-side line numbers) per file of a unified diff. */
export function parseUnifiedDiff(text: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  const lines = text.split(/\r?\n/);
  let current: Set<number> | undefined;
  let oldPrefixed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('--- ')) {
      oldPrefixed = line.startsWith('--- a/') || line.startsWith('--- "a/') || line.startsWith('--- /dev/null');
      continue;
    }
    if (line.startsWith('+++ ')) {
      const path = diffPath(line.slice(4), oldPrefixed ? 'b/' : '');
      current = undefined;
      if (path !== undefined) {
        current = files.get(path) ?? new Set<number>();
        files.set(path, current);
      }
      continue;
    }
    if (line.startsWith('rename to ')) {
      const path = unquote(line.slice('rename to '.length));
      if (!files.has(path)) files.set(path, new Set());
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || !current) continue;
    let oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
    let newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
    let newLine = Number(hunk[2]);
    // Counting the hunk's lines (rather than looking at prefixes) keeps an added line such as `++ x` inside it.
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
      const body = lines[++i]!;
      if (body.startsWith('\\')) continue; // "\ No newline at end of file"
      if (body.startsWith('+')) {
        current.add(newLine++);
        newLeft--;
      } else if (body.startsWith('-')) oldLeft--;
      else {
        newLine++;
        newLeft--;
        oldLeft--;
      }
    }
  }
  return files;
}

/** Reads the change set from git or from a patch file. */
export function changeSet(source: DiffSource, cwd: string): ChangeSet {
  if (source.kind === 'patch') {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, source.file), 'utf8');
    } catch {
      throw new UsageError(`cannot read the patch file '${source.file}'`);
    }
    return { root: repositoryRootOf(cwd) ?? realPath(cwd), files: parseUnifiedDiff(text), since: source.file };
  }
  const root = repositoryRootOf(cwd);
  if (!root) throw new UsageError(`--new-from-${source.kind} needs a git repository, and '${cwd}' is not inside one`);
  if (source.rev === 'HEAD' && git(['rev-list', '-n', '1', '--all'], root).trim() === '') {
    return { root, files: new Map(), since: 'the first commit', everything: true };
  }
  let base = commitOf(source.rev, root);
  let since = source.rev;
  if (source.kind === 'merge-base') {
    try {
      base = git(['merge-base', base, 'HEAD'], root).trim();
    } catch {
      throw new UsageError(
        `'${source.rev}' and HEAD have no merge base here (a shallow clone lacks the history: check out with fetch-depth: 0)`,
      );
    }
    since = `${source.rev} (merge base ${base.slice(0, 12)})`;
  }
  const diff = git(
    [
      'diff',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--find-renames',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '-U0',
      base,
      '--',
    ],
    root,
  );
  const files: ChangedFiles = parseUnifiedDiff(diff);
  for (const path of git(['ls-files', '--others', '--exclude-standard', '-z'], root).split('\0')) {
    if (path) files.set(path, 'all');
  }
  return { root, files, since };
}

/** Splits results into what the change introduced (kept) and the rest (hidden). */
export function filterToChanges(
  results: readonly FileResult[],
  changes: ChangeSet,
  options: { wholeFiles?: boolean } = {},
): { results: FileResult[]; hidden: Finding[] } {
  if (changes.everything) return { results: [...results], hidden: [] };
  const keyCache = new Map<string, string | undefined>();
  const keyOf = (file: string): string | undefined => {
    if (!keyCache.has(file)) {
      const path = relative(changes.root, realPath(file));
      keyCache.set(file, path.startsWith('..') || isAbsolute(path) ? undefined : path.split(sep).join('/'));
    }
    return keyCache.get(file);
  };
  const touches = (file: string, line: number): boolean => {
    const key = keyOf(file);
    const changed = key === undefined ? undefined : changes.files.get(key);
    return changed === 'all' || (changed !== undefined && changed.has(line));
  };
  const hidden: Finding[] = [];
  const kept = results.map((result) => {
    const key = keyOf(result.file);
    const changed = key === undefined ? undefined : changes.files.get(key);
    const findings = result.findings.filter((finding) => {
      const isNew =
        finding.internal === true ||
        (changed !== undefined &&
          (options.wholeFiles === true || changed === 'all' || changed.has(finding.start.line))) ||
        (finding.related ?? []).some((related) => touches(related.file ?? result.file, related.start.line));
      if (!isNew) hidden.push(finding);
      return isNew;
    });
    return findings.length === result.findings.length ? result : { ...result, findings };
  });
  return { results: kept, hidden };
}
