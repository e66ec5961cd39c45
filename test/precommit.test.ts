/**
 * The pre-commit hooks (`.pre-commit-hooks.yaml`) run by the real `pre-commit` tool, in a temporary project
 * repository whose `.pre-commit-config.yaml` points at this checkout as the hook repository.
 *
 * pre-commit clones a hook repository at a commit, so the test snapshots this checkout as it would be committed
 * (tracked and untracked files that are not ignored, modes kept) into a temporary repository and uses that commit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/paths.js';
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
} from './helpers/git-project.js';

afterAll(removeTempDirs);

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;
if (!available)
  console.warn(
    'precommit.test.ts: skipped — the `pre-commit` tool is not installed (apt-get install pre-commit; .ci/run installs it).',
  );

function snapshotOfCheckout(): { path: string; rev: string } {
  const snapshot = join(tempDir('obslint-hook-repo-'), 'obslint');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const source = join(repoRoot, file);
    if (!existsSync(source) || !statSync(source).isFile()) continue; // deleted in the work tree
    mkdirSync(dirname(join(snapshot, file)), { recursive: true });
    copyFileSync(source, join(snapshot, file)); // keeps the mode: the script entry must stay executable
  }
  git(snapshot, 'init', '--quiet', '--initial-branch=main');
  return { path: snapshot, rev: commitAll(snapshot, 'snapshot of the obslint checkout') };
}

describe.skipIf(!available)('pre-commit hooks, run by the real pre-commit tool', () => {
  let project: string;
  let env: NodeJS.ProcessEnv;

  function preCommitRun(...args: string[]): { code: number; output: string } {
    const result = spawnSync('pre-commit', ['run', '--color=never', ...args], { cwd: project, env, encoding: 'utf8' });
    return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  }

  beforeAll(() => {
    const hooks = snapshotOfCheckout();
    const bundledRules = (
      JSON.parse(
        execFileSync(join(hooks.path, 'action/bundle/obslint.js'), ['rules', '-f', 'json'], { encoding: 'utf8' }),
      ) as { id: string }[]
    ).map((rule) => rule.id);
    project = tempGitRepo();
    env = {
      ...process.env,
      PRE_COMMIT_HOME: tempDir('obslint-pre-commit-home-'),
      NO_COLOR: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    };
    write(
      project,
      'obslint.config.json',
      onlyRulesConfig(bundledRules, { 'require-span-end': 'error', 'promql-syntax': 'error' }),
    );
    write(
      project,
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hooks.path}\n    rev: ${hooks.rev}\n    hooks:\n      - id: obslint\n      - id: obslint-files\n      - id: obslint-config\n`,
    );
    write(project, 'src/old.ts', `${tracerPreamble}${leakyFunction('oldLeak')}`);
    write(
      project,
      'alerts/old.yaml',
      'groups:\n  - name: old\n    rules:\n      - alert: OldBroken\n        expr: sum(rate(http_requests_total[5m])\n',
    );
    write(
      project,
      'alerts/good.yaml',
      'groups:\n  - name: good\n    rules:\n      - alert: Fine\n        expr: up == 0\n        for: 5m\n',
    );
    commitAll(project, 'existing project with old findings');
  });

  it('obslint: the whole project, only findings on staged changes; obslint-files: the staged code file', () => {
    write(project, 'src/new.ts', `${tracerPreamble}${leakyFunction('newLeak')}`);
    git(project, 'add', 'src/new.ts');
    try {
      const whole = preCommitRun('obslint');
      expect(whole.code).toBe(1);
      expect(whole.output).toContain("The span 'newLeak'");
      expect(whole.output).not.toContain('oldLeak');

      const files = preCommitRun('obslint-files');
      expect(files.code).toBe(1);
      expect(files.output).toContain("The span 'newLeak'");
      expect(files.output).not.toContain('oldLeak');

      // Nothing YAML is staged: obslint-config does not run at all.
      expect(preCommitRun('obslint-config').output).toMatch(
        /obslint \(Prometheus rules and SLO specs\)\.+\(no files to check\)Skipped/,
      );
    } finally {
      git(project, 'rm', '--quiet', '--cached', 'src/new.ts');
      git(project, 'clean', '--quiet', '-f', 'src/new.ts');
    }
  });

  it('obslint-config: every rule file is checked, only the changed lines are reported', () => {
    write(
      project,
      'alerts/good.yaml',
      'groups:\n  - name: good\n    rules:\n      - alert: Fine\n        expr: up == 0\n        for: 5m\n      - alert: NewBroken\n        expr: rate(http_requests_total[5m]\n',
    );
    git(project, 'add', 'alerts/good.yaml');
    try {
      const result = preCommitRun('obslint-config');
      expect(result.code).toBe(1);
      expect(result.output).toContain('alerts/good.yaml');
      expect(result.output).toContain('promql-syntax');
      expect(result.output).not.toContain('alerts/old.yaml');
    } finally {
      git(project, 'checkout', '--quiet', 'HEAD', '--', 'alerts/good.yaml');
    }
  });

  it('blocks a commit that adds a leak once installed, and lets a clean one through', () => {
    const install = spawnSync('pre-commit', ['install'], { cwd: project, env, encoding: 'utf8' });
    expect(install.status).toBe(0);
    const commit = (message: string) =>
      spawnSync('git', ['commit', '-m', message], { cwd: project, env, encoding: 'utf8' });

    write(project, 'src/feature.ts', `${tracerPreamble}${leakyFunction('leaky')}`);
    git(project, 'add', 'src/feature.ts');
    const blocked = commit('a leaking feature');
    expect(blocked.status).not.toBe(0);
    expect(`${blocked.stdout}${blocked.stderr}`).toContain("The span 'leaky'");

    write(project, 'src/feature.ts', `${tracerPreamble}${cleanFunction('leaky')}`);
    git(project, 'add', 'src/feature.ts');
    const allowed = commit('a clean feature');
    expect(`${allowed.stdout}${allowed.stderr}`).toMatch(/obslint \(new findings\)\.+Passed/);
    expect(allowed.status).toBe(0);
  });
});
