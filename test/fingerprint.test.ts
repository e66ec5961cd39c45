/** Fingerprints identify a finding across edits: stable when lines shift, distinct for repeated identical code. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSync } from '../src/engine/lint.js';

const body = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export function a() {
  tracer.startSpan('x');
}
export function b() {
  tracer.startSpan('x');
}
`;

function fingerprints(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-fp-'));
  writeFileSync(join(dir, 'a.ts'), source);
  return lintSync({ cwd: dir, paths: ['.'], onlyRules: ['require-span-end'] }).results.flatMap((result) =>
    result.findings.map((finding) => finding.fingerprint),
  );
}

describe('fingerprints', () => {
  it('do not change when lines are inserted above, and differ between identical occurrences', () => {
    const before = fingerprints(body);
    const after = fingerprints(`// a comment\n\n${body}`);
    expect(before).toHaveLength(2);
    expect(new Set(before).size).toBe(2);
    expect(after).toEqual(before);
  });

  it('change when the code at the finding changes', () => {
    expect(
      fingerprints(body.replace("startSpan('x');\n}\nexport function b", "startSpan('y');\n}\nexport function b"))[0],
    ).not.toBe(fingerprints(body)[0]);
  });
});
