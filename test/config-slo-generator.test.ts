/** google/slo-generator support: kind detection, where its PromQL lives, and what the PromQL rules make of it. */
import { describe, expect, it } from 'vitest';
import { detectKind, looksLikeConfigKind } from '../src/config-files/detect-kind.js';
import { loadConfigProject, promqlExpressions } from '../src/config-files/index.js';
import { configRules, lineColumn, runRules } from './config-harness.js';

const v2 = (backend: string, method: string, sli: string, extra = ''): string =>
  `apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nmetadata:\n  name: checkout\nspec:\n  backend: ${backend}\n  method: ${method}\n${extra}  service_level_indicator:\n${sli}  goal: 0.999\n`;

describe('slo-generator kind detection', () => {
  it('recognises v2 SLO configs, the first format and the shared config', () => {
    expect(
      detectKind({ apiVersion: 'sre.google.com/v2', kind: 'ServiceLevelObjective', metadata: { name: 'a' }, spec: {} }),
    ).toBe('slo-generator');
    expect(
      detectKind({
        service_name: 'a',
        feature_name: 'b',
        slo_name: 'c',
        slo_target: 0.99,
        backend: { class: 'Prometheus', method: 'query_sli' },
      }),
    ).toBe('slo-generator-v1');
    expect(
      detectKind({
        backends: { prometheus: { url: 'x' } },
        error_budget_policies: { default: { steps: [{ name: '1 hour', window: 3600 }] } },
      }),
    ).toBe('slo-generator-config');
  });

  it('leaves look-alikes alone', () => {
    // Another API group's ServiceLevelObjective, an unknown slo-generator version, and YAML that merely shares keys.
    expect(detectKind({ apiVersion: 'pyrra.dev/v1alpha1', kind: 'ServiceLevelObjective' })).toBe('pyrra');
    expect(detectKind({ apiVersion: 'sre.google.com/v3', kind: 'ServiceLevelObjective' })).toBeUndefined();
    expect(detectKind({ apiVersion: 'sre.google.com/v2', kind: 'ErrorBudgetPolicy' })).toBeUndefined();
    expect(detectKind({ backends: { web: { address: '10.0.0.1' } }, exporters: {} })).toBeUndefined();
    expect(detectKind({ error_budget_policies: { default: { threshold: 2 } } })).toBeUndefined();
    expect(detectKind({ slo_target: 0.99, backend: 'prometheus' })).toBeUndefined();
    expect(detectKind({ slo_target: 0.99, backend: { class: 'Prometheus' } })).toBeUndefined(); // no service or SLO name
    expect(detectKind({ kind: 'Config', error_budget_policies: { default: { steps: [] } } })).toBeUndefined();
  });

  it('claims broken YAML only when it plainly is an slo-generator file', () => {
    expect(looksLikeConfigKind('apiVersion: sre.google.com/v2\nkind: ServiceLevelObjective\nspec: [\n')).toBe(true);
    expect(
      looksLikeConfigKind('error_budget_policies:\n  default:\n    steps:\n    - burn_rate_threshold: 9\n  x: [\n'),
    ).toBe(true);
    expect(looksLikeConfigKind('error_budget_policies:\n  x: [\n')).toBe(false);
  });
});

