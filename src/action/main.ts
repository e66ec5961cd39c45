/**
 * The GitHub Action (`action.yml`, bundled to `action/bundle/index.js`): runs obslint in the working directory with
 * annotations on stdout, the JSON report for the counts, the job summary and, when asked, a SARIF file for
 * `github/codeql-action/upload-sarif`; sets the outputs and fails the step according to `fail-on`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { version } from '../version.js';
import { splitArguments } from './args.js';
import { diffBase } from './diff-base.js';
import { bundledObslint, locateObslint } from './locate.js';
import { appendSummary, error, getBooleanInput, getInput, log, setOutput, warning, type Env } from './toolkit.js';

type FailOn = 'error' | 'warning' | 'none';

interface Counts {
  errors: number;
  warnings: number;
}

function readCounts(jsonPath: string): Counts | undefined {
  try {
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as { errorCount: number; warningCount: number }[];
    return results.reduce(
      (sum, result) => ({ errors: sum.errors + result.errorCount, warnings: sum.warnings + result.warningCount }),
      { errors: 0, warnings: 0 },
    );
  } catch {
    return undefined;
  }
}

/** Runs the action; returns the process exit code (1 fails the step). */
export function runAction(env: Env): number {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const workingDirectory = resolve(workspace, getInput('working-directory', env) || '.');
  const failOn = (getInput('fail-on', env) || 'error') as FailOn;
  if (!['error', 'warning', 'none'].includes(failOn))
    throw new Error(`Input 'fail-on' must be error, warning or none, not '${failOn}'`);
  const summary = getBooleanInput('summary', env, true);
  const onlyNew = getBooleanInput('only-new-issues', env, false);
  const sarifInput = getInput('sarif-file', env);
  const config = getInput('config', env);
  const paths = splitArguments(getInput('paths', env));
  const extra = splitArguments(getInput('args', env));
  if (!existsSync(workingDirectory)) throw new Error(`working-directory '${workingDirectory}' does not exist`);

  const temporary = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'obslint-'));
  try {
    const jsonPath = join(temporary, 'results.json');
    const summaryPath = join(temporary, 'summary.md');
    const sarifPath = sarifInput ? resolve(workingDirectory, sarifInput) : undefined;
    // Paths first: an array option among the extra arguments (`--rule a:warn`) would swallow paths after it.
    const args = [...paths, '-f', 'github', '-f', `json:${jsonPath}`, '-f', `markdown:${summaryPath}`];
    if (sarifPath) args.push('-f', `sarif:${sarifPath}`);
    if (config) args.push('--config', config);
    if (onlyNew) {
      const base = diffBase(env, workingDirectory);
      if ('skipped' in base)
        warning(
          `only-new-issues: reporting every finding, because ${base.skipped}. Check out with 'fetch-depth: 0' to compare with the base branch.`,
        );
      else {
        args.push(...base.args);
        log(`obslint: reporting only findings on lines changed since ${base.description}`);
      }
    }
    args.push(...extra);

    const obslint = locateObslint(workingDirectory, bundledObslint(), version);
    log(
      `obslint ${obslint.version} (${obslint.source === 'project' ? `the project's, ${obslint.script}` : 'bundled with the action'}): obslint ${args.join(' ')}`,
    );
    const child = spawnSync(process.execPath, [obslint.script, ...args], {
      cwd: workingDirectory,
      env: { ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const status = child.status ?? 2;
    const counts = readCounts(jsonPath);
    setOutput('error-count', String(counts?.errors ?? 0), env);
    setOutput('warning-count', String(counts?.warnings ?? 0), env);
    setOutput('sarif-file', sarifPath && existsSync(sarifPath) ? sarifPath : '', env);
    if (summary && existsSync(summaryPath)) appendSummary(readFileSync(summaryPath, 'utf8'), env);

    if (child.error || status >= 2 || !counts) {
      error(`obslint could not complete (exit code ${child.error ? child.error.message : status}); see the log above.`);
      return 1;
    }
    const failing = failOn === 'error' ? counts.errors : failOn === 'warning' ? counts.errors + counts.warnings : 0;
    if (failing > 0) {
      // A plain line, not an annotation: the findings may already use up the step's 10 error annotations.
      log(
        `Failing: obslint found ${counts.errors} error${counts.errors === 1 ? '' : 's'} and ${counts.warnings} warning${counts.warnings === 1 ? '' : 's'} (fail-on: ${failOn}).`,
      );
      return 1;
    }
    log(`obslint: ${counts.errors} errors, ${counts.warnings} warnings (fail-on: ${failOn}).`);
    return 0;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

try {
  process.exitCode = runAction(process.env);
} catch (failure) {
  error((failure as Error).message);
  process.exitCode = 1;
}
