/**
 * The GitHub Action as the runner runs it: `node action/bundle/index.js` with `INPUT_*` variables (hyphens kept,
 * defaults from action.yml), `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `GITHUB_EVENT_PATH` as temporary files,
 * on a real git repository checked out the way actions/checkout does for a pull request (the merge commit).
 * Also: the checked-in bundle is what `npm run build:action` produces from the current sources.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers/paths.js';
import {
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

const bundleDir = join(repoRoot, 'action/bundle');
const actionEntry = join(bundleDir, 'index.js');
const actionYml = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};

/** The rule ids the bundled CLI knows (not the sources': the action runs the bundle). */
const bundledRuleIds = (
  JSON.parse(
    execFileSync(process.execPath, [join(bundleDir, 'obslint.js'), 'rules', '-f', 'json'], { encoding: 'utf8' }),
  ) as { id: string }[]
).map((rule) => rule.id);

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2\n/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

function runAction(
  workspace: string,
  inputs: Record<string, string>,
  event: { name: string; payload: object },
): ActionRun {
  const scratch = tempDir('obslint-runner-');
  const files = {
    output: join(scratch, 'output'),
    summary: join(scratch, 'summary.md'),
    event: join(scratch, 'event.json'),
  };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '# earlier step content\n');
  writeFileSync(files.event, JSON.stringify(event.payload));
  // Like the runner: every declared input is set, to its default unless given; names keep their hyphens.
  const inputEnv = Object.fromEntries(
    Object.entries(actionYml.inputs).map(([name, input]) => [
      `INPUT_${name.toUpperCase()}`,
      inputs[name] ?? input.default ?? '',
    ]),
  );
  const child = spawnSync(process.execPath, [actionEntry], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...inputEnv,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: scratch,
    },
  });
  expect(child.stderr).toBe('');
  return {
    code: child.status ?? -1,
    stdout: child.stdout,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
  };
}

describe('action bundle', () => {
  it('is current: rebuilding from the sources gives the checked-in files byte for byte (run `npm run build:action`)', () => {
    const out = tempDir('obslint-bundle-');
    execFileSync(process.execPath, [join(repoRoot, 'action/build.mjs'), out], { cwd: repoRoot, stdio: 'pipe' });
    expect(readdirSync(out).sort()).toEqual(['index.js', 'obslint.js']);
    for (const name of ['index.js', 'obslint.js']) {
      const fresh = readFileSync(join(out, name));
      const committed = readFileSync(join(bundleDir, name));
      expect(fresh.equals(committed), `action/bundle/${name} is stale: run \`npm run build:action\``).toBe(true);
    }
  });

  it('action.yml declares a node24 JavaScript action on the bundle, with the documented inputs and outputs', () => {
    expect(actionYml.runs).toEqual({ using: 'node24', main: 'action/bundle/index.js' });
    expect(existsSync(join(repoRoot, actionYml.runs.main))).toBe(true);
    expect(Object.keys(actionYml.inputs)).toEqual([
      'paths',
      'config',
      'working-directory',
      'only-new-issues',
      'fail-on',
      'sarif-file',
      'summary',
      'args',
    ]);
    expect(Object.keys(actionYml.outputs)).toEqual(['error-count', 'warning-count', 'sarif-file']);
    for (const input of Object.values(actionYml.inputs)) expect(input.description.length).toBeGreaterThan(20);
  });
});

