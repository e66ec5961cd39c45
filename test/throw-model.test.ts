/**
 * The two models of what can throw behind require-span-end's exception paths: `realistic` (the default) and every
 * call (`checkThrowPaths: true`), on the same fixture file.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSync } from '../src/engine/lint.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const file = join(fixturesDir, 'require-span-end/throw-paths.ts');

function reportedSpans(checkThrowPaths: boolean | 'realistic'): string[] {
  const run = lintSync({
    cwd: repoRoot,
    paths: [file],
    onlyRules: ['require-span-end'],
    ruleOverrides: { 'require-span-end': ['error', { checkThrowPaths }] },
    types: false,
  });
  return run.results.flatMap((result) =>
    result.findings.map((finding) => /span '([^']+)'/.exec(finding.message)?.[1] ?? finding.message),
  );
}

describe('what can throw', () => {
  it('realistic: parsing, validation, handed functions and throwing helpers; not the safe surfaces or promise wrappers', () => {
    expect(reportedSpans('realistic')).toEqual([
      'parse-json',
      'validate',
      'patched',
      'helper-throws',
      'callback-throws',
    ]);
  });

  it('every call (checkThrowPaths: true) also reports the spans whose calls are only assumed to throw', () => {
    expect(reportedSpans(true)).toEqual(
      expect.arrayContaining(['parse-json', 'validate', 'patched', 'helper-throws', 'safe-surfaces', 'connect']),
    );
  });

  it('checkThrowPaths: false reports no exception path at all', () => {
    expect(reportedSpans(false)).toEqual([]);
  });

  it('names the call that throws inside a callback the span runs, not the call that runs it', () => {
    const run = lintSync({ cwd: repoRoot, paths: [file], onlyRules: ['require-span-end'], types: false });
    const patched = run.results[0]!.findings.find((finding) => finding.message.includes("'patched'"));
    expect(patched?.message).toContain('`original.apply(this, args)`');
  });

  it('names what throws as a call, an await, a `for await` or a `throw`, never a bare name', () => {
    for (const checkThrowPaths of ['realistic', true] as const) {
      const run = lintSync({
        cwd: repoRoot,
        paths: [file],
        onlyRules: ['require-span-end'],
        ruleOverrides: { 'require-span-end': ['error', { checkThrowPaths }] },
        types: false,
      });
      for (const finding of run.results.flatMap((result) => result.findings)) {
        const thrower = /when (.*?) at line \d+ (throws|rejects|leaves)/.exec(finding.message)?.[1];
        if (!thrower) continue;
        expect(thrower).toMatch(
          /^`[^`]*\(.*\)`$|^`` .*\(.*\) ``$|^the awaited promise$|^the `for await`$|^the `throw`$/,
        );
      }
    }
  });
});