describe('slo-generator PromQL', () => {
  const expressionsOf = (text: string) => promqlExpressions(loadConfigProject([{ path: '/slo.yaml', text }]).project);

  it('maps good_bad_ratio filters, and filter_valid only when filter_bad does not replace it', () => {
    const good = '    filter_good: http_requests_total{code!~"5.."}\n';
    const valid = '    filter_valid: http_requests_total\n';
    const bad = '    filter_bad: http_requests_total{code=~"5.."}\n';
    expect(
      expressionsOf(v2('prometheus', 'good_bad_ratio', good + valid)).map((e) => [e.path.join('.'), e.role]),
    ).toEqual([
      ['spec.service_level_indicator.filter_good', 'sli-good'],
      ['spec.service_level_indicator.filter_valid', 'sli-total'],
    ]);
    expect(expressionsOf(v2('prometheus/staging', 'good_bad_ratio', good + bad + valid)).map((e) => e.role)).toEqual([
      'sli-good',
      'sli-bad',
    ]);
  });

  it('maps nothing for other backends or unknown methods', () => {
    expect(
      expressionsOf(
        v2(
          'cloud_monitoring',
          'good_bad_ratio',
          '    filter_good: metric.type="a"\n    filter_valid: metric.type="b"\n',
        ),
      ),
    ).toEqual([]);
    expect(expressionsOf(v2('prometheus', 'my_method', '    expression: up\n'))).toEqual([]);
    expect(expressionsOf(v2('samples.custom.PrometheusLike', 'query_sli', '    expression: up\n'))).toEqual([]);
  });

  it('substitutes [window] and maps offsets back to the file', () => {
    const text = v2(
      'prometheus',
      'query_sli',
      '    expression: >\n      sum(rate(a_total{code!~"5.."}[window]))\n      / sum(rate(a_total[window]))\n',
    );
    const [expression] = expressionsOf(text);
    expect(expression!.role).toBe('sli-ratio');
    expect(expression!.windowPlaceholders).toBe(2);
    expect(expression!.query.text).toBe('sum(rate(a_total{code!~"5.."}[1h])) / sum(rate(a_total[1h]))\n');
    expect(expression!.judgeable).toBe(true);
    const at = expression!.query.text.lastIndexOf('a_total');
    expect(lineColumn(text, expression!.toFileOffset(at))).toEqual({ line: 11, column: 18 });
  });

  it('does not judge queries with ${VARIABLES}, which slo-generator fills from the environment', () => {
    const [expression] = expressionsOf(
      v2('prometheus', 'query_sli', '    expression: sum(rate(a_total{env="${ENV}"}[window]))\n'),
    );
    expect(expression!.judgeable).toBe(false);
  });

  it('reads the first format', () => {
    const text =
      'service_name: a\nfeature_name: b\nslo_name: c\nslo_target: 0.99\nbackend:\n  class: Prometheus\n  method: distribution_cut\n  measurement:\n    expression: latency_seconds_bucket{job="a"}\n    threshold_bucket: 0.5\n';
    expect(expressionsOf(text).map((e) => [e.path.join('.'), e.role])).toEqual([
      ['backend.measurement.expression', 'sli-distribution'],
    ]);
  });

  it('is checked by promql-syntax and slo-queries', () => {
    const text = [
      v2('prometheus', 'query_sli', '    expression: sum(rate(a_total[window]) / sum(rate(b_total[window]))\n'),
      v2(
        'prometheus',
        'good_bad_ratio',
        '    filter_good: http_requests_total{job="api"}\n    filter_valid: http_requests_total{job="api"}\n',
      ),
      v2(
        'prometheus',
        'good_bad_ratio',
        '    filter_good: http_requests_total{code!~"5.."}[window]\n    filter_valid: http_requests_total{job="api"}[window]\n',
      ),
      v2(
        'prometheus',
        'good_bad_ratio',
        '    filter_good: http_requests_total{job="api", code!~"5.."}\n    filter_valid: http_requests_total{job="api"}\n',
      ),
    ].join('---\n');
    const { findings } = runRules(
      ['promql-syntax', 'slo-queries'].map((id) => ({ id, rule: configRules[id]! })),
      [{ path: '/slo.yaml', text }],
    );
    expect(findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId}`)).toEqual([
      '9:70 promql-syntax', // the unclosed `sum(`, where the parser gives up
      '20:18 slo-queries', // good = valid: the SLI is 100% forever
      '32:18 slo-queries', // the good selector lacks the valid one's job="api" (the `[window]` range is fine)
    ]);
  });
});

describe('slo-generator error budget policies in slo-alerting', () => {
  it('reports at the goal and points at the unreachable steps of the shared config', () => {
    const slo = v2(
      'prometheus',
      'query_sli',
      '    expression: sum(rate(a_total[window])) / sum(rate(b_total[window]))\n',
    ).replace('goal: 0.999', 'goal: 0.9');
    const config =
      'error_budget_policies:\n  default:\n    steps:\n      - {name: 1 hour, burn_rate_threshold: 14.4, window: 3600, message_alert: a, message_ok: b}\n      - {name: 6 hours, burn_rate_threshold: 6, window: 21600, message_alert: a, message_ok: b}\n';
    const inputs = [
      { path: '/slos/checkout.yaml', text: slo },
      { path: '/config.yaml', text: config },
    ];
    const { project } = loadConfigProject(inputs);
    const reports: { file: string; start: number; message: string; related: { file: string; start: number }[] }[] = [];
    configRules['slo-alerting']!.check({
      options: {},
      project,
      report: (r) =>
        reports.push({
          file: r.file,
          start: r.range.start,
          message: r.message,
          related: (r.related ?? []).map((x) => ({ file: x.file, start: x.range.start })),
        }),
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.file).toBe('/slos/checkout.yaml');
    expect(lineColumn(slo, reports[0]!.start)).toEqual({ line: 10, column: 9 });
    expect(reports[0]!.message).toContain("step '1 hour' (×14.4) of error budget policy 'default' (../config.yaml)");
    expect(reports[0]!.related.map((x) => [x.file, lineColumn(config, x.start)])).toEqual([
      ['/config.yaml', { line: 4, column: 45 }],
    ]);
  });
});
