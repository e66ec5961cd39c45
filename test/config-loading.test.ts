/** Loading YAML defensively: every bad input gets a clear finding or silence, never an exception. */
import { describe, expect, it } from 'vitest';
import { directiveComments, isConfigCandidatePath, loadConfigProject } from '../src/config-files/index.js';
import { lineColumn } from './config-harness.js';

const rules = (body: string): string => `groups:\n  - name: g\n    rules:\n${body}`;
const load = (text: string, path = '/repo/rules.yaml') => loadConfigProject([{ path, text }]);

describe('loadConfigProject', () => {
  it('only takes .yaml and .yml files', () => {
    expect(isConfigCandidatePath('/a/rules.yml')).toBe(true);
    expect(isConfigCandidatePath('/a/RULES.YAML')).toBe(true);
    expect(isConfigCandidatePath('/a/rules.json')).toBe(false);
  });

  it('recognises a rule file and keeps its documents and objects', () => {
    const { project, problems } = load(rules('      - alert: Up\n        expr: up == 0\n'));
    expect(problems).toEqual([]);
    expect(project.files.map((file) => file.kind)).toEqual(['prometheus-rules']);
    expect(project.files[0]!.objects).toHaveLength(1);
  });

  it('reports a duplicate key at the second key', () => {
    const text = rules('      - alert: Up\n        expr: up == 0\n        expr: up == 1\n');
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.ruleId).toBe('config-schema');
    expect(lineColumn(text, problems[0]!.range.start)).toEqual({ line: 6, column: 9 });
    expect(problems[0]!.message).toMatch(/appears twice/);
  });

  it('reports tab indentation in a recognised file', () => {
    const text = rules('      - alert: Up\n\t  expr: up == 0\n');
    const { problems } = load(text);
    expect(problems.some((problem) => /tab/i.test(problem.message))).toBe(true);
  });

  it('survives an alias bomb and says so', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const text = `groups:\n  - name: g\n    rules:\n      - alert: Bomb\n        expr: up\n${levels.join('\n')}\n`;
    const started = Date.now();
    const { problems, project } = load(text);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(project.files).toEqual([]);
    expect(problems.map((problem) => problem.message).join()).toMatch(/alias/);
  });

  it('accepts a byte-order mark and keeps offsets in the original text', () => {
    const text = `\uFEFF${rules('      - alert: Up\n        expr: up == 0\n')}`;
    const { project, problems } = load(text);
    expect(problems).toEqual([]);
    expect(project.files[0]!.kind).toBe('prometheus-rules');
  });

  it('ignores binary files that are not ours, and reports binary content in one that claims to be', () => {
    expect(load('\u0000\u0001\u0002binary\u0003').problems).toEqual([]);
    const claimed = load(`groups:\n  - name: g\n    rules:\n      - alert: X\u0001\n        expr: up\n`);
    expect(claimed.project.files).toEqual([]);
    expect(claimed.problems[0]!.ruleId).toBeNull();
  });

  it('refuses huge files with one fatal finding instead of stalling', () => {
    const big = rules('      - alert: Up\n        expr: up == 0\n'.repeat(200_000));
    const { problems, project } = load(big);
    expect(project.files).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.ruleId).toBeNull();
    expect(problems[0]!.message).toMatch(/limit/);
  });

  it('ignores broken YAML that is not one of our kinds, including Helm templates', () => {
    expect(load('a: b: c\n').problems).toEqual([]);
    expect(
      load('{{- if .Values.x }}\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n{{- end }}\n').problems,
    ).toEqual([]);
    expect(load('name: ci\non: [push]\n').project.files).toEqual([]);
  });

  it('reports broken YAML in a file that is plainly a rule file', () => {
    const { problems } = load('groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: [up\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.ruleId).toBe('config-schema');
  });

  it('reads every document of a multi-document file and list-shaped OpenSLO files', () => {
    const text = [
      'apiVersion: openslo/v1\nkind: Service\nmetadata: {name: web}\nspec: {}',
      'name: not-ours',
      '- apiVersion: openslo/v1\n  kind: SLI\n  metadata: {name: a}\n  spec: {}\n- apiVersion: pyrra.dev/v1alpha1\n  kind: ServiceLevelObjective\n  metadata: {name: p}\n  spec: {}',
    ].join('\n---\n');
    const { project } = load(text);
    expect(project.files[0]!.objects.map((object) => [object.kind, object.documentIndex, object.basePath])).toEqual([
      ['openslo', 0, []],
      ['openslo', 2, [0]],
      ['pyrra', 2, [1]],
    ]);
  });

  it('lists every comment with its position, including PromQL comments in block scalars', () => {
    const text = rules(
      '      # obslint-disable-next-line alert-for\n      - alert: Up # trailing\n        expr: |\n          # obslint-disable-next-line promql-syntax\n          up == 0\n',
    );
    const { project } = load(text);
    const comments = directiveComments(project.files[0]!);
    expect(comments).toEqual([
      { line: 4, column: 7, text: ' obslint-disable-next-line alert-for' },
      { line: 5, column: 19, text: ' trailing' },
      { line: 7, column: 11, text: ' obslint-disable-next-line promql-syntax' },
    ]);
  });
});
