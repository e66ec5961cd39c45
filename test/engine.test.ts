/** The engine's promises about failures: a rule that throws is an internal-error finding, and the run goes on. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { lintSync } from '../src/engine/lint.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import requireSpanEnd from '../rules/require-span-end.js';

const brokenRule = defineCodeRule({
  meta: {
    id: 'always-throws',
    family: 'spans',
    description: 'A rule with a bug, for testing the engine.',
    rationale: 'Exercises the internal-error path of the engine.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  typescript() {
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression]() {
          throw new Error('boom');
        },
      },
    };
  },
});

describe('engine failures', () => {
  it('turns a throwing rule into one internal-error finding per file and still runs the other rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obslint-engine-'));
    writeFileSync(
      join(dir, 'a.ts'),
      "import { trace } from '@opentelemetry/api';\ntrace.getTracer('t').startSpan('x');\nf();\n",
    );
    const run = lintSync({ cwd: dir, paths: ['.'], rules: [brokenRule, requireSpanEnd] });
    const findings = run.results[0]!.findings;
    expect(run.internalErrorCount).toBe(1);
    expect(findings.filter((finding) => finding.internal)).toHaveLength(1);
    expect(findings.find((finding) => finding.internal)!.message).toMatch(
      /^Internal error in rule always-throws: boom/,
    );
    expect(findings.filter((finding) => finding.ruleId === 'require-span-end')).toHaveLength(1);
  });
});

describe('Node API', () => {
  it('`import { lint } from "obslint"` lints and returns per-file results (needs dist/)', async () => {
    const api = (await import('obslint')) as typeof import('../src/index.js');
    const run = await api.lint({ cwd: join(__dirname, '..'), paths: ['fixtures/demo-service'] });
    expect(run.errorCount).toBeGreaterThan(0);
    expect(run.results.some((result) => result.findings.some((finding) => finding.ruleId === 'require-span-end'))).toBe(
      true,
    );
    expect(api.allRules.map((rule) => rule.meta.id)).toContain('require-span-end');
  });
});
