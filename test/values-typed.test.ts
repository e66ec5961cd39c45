/**
 * Typed mode removes doubt syntax mode cannot: in fixtures/no-high-cardinality-labels/typed, a label value typed
 * `PlanId = (typeof PLANS)[number]` (imported from another file) is bounded only with the checker. Syntax mode sees
 * an id-like name (`planId`) and reports it (the fixture turns `nameBasedGuesses` on); typed mode knows the type is
 * `'free' | 'team' | 'enterprise'`.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSync } from '../src/engine/lint.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const dir = join(fixturesDir, 'no-high-cardinality-labels', 'typed');

function findings(types: boolean): string[] {
  const run = lintSync({ cwd: repoRoot, paths: [dir], onlyRules: ['no-high-cardinality-labels'], types });
  return run.results
    .flatMap((result) =>
      result.findings.map((finding) => `${relative(dir, result.file)}:${finding.start.line}:${finding.start.column}`),
    )
    .sort();
}

describe('values: syntax mode vs typed mode', () => {
  it('typed mode: a computed literal-union type bounds `account.planId` and `planId`; only the owner id is reported', () => {
    expect(findings(true)).toEqual(['billing.ts:17:18']);
  });

  it('syntax mode: `planId` is judged by its name, so both plan labels are reported too', () => {
    expect(findings(false)).toEqual(['billing.ts:15:23', 'billing.ts:17:18', 'billing.ts:23:23']);
  });

  it('syntax mode says why it reported: by the name, with the way out', () => {
    const run = lintSync({ cwd: repoRoot, paths: [dir], onlyRules: ['no-high-cardinality-labels'], types: false });
    const message = run.results
      .flatMap((result) => result.findings)
      .find((finding) => finding.start.line === 15)!.message;
    expect(message).toContain('its name `planId` says it is an id');
    expect(message).toContain('judged by the name only');
  });
});
