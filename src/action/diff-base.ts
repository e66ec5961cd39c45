/**
 * `only-new-issues`: which commit the change is measured against, taken from the workflow event, and the obslint
 * flag that measures it. Pull requests compare with the base branch's commit (the merge base when history is
 * there; the default merge-commit checkout also works with just the base commit, fetched here if missing), pushes
 * with the commit before the push, merge queues with the queue's base.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Env } from './toolkit.js';

export type DiffBase = { args: string[]; description: string } | { skipped: string };

function gitOk(args: string[], cwd: string): boolean {
  try {
    execFileSync('git', args, { cwd, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function baseCommitFromEvent(env: Env): { sha: string; what: string } | { skipped: string } {
  const name = env.GITHUB_EVENT_NAME ?? '';
  let event: Record<string, any> = {};
  try {
    if (env.GITHUB_EVENT_PATH) event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, any>;
  } catch {
    return { skipped: `the event payload (${env.GITHUB_EVENT_PATH}) could not be read` };
  }
  const isSha = (value: unknown): value is string =>
    typeof value === 'string' && /^[0-9a-f]{40,64}$/i.test(value) && !/^0+$/.test(value);
  const pullBase = event.pull_request?.base?.sha;
  if (isSha(pullBase))
    return {
      sha: pullBase,
      what: `the pull request's base (${event.pull_request?.base?.ref ?? pullBase.slice(0, 12)})`,
    };
  if (isSha(event.merge_group?.base_sha)) return { sha: event.merge_group.base_sha, what: 'the merge queue base' };
  if (name === 'push' && isSha(event.before)) return { sha: event.before, what: 'the commit before the push' };
  return { skipped: `the '${name || 'unknown'}' event names no base commit` };
}

export function diffBase(env: Env, cwd: string): DiffBase {
  const base = baseCommitFromEvent(env);
  if ('skipped' in base) return base;
  const present = () => gitOk(['cat-file', '-e', `${base.sha}^{commit}`], cwd);
  if (!present()) gitOk(['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', base.sha], cwd);
  if (!present())
    return { skipped: `the base commit ${base.sha.slice(0, 12)} is not in the checkout and could not be fetched` };
  // With history, the merge base is exact; a shallow merge-commit checkout has none, and the base itself is right.
  if (gitOk(['merge-base', base.sha, 'HEAD'], cwd))
    return { args: ['--new-from-merge-base', base.sha], description: base.what };
  return { args: ['--new-from-rev', base.sha], description: base.what };
}
