/**
 * The real-world corpus (test/data/corpus/config, copied from the team's shared corpus; see its SOURCES.md): every
 * file is recognised with the right
 * kind, nothing crashes, and Sloth's own `validate/bad` specs are flagged on their `# BAD!` lines.
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigProject } from '../src/config-files/index.js';
import { configRules, filesUnder, readInputs, runRules } from './config-harness.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(repoRoot, 'test/data/corpus/config');
const present = existsSync(corpus);
if (!present) throw new Error(`the corpus copy is missing: ${corpus}`);

/** The kind each corpus file must be detected as, from where its source repository keeps it. */
function expectedKind(path: string): string {
  const name = path.split('/').pop()!;
  // Sloth's Kubernetes examples (k8s-*, contrib-denominator-corrected) generate PrometheusRule CRDs.
  const kubernetes = /k8s|contrib-denominator/.test(name);
  if (path.includes('/examples/_gen/')) return kubernetes ? 'prometheus-rule-crd' : 'prometheus-rules';
  if (path.startsWith('prometheus-rules/')) return 'prometheus-rules';
  if (path.startsWith('prometheus-rule-crd/')) return 'prometheus-rule-crd';
  if (path.startsWith('pyrra/')) return 'pyrra';
  if (path.includes('/v1alpha/') || (/openslo/.test(name) && path.startsWith('sloth/'))) return 'openslo-v1alpha';
  if (path.startsWith('openslo/')) return 'openslo';
  if (path.includes('/examples/windows/')) return 'sloth-alert-windows';
  if (kubernetes) return 'sloth-crd';
  return 'sloth';
}

describe.skipIf(!present)('config corpus', () => {
  const paths = present ? filesUnder(corpus).filter((path) => /\.ya?ml$/.test(path)) : [];
  const inputs = readInputs(paths);

  it('recognises every file with the kind its source gives it', () => {
    const { project, problems } = loadConfigProject(inputs);
    expect(problems).toEqual([]);
    const detected = Object.fromEntries(project.files.map((file) => [relative(corpus, file.path), file.kind]));
    const expected = Object.fromEntries(
      paths.map((path) => [relative(corpus, path), expectedKind(relative(corpus, path))]),
    );
    expect(paths.length).toBeGreaterThanOrEqual(211);
    expect(detected).toEqual(expected);
  });

  it('runs every config rule without crashing', () => {
    const { findings } = runRules(
      Object.entries(configRules).map(([id, rule]) => ({ id, rule })),
      inputs,
    );
    expect(findings.length).toBeGreaterThan(0);
  });

  it("flags each of Sloth's validate/bad specs on its `# BAD!` line", () => {
    const bad = inputs.filter((input) => input.path.includes('/validate/bad/'));
    expect(bad.length).toBe(7);
    const { findings } = runRules(
      Object.entries(configRules).map(([id, rule]) => ({ id, rule })),
      inputs,
    );
    for (const input of bad) {
      const badLines = input.text.split('\n').flatMap((line, index) => (line.includes('# BAD!') ? [index + 1] : []));
      expect(badLines.length, input.path).toBeGreaterThan(0);
      for (const line of badLines) {
        const onLine = findings.filter((finding) => finding.file === input.path && finding.line === line);
        expect(
          onLine.map((finding) => finding.ruleId),
          `${relative(corpus, input.path)}:${line}`,
        ).not.toEqual([]);
      }
    }
  });

  it('reports nothing on the good twin of each bad spec at the twin line, except documented findings', () => {
    const good = inputs.filter((input) => input.path.includes('/validate/good/'));
    const { findings } = runRules(
      [
        { id: 'slo-objective', rule: configRules['slo-objective']! },
        { id: 'promql-syntax', rule: configRules['promql-syntax']! },
      ],
      good,
    );
    expect(findings).toEqual([]);
  });
});
