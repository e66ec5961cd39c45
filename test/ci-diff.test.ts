/**
 * Diff mode on real git repositories: `--new-from-rev`, `--new-from-merge-base` (a branch whose base moved on),
 * `--new-from-patch`, `--whole-files`, uncommitted and untracked work, and a finding that is new because the line
 * it names as the cause (the leaking early return) was added.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../src/engine/diff-filter.js';
import { allRules } from '../rules/index.js';
import {
  cleanFunction,
  commitAll,
  git,
  leakyFunction,
  onlyRulesConfig,
  tempDir,
  tempGitRepo,
  tracerPreamble,
  write,
  removeTempDirs,
  runForSpans,
} from './helpers/git-project.js';

afterAll(removeTempDirs);

const allIds = allRules.map((rule) => rule.meta.id);

const run = runForSpans;

const guardedBefore = `
export function guarded(input: string) {
  const span = tracer.startSpan('guarded');
  const value = input.trim();
  span.end();
  return value;
}
`;
// The branch adds an early return: the span's line is unchanged, the line that leaks it is new.
const guardedAfter = guardedBefore.replace(
  '  const value = input.trim();\n',
  "  const value = input.trim();\n  if (value === '') {\n    return '';\n  }\n",
);

describe('diff mode on a real git repository', () => {
  let repo: string;
  let base: string;
  let feature: string;

  beforeAll(() => {
    repo = tempGitRepo();
    write(repo, 'obslint.config.json', onlyRulesConfig(allIds, { 'require-span-end': 'error' }));
    write(
      repo,
      'src/orders.ts',
      `${tracerPreamble}${leakyFunction('oldLeak')}${cleanFunction('fine')}${guardedBefore}`,
    );
    write(repo, 'src/shared.ts', `${tracerPreamble}${leakyFunction('sharedLeak')}`);
    base = commitAll(repo, 'base: one old leak in each file');

    // The feature branch: a new leak, a new early return, nothing else.
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    write(
      repo,
      'src/orders.ts',
      `${tracerPreamble}${leakyFunction('oldLeak')}${cleanFunction('fine')}${guardedAfter}${leakyFunction('newLeak')}`,
    );
    feature = commitAll(repo, 'feature: new leak and an early return');

    // Meanwhile main fixes the shared leak: a diff against main's tip would make the old leak look new on the branch.
    git(repo, 'checkout', '--quiet', 'main');
    write(repo, 'src/shared.ts', `${tracerPreamble}${cleanFunction('sharedFixed')}`);
    commitAll(repo, 'main: replace the leaking shared function');
    git(repo, 'checkout', '--quiet', 'feature');
  });

  it('without diff mode every finding is reported', async () => {
    expect((await run(repo, [])).spans).toEqual(['guarded', 'newLeak', 'oldLeak', 'sharedLeak']);
  });

  it('--new-from-merge-base reports only what the branch introduced, including the leak caused by a new line', async () => {
    const result = await run(repo, ['--new-from-merge-base', 'main']);
    expect(result.spans).toEqual(['guarded', 'newLeak']);
    expect(result.code).toBe(1);
    expect(git(repo, 'merge-base', 'main', 'HEAD').trim()).toBe(base);
  });

  it('--new-from-rev against the moved-on base also counts the base branch’s own changes as changed', async () => {
    expect((await run(repo, ['--new-from-rev', 'main'])).spans).toEqual(['guarded', 'newLeak', 'sharedLeak']);
    expect((await run(repo, ['--new-from-rev', base])).spans).toEqual(['guarded', 'newLeak']);
  });

  it('--whole-files reports everything in the files the change touched, and nothing elsewhere', async () => {
    expect((await run(repo, ['--new-from-merge-base', 'main', '--whole-files'])).spans).toEqual([
      'guarded',
      'newLeak',
      'oldLeak',
    ]);
  });

  it('--new-from-patch reads a unified diff (as a pull request provides)', async () => {
    const patchDir = tempDir();
    writeFileSync(join(patchDir, 'pr.patch'), git(repo, 'diff', base, feature));
    expect((await run(repo, ['--new-from-patch', join(patchDir, 'pr.patch')])).spans).toEqual(['guarded', 'newLeak']);
  });

  it('--new-from-rev HEAD sees uncommitted and untracked work; a clean tree reports nothing and exits 0', async () => {
    const clean = await run(repo, ['--new-from-rev', 'HEAD']);
    expect(clean).toMatchObject({ code: 0, spans: [] });
    const original = git(repo, 'show', 'HEAD:src/orders.ts');
    write(repo, 'src/orders.ts', `${original}${leakyFunction('wip')}`);
    write(repo, 'src/brand-new.ts', `${tracerPreamble}${leakyFunction('untracked')}`);
    try {
      expect((await run(repo, ['--new-from-rev', 'HEAD'])).spans).toEqual(['untracked', 'wip']);
      // Linting a sub-directory: paths still line up with the repository-relative diff.
      expect((await run(join(repo, 'src'), ['--new-from-rev', 'HEAD'])).spans).toEqual(['untracked', 'wip']);
    } finally {
      git(repo, 'checkout', '--quiet', '--', 'src/orders.ts');
      git(repo, 'clean', '--quiet', '-f', 'src/brand-new.ts');
    }
  });

  it('in a repository without commits, --new-from-rev HEAD treats everything as new (a first pre-commit run)', async () => {
    const fresh = tempGitRepo();
    write(fresh, 'obslint.config.json', onlyRulesConfig(allIds, { 'require-span-end': 'error' }));
    write(fresh, 'a.ts', `${tracerPreamble}${leakyFunction('first')}`);
    expect((await run(fresh, ['--new-from-rev', 'HEAD'])).spans).toEqual(['first']);
  });

  it('usage errors exit 2 with one clear line', async () => {
    const unknown = await run(repo, ['--new-from-rev', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/'no-such-branch' is not a commit in this repository/);
    expect((await run(repo, ['--whole-files'])).stderr).toMatch(/--whole-files needs --new-from-rev/);
    expect((await run(repo, ['--new-from-rev', 'HEAD', '--new-from-merge-base', 'main'])).stderr).toMatch(
      /only one of/,
    );
    const outside = tempDir();
    write(outside, 'a.ts', `${tracerPreamble}${leakyFunction('x')}`);
    const noRepo = await run(outside, ['--new-from-rev', 'HEAD', '--rule', 'require-span-end:error']);
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toMatch(/needs a git repository/);
  });
});

describe('parseUnifiedDiff', () => {
  it('takes the new-side line numbers of added lines, across hunks and files, and skips deleted files', () => {
    const patch = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1..2 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,3 +1,4 @@',
      ' keep',
      '-old',
      '+new one',
      '+++ looks like a header but is an added line',
      ' keep',
      '@@ -10 +11,0 @@',
      '-gone',
      '@@ -20,0 +21,2 @@ function x() {',
      '+a',
      '+b',
      '\\ No newline at end of file',
      'diff --git a/gone.ts b/gone.ts',
      'deleted file mode 100644',
      '--- a/gone.ts',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git "a/sp ace\\303\\251.ts" "b/sp ace\\303\\251.ts"',
      '--- "a/sp ace\\303\\251.ts"',
      '+++ "b/sp ace\\303\\251.ts"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/old.ts b/renamed.ts',
      'similarity index 100%',
      'rename from old.ts',
      'rename to renamed.ts',
      '',
    ].join('\n');
    const files = parseUnifiedDiff(patch);
    expect([...files.keys()]).toEqual(['src/a.ts', 'sp aceé.ts', 'renamed.ts']);
    expect([...files.get('src/a.ts')!]).toEqual([2, 3, 21, 22]);
    expect([...files.get('sp aceé.ts')!]).toEqual([1]);
    expect(files.get('renamed.ts')!.size).toBe(0);
  });

  it('reads diffs without git prefixes (diff -u)', () => {
    const files = parseUnifiedDiff(
      '--- src/a.ts\t2024-01-01 00:00:00\n+++ src/a.ts\t2024-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n',
    );
    expect([...files.get('src/a.ts')!]).toEqual([1]);
  });
});
