/** The action's input handling: shell-like argument splitting (without a shell) and the base commit per event. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitArguments } from '../src/action/args.js';
import { baseCommitFromEvent } from '../src/action/diff-base.js';
import { getBooleanInput, getInput } from '../src/action/toolkit.js';
import { tempDir, removeTempDirs } from './helpers/git-project.js';

afterAll(removeTempDirs);

describe('splitArguments', () => {
  it('splits words like a shell, honouring quotes and backslashes, expanding nothing', () => {
    expect(splitArguments(` --rule require-span-end:warn\n"src/my dir" 'a b'\\ c "x\\"y" $HOME '' `)).toEqual([
      '--rule',
      'require-span-end:warn',
      'src/my dir',
      'a b c',
      'x"y',
      '$HOME',
      '',
    ]);
    expect(splitArguments('')).toEqual([]);
    expect(() => splitArguments('"open')).toThrow(/unterminated " quote/);
  });
});

describe('inputs', () => {
  it('reads INPUT_ variables with hyphens kept, and strict booleans', () => {
    const env = { 'INPUT_ONLY-NEW-ISSUES': ' true ', INPUT_SUMMARY: 'False', INPUT_BAD: 'yes' };
    expect(getInput('only-new-issues', env)).toBe('true');
    expect(getBooleanInput('only-new-issues', env, false)).toBe(true);
    expect(getBooleanInput('summary', env, true)).toBe(false);
    expect(getBooleanInput('missing', env, true)).toBe(true);
    expect(() => getBooleanInput('bad', env, false)).toThrow("Input 'bad' must be true or false, not 'yes'");
  });
});

describe('baseCommitFromEvent', () => {
  const sha = (c: string) => c.repeat(40);
  const event = (name: string, payload: object) => {
    const path = join(tempDir(), 'event.json');
    writeFileSync(path, JSON.stringify(payload));
    return baseCommitFromEvent({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: path });
  };

  it('pull requests: the base branch commit', () => {
    expect(event('pull_request', { pull_request: { base: { sha: sha('a'), ref: 'main' } } })).toEqual({
      sha: sha('a'),
      what: "the pull request's base (main)",
    });
    expect(event('pull_request_target', { pull_request: { base: { sha: sha('b'), ref: 'dev' } } })).toMatchObject({
      sha: sha('b'),
    });
  });

  it('merge queues: the queue base; pushes: the commit before, unless the branch is new', () => {
    expect(event('merge_group', { merge_group: { base_sha: sha('c') } })).toEqual({
      sha: sha('c'),
      what: 'the merge queue base',
    });
    expect(event('push', { before: sha('d') })).toEqual({ sha: sha('d'), what: 'the commit before the push' });
    expect(event('push', { before: sha('0') })).toEqual({ skipped: "the 'push' event names no base commit" });
  });

  it('other events name no base', () => {
    expect(event('schedule', {})).toEqual({ skipped: "the 'schedule' event names no base commit" });
    expect(
      baseCommitFromEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/nonexistent/event.json' }),
    ).toMatchObject({ skipped: expect.stringContaining('could not be read') });
  });
});
