/** PromQL parsing, typing and the mapping of query offsets back to the file (block scalars, templates, escapes). */
import { describe, expect, it } from 'vitest';
import { forEachPromQLExpression, loadConfigProject, type PromQLExpression } from '../src/config-files/index.js';
import { parsePromQL } from '../src/config-files/promql/syntax-tree.js';
import { typeErrors } from '../src/config-files/promql/type-check.js';
import { parsePrometheusDuration } from '../src/config-files/duration.js';
import { lineColumn } from './config-harness.js';

function expressions(text: string): PromQLExpression[] {
  const { project } = loadConfigProject([{ path: '/x.yaml', text }]);
  const out: PromQLExpression[] = [];
  forEachPromQLExpression(project, (expression) => out.push(expression));
  return out;
}

/** Where in the file the first occurrence of `needle` in the query lands. */
function fileSpotOf(
  text: string,
  expression: PromQLExpression,
  needle: string,
): { line: number; column: number; char: string } {
  const at = expression.query.text.indexOf(needle);
  const offset = expression.toFileOffset(at);
  return { ...lineColumn(text, offset), char: text[offset]! };
}

describe('PromQL offsets', () => {
  it('maps a literal block scalar line by line', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: |\n          sum(\n            rate(foo_total[5m])\n          )\n';
    const [expression] = expressions(text);
    expect(fileSpotOf(text, expression!, 'foo_total')).toEqual({ line: 7, column: 18, char: 'f' });
  });

  it('maps a folded block scalar', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: >\n          sum(rate(foo_total[5m]))\n          / sum(rate(bar_total[5m]))\n';
    const [expression] = expressions(text);
    expect(expression!.query.text).toBe('sum(rate(foo_total[5m])) / sum(rate(bar_total[5m]))\n');
    expect(fileSpotOf(text, expression!, 'bar_total')).toEqual({ line: 7, column: 22, char: 'b' });
  });

  it('maps double-quoted scalars with escapes and multi-line plain scalars', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: "foo{a=\\"b\\"} + bar"\n      - record: d:e:f\n        expr: sum(foo)\n          + bar_total\n';
    const [quoted, plain] = expressions(text);
    expect(quoted!.query.text).toBe('foo{a="b"} + bar');
    expect(fileSpotOf(text, quoted!, 'bar')).toEqual({ line: 5, column: 31, char: 'b' });
    expect(plain!.query.text).toBe('sum(foo) + bar_total');
    expect(fileSpotOf(text, plain!, 'bar_total')).toEqual({ line: 8, column: 13, char: 'b' });
  });

  it('substitutes {{.window}} and {{ .window }} and maps around them', () => {
    const text =
      'version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli:\n      events:\n        error_query: rate(errs_total[{{ .window }}]) + rate(x_total[{{.window}}])\n        total_query: rate(all_total[{{.window}}])\n';
    const [error] = expressions(text);
    expect(error!.query.text).toBe('rate(errs_total[5m]) + rate(x_total[5m])');
    expect(error!.windowPlaceholders).toBe(2);
    expect(fileSpotOf(text, error!, 'x_total')).toEqual({ line: 8, column: 61, char: 'x' });
    // An offset inside the substituted duration points at the placeholder.
    expect(lineColumn(text, error!.toFileOffset(error!.query.text.indexOf('5m')))).toEqual({ line: 8, column: 38 });
  });
});

describe('PromQL checks', () => {
  const errorsOf = (query: string): string[] => {
    const parsed = parsePromQL(query);
    return [...parsed.syntaxErrors, ...typeErrors(parsed)].map((error) => error.message);
  };

  it('reports trailing errors that lezer-based editors hide', () => {
    expect(errorsOf('sum(rate(x[5m])')).toEqual([expect.stringMatching(/closing `\)` is missing/)]);
    expect(errorsOf('foo{')).toHaveLength(1);
  });

  it('checks arity and argument types', () => {
    expect(errorsOf('rate(foo)')[0]).toMatch(/must be a range vector/);
    expect(errorsOf('rate(foo[5m], 1)')[0]).toMatch(/takes 1 argument, got 2/);
    expect(errorsOf('topk(foo, bar)')[0]).toMatch(/must be a number/);
    expect(errorsOf('label_join(up, "a", ",", "b", "c")')).toEqual([]);
    expect(errorsOf('round(up)')).toEqual([]);
    expect(errorsOf('1 > 2')[0]).toMatch(/bool/);
    expect(errorsOf('{job=""}')[0]).toMatch(/matches every series/);
    expect(errorsOf('up and 1')[0]).toMatch(/set operator/);
  });

  it('accepts modern PromQL', () => {
    for (const query of [
      '{"http.requests", code="500"}',
      'rate(foo[5m:1m] @ end())',
      'foo[1h30m]',
      'sum by (job) (rate(x_total[5m])) / on (job) group_left sum by (job) (y)',
      'histogram_quantile(0.9, rate(x[5m]))',
      'limitk(2, up)',
      'first_over_time(up[5m])',
    ]) {
      expect(errorsOf(query), query).toEqual([]);
    }
  });
});

describe('durations', () => {
  it('parses compound Prometheus durations and rejects prose', () => {
    expect(parsePrometheusDuration('1h30m')).toBe(5400);
    expect(parsePrometheusDuration('0')).toBe(0);
    expect(parsePrometheusDuration('10 minutes')).toBeUndefined();
    expect(parsePrometheusDuration('30m1h')).toBeUndefined();
  });
});
