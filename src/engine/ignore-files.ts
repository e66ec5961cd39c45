/**
 * `.gitignore` and `.obslintignore` files, read from the repository root down to a path's folder, with git's
 * precedence: the deepest file with a verdict on the path wins, so a nested `!build/` re-includes what the root's
 * `build/` excluded. Git itself is never run; tracked files, which ignore patterns do not apply to, are the
 * caller's business (git-index.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface IgnoreFile {
  path: string;
  rules: Ignore;
}

/** Within one folder `.obslintignore` speaks last, so it can re-include what `.gitignore` excludes. */
const ignoreFileNames = ['.obslintignore', '.gitignore'];

export class IgnoreFiles {
  private readonly cache = new Map<string, IgnoreFile[]>();

  private forDir(dir: string): IgnoreFile[] {
    let files = this.cache.get(dir);
    if (files) return files;
    files = [];
    for (const name of ignoreFileNames) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      try {
        files.push({ path, rules: ignore().add(readFileSync(path, 'utf8')) });
      } catch {
        // An unreadable ignore file ignores nothing; discovery goes on.
      }
    }
    this.cache.set(dir, files);
    return files;
  }

  private readonly folderVerdicts = new Map<string, string | undefined>();

  /** The ignore file that excludes `path` (looking from `top` down to the path's folder), or undefined. */
  ignoredBy(path: string, isDirectory: boolean, top: string): string | undefined {
    if (isDirectory && this.folderVerdicts.has(path)) return this.folderVerdicts.get(path);
    const verdict = this.verdict(path, isDirectory, top);
    if (isDirectory) this.folderVerdicts.set(path, verdict);
    return verdict;
  }

  private verdict(path: string, isDirectory: boolean, top: string): string | undefined {
    let dir = dirname(path);
    for (;;) {
      for (const file of this.forDir(dir)) {
        const rel = relative(dir, path).split(sep).join('/');
        if (!rel || rel.startsWith('..')) continue;
        const verdict = file.rules.test(isDirectory ? `${rel}/` : rel);
        if (verdict.unignored) return undefined;
        if (!verdict.ignored) continue;
        // A pattern for a parent folder (`dist/`) also matches what is in it. When a deeper file re-included that
        // folder (`!dist/`), the match no longer holds, as in git.
        const parent = posix.dirname(rel);
        if (parent !== '.' && file.rules.ignores(`${parent}/`) && !this.ignoredBy(dirname(path), true, top)) continue;
        return file.path;
      }
      if (dir === top || dirname(dir) === dir) return undefined;
      dir = dirname(dir);
    }
  }
}
