/** Typed mode removes doubt syntax mode cannot: a tracer known only by its declared type. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSync } from '../src/engine/lint.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const dir = join(fixturesDir, 'typed-bindings');
const findings = (types: boolean) =>
  lintSync({ cwd: repoRoot, paths: [dir], onlyRules: ['require-span-end'], types }).results.flatMap((result) =>
    result.findings.map(
      (finding) =>
        `${result.file.slice(dir.length + 1)}:${finding.start.line}:${finding.start.column} ${finding.ruleId}`,
    ),
  );

describe('bindings by type', () => {
  it('typed mode recognises a tracer by its OpenTelemetry type', () => {
    expect(findings(true)).toEqual(['src/use.ts:8:3 require-span-end']);
  });

  it('syntax mode stays silent: nothing in the syntax says `t` is a tracer', () => {
    expect(findings(false)).toEqual([]);
  });
});