describe('the action, run as the runner runs it', () => {
  let workspace: string;
  let baseSha: string;
  let headSha: string;

  beforeAll(() => {
    workspace = tempGitRepo();
    write(workspace, 'obslint.config.json', onlyRulesConfig(bundledRuleIds, { 'require-span-end': 'error' }));
    write(workspace, 'src/orders.ts', `${tracerPreamble}${leakyFunction('oldLeak')}`);
    write(workspace, 'src/legacy.ts', `${tracerPreamble}${leakyFunction('legacyLeak')}`);
    commitAll(workspace, 'base');
    git(workspace, 'checkout', '--quiet', '-b', 'feature');
    write(workspace, 'src/orders.ts', `${tracerPreamble}${leakyFunction('oldLeak')}${leakyFunction('newLeak')}`);
    headSha = commitAll(workspace, 'feature: a new leak');
    git(workspace, 'checkout', '--quiet', 'main');
    write(workspace, 'docs.md', 'main moved on\n');
    baseSha = commitAll(workspace, 'main: unrelated change');
    // actions/checkout on pull_request checks out refs/pull/N/merge: the PR merged into the base branch's tip.
    git(workspace, 'checkout', '--quiet', '--detach', baseSha);
    git(workspace, 'merge', '--quiet', '--no-ff', '-m', 'Merge feature into main', 'feature');
    git(workspace, 'branch', 'pull/7/merge');
  });

  const pullRequest = () => ({
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { ref: 'feature', sha: headSha } },
    },
  });

  it('only-new-issues on a pull request: one annotation for the new leak, outputs, SARIF and the job summary; fails on errors', () => {
    const run = runAction(
      workspace,
      { 'only-new-issues': 'true', 'sarif-file': 'reports/obslint.sarif' },
      pullRequest(),
    );
    expect(run.code).toBe(1);
    const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning) file=/.test(line));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(
      /^::error file=src\/orders\.ts,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=obslint require-span-end::The span 'newLeak'/,
    );
    expect(run.stdout).toContain(
      "obslint: reporting only findings on lines changed since the pull request's base (main)",
    );
    expect(run.stdout).toContain('bundled with the action');
    expect(run.stdout).toMatch(/^Failing: obslint found 1 error and 0 warnings \(fail-on: error\)\.$/m);

    const sarifPath = join(workspace, 'reports/obslint.sarif');
    expect(run.outputs).toEqual({ 'error-count': '1', 'warning-count': '0', 'sarif-file': sarifPath });
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    expect(
      sarif.runs[0].results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri),
    ).toEqual(['src/orders.ts']);

    // The summary is appended after what earlier steps wrote.
    expect(run.summary.startsWith('# earlier step content\n## obslint: ❌ 1 error\n')).toBe(true);
    expect(run.summary).toMatch(
      /Only findings on lines changed since `[0-9a-f]{40}[^`]*` are reported: 2 older findings not shown\./,
    );
    expect(run.summary).toContain('| Span closure |');
  });

  it('with the default shallow checkout (fetch-depth 1) it fetches the base commit and still reports only the new leak', () => {
    const shallow = join(tempDir(), 'checkout');
    execFileSync('git', ['clone', '--quiet', '--depth=1', '--branch', 'pull/7/merge', `file://${workspace}`, shallow], {
      stdio: 'pipe',
    });
    expect(() => git(shallow, 'cat-file', '-e', `${baseSha}^{commit}`)).toThrow();
    const run = runAction(shallow, { 'only-new-issues': 'true' }, pullRequest());
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ 'error-count': '1' });
    expect(run.stdout).toContain(`--new-from-rev ${baseSha}`);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file='))).toEqual([
      expect.stringContaining("The span 'newLeak'"),
    ]);
  });

  it('fail-on none reports everything without failing; summary false leaves the step summary alone', () => {
    const run = runAction(workspace, { 'fail-on': 'none', summary: 'false' }, pullRequest());
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ 'error-count': '3', 'warning-count': '0', 'sarif-file': '' });
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error file='))).toHaveLength(3);
    expect(run.summary).toBe('# earlier step content\n');
  });

  it('working-directory, paths with spaces and extra args are passed through', () => {
    write(workspace, 'services/my api/handler.ts', `${tracerPreamble}${leakyFunction('svc')}`);
    write(workspace, 'services/other.ts', `${tracerPreamble}${leakyFunction('other')}`);
    try {
      const run = runAction(
        workspace,
        {
          'working-directory': 'services',
          paths: '"my api"',
          args: '--rule require-span-end:warn',
          'fail-on': 'warning',
        },
        pullRequest(),
      );
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ 'error-count': '0', 'warning-count': '1' });
      expect(run.stdout).toMatch(/^::warning file=services\/my api\/handler\.ts,/m);
    } finally {
      git(workspace, 'clean', '--quiet', '-fd', 'services');
    }
  });

  it("uses the project's own obslint when it is installed", () => {
    const project = tempDir();
    write(
      project,
      'node_modules/obslint/package.json',
      JSON.stringify({ name: 'obslint', version: '9.9.9', type: 'module', bin: { obslint: 'bin/cli.js' } }),
    );
    // A stand-in that records its arguments and writes the JSON report the action reads.
    const cli = write(
      project,
      'node_modules/obslint/bin/cli.js',
      `import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
writeFileSync('argv.json', JSON.stringify(args));
const json = args.find((arg) => arg.startsWith('json:')).slice('json:'.length);
writeFileSync(json, JSON.stringify([{ errorCount: 0, warningCount: 2 }]));
`,
    );
    chmodSync(cli, 0o755);
    const run = runAction(project, { config: 'ci/obslint.yaml' }, { name: 'workflow_dispatch', payload: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("obslint 9.9.9 (the project's");
    expect(run.outputs).toMatchObject({ 'error-count': '0', 'warning-count': '2' });
    const argv = JSON.parse(readFileSync(join(project, 'argv.json'), 'utf8')) as string[];
    expect(argv).toEqual(expect.arrayContaining(['-f', 'github', '--config', 'ci/obslint.yaml']));
  });

  it('only-new-issues without a base commit in the event warns and reports everything', () => {
    const run = runAction(
      workspace,
      { 'only-new-issues': 'true', 'fail-on': 'none' },
      { name: 'workflow_dispatch', payload: {} },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning title=obslint action::only-new-issues: reporting every finding, because the 'workflow_dispatch' event names no base commit/m,
    );
    expect(run.outputs['error-count']).toBe('3');
  });

  it('a bad input fails the step with a clear message', () => {
    const run = runAction(workspace, { 'fail-on': 'sometimes' }, pullRequest());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=obslint action::Input 'fail-on' must be error, warning or none, not 'sometimes'$/m,
    );
  });
});
