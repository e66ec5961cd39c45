/**
 * The baseline (`obslint-suppressions.json`) on real git repositories: record, absorb, a rising count reports
 * again, entries that no longer occur fail with exit 2 (unless allowed or pruned), subsets of files, a custom
 * location, and the baseline combined with diff mode on a branch.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { allRules } from '../rules/index.js';
import {
  cleanFunction,
  commitAll,
  git,
  leakyFunction,
  tempGitRepo,
  tracerPreamble,
  write,
  removeTempDirs,
  runForSpans,
} from './helpers/git-project.js';

afterAll(removeTempDirs);

const allIds = allRules.map((rule) => rule.meta.id);

const run = runForSpans;

const baselineOf = (repo: string, file = 'obslint-suppressions.json') =>
  JSON.parse(readFileSync(join(repo, file), 'utf8')) as unknown;

describe('baseline (suppressions file) on a real git repository', () => {
  let repo: string;

  beforeEach(() => {
    repo = tempGitRepo();
    const config = {
      root: true,
      rules: Object.fromEntries(allIds.map((id) => [id, id === 'require-span-end' ? 'error' : 'off'])),
      overrides: [{ files: ['src/legacy/**'], rules: { 'require-span-end': 'warn' } }],
    };
    write(repo, 'obslint.config.json', JSON.stringify(config, null, 2));
    write(repo, 'src/a.ts', `${tracerPreamble}${leakyFunction('a1')}${leakyFunction('a2')}`);
    write(repo, 'src/b.ts', `${tracerPreamble}${leakyFunction('b1')}`);
    write(repo, 'src/legacy/c.ts', `${tracerPreamble}${leakyFunction('c1')}`);
    commitAll(repo, 'a service with old leaks');
  });

  async function adopt(): Promise<void> {
    const adopted = await run(repo, ['--suppress-all']);
    // Errors are absorbed; the warning is never suppressed and does not fail the run.
    expect(adopted).toMatchObject({ code: 0, spans: ['c1 (warning)'] });
    expect(adopted.stderr).toContain('obslint: wrote obslint-suppressions.json: 3 suppressed errors in 2 files');
    commitAll(repo, 'adopt obslint with a baseline');
  }

  it('--suppress-all records error counts per file and rule, in ESLint’s shape, and later runs absorb them', async () => {
    await adopt();
    expect(baselineOf(repo)).toEqual({
      'src/a.ts': { 'require-span-end': { count: 2 } },
      'src/b.ts': { 'require-span-end': { count: 1 } },
    });
    expect(readFileSync(join(repo, 'obslint-suppressions.json'), 'utf8')).toMatch(/^\{\n {2}"src\/a\.ts": \{\n/);
    expect(await run(repo, [])).toMatchObject({ code: 0, spans: ['c1 (warning)'] });
  });

  it('a count that rises reports every finding of that rule in that file again', async () => {
    await adopt();
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    write(repo, 'src/a.ts', `${tracerPreamble}${leakyFunction('a1')}${leakyFunction('a2')}${leakyFunction('a3')}`);
    commitAll(repo, 'feature: one more leak');
    expect(await run(repo, [])).toMatchObject({ code: 1, spans: ['a1', 'a2', 'a3', 'c1 (warning)'] });
  });

  it('with diff mode on a branch, only the new finding is reported (baseline first, then the merge-base diff)', async () => {
    await adopt();
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    write(repo, 'src/a.ts', `${tracerPreamble}${leakyFunction('a1')}${leakyFunction('a2')}${leakyFunction('a3')}`);
    commitAll(repo, 'feature: one more leak');
    git(repo, 'checkout', '--quiet', 'main');
    write(repo, 'README.md', 'main moves on\n');
    commitAll(repo, 'main: unrelated');
    git(repo, 'checkout', '--quiet', 'feature');
    expect(await run(repo, ['--new-from-merge-base', 'main'])).toMatchObject({ code: 1, spans: ['a3'] });
  });

  it('suppressions that no longer occur fail with exit 2, unless allowed; --prune-suppressions removes them', async () => {
    await adopt();
    git(repo, 'checkout', '--quiet', '-b', 'fix-b');
    write(repo, 'src/b.ts', `${tracerPreamble}${cleanFunction('b1')}`);
    commitAll(repo, 'fix the leak in b');

    const stale = await run(repo, []);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain(
      'obslint-suppressions.json has suppressions that no longer occur; run with --prune-suppressions',
    );
    expect(stale.stderr).toContain('src/b.ts: require-span-end (1 no longer occurring)');

    const allowed = await run(repo, ['--pass-on-unpruned-suppressions']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('warning: obslint-suppressions.json has suppressions that no longer occur');

    // Linting only a.ts says nothing about b.ts.
    expect((await run(repo, ['src/a.ts'])).code).toBe(0);

    const pruned = await run(repo, ['--prune-suppressions']);
    expect(pruned.code).toBe(0);
    expect(baselineOf(repo)).toEqual({ 'src/a.ts': { 'require-span-end': { count: 2 } } });
    expect(git(repo, 'status', '--porcelain')).toBe(' M obslint-suppressions.json\n');
  });

  it('a count that falls is stale too, and pruning lowers it', async () => {
    await adopt();
    write(repo, 'src/a.ts', `${tracerPreamble}${leakyFunction('a1')}${cleanFunction('a2')}`);
    expect((await run(repo, [])).stderr).toContain('src/a.ts: require-span-end (1 no longer occurring)');
    await run(repo, ['--prune-suppressions']);
    expect(baselineOf(repo)).toEqual({
      'src/a.ts': { 'require-span-end': { count: 1 } },
      'src/b.ts': { 'require-span-end': { count: 1 } },
    });
  });

  it('entries for a deleted file are stale and pruned', async () => {
    await adopt();
    git(repo, 'rm', '--quiet', 'src/b.ts');
    commitAll(repo, 'delete b');
    expect((await run(repo, [])).stderr).toContain('src/b.ts: require-span-end (1 no longer occurring)');
    expect((await run(repo, ['--prune-suppressions'])).code).toBe(0);
    expect(baselineOf(repo)).toEqual({ 'src/a.ts': { 'require-span-end': { count: 2 } } });
  });

  it('--suppress-rule records one rule; --suppressions-location keeps the file elsewhere', async () => {
    const result = await run(repo, [
      '--suppress-rule',
      'require-span-end',
      '--suppressions-location',
      'ci/obslint-baseline.json',
    ]);
    expect(result.code).toBe(0);
    expect(existsSync(join(repo, 'obslint-suppressions.json'))).toBe(false);
    expect(baselineOf(repo, 'ci/obslint-baseline.json')).toEqual({
      'src/a.ts': { 'require-span-end': { count: 2 } },
      'src/b.ts': { 'require-span-end': { count: 1 } },
    });
    expect((await run(repo, ['--suppressions-location', 'ci/obslint-baseline.json'])).code).toBe(0);
    expect((await run(repo, [])).code).toBe(1);
  });

  it('rejects an unknown rule and a malformed file with exit 2', async () => {
    const failing = async (argv: string[]) => {
      let stderr = '';
      const code = await main(argv, {
        stdout: () => {},
        stderr: (t) => (stderr += t),
        cwd: repo,
        env: {},
        stdoutIsTty: false,
        stderrIsTty: false,
      });
      return { code, stderr };
    };
    expect(await failing(['--suppress-rule', 'no-such-rule'])).toEqual({
      code: 2,
      stderr: "obslint: --suppress-rule: unknown rule 'no-such-rule'\n",
    });
    write(repo, 'obslint-suppressions.json', '{"src/a.ts": {"require-span-end": {"count": "two"}}}');
    const malformed = await failing([]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(`'src/a.ts' › 'require-span-end' needs { "count": <positive integer> }`);
    rmSync(join(repo, 'obslint-suppressions.json'));
  });
});
