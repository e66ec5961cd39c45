/** The metric catalog: OpenTelemetry→Prometheus names, prom-client series, and what typed mode adds. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exposedSeries, unitSuffix, type MetricDefinition } from '../src/analysis/metrics/catalog.js';
import { lintSync } from '../src/engine/lint.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const base = { file: '/x.ts', start: 0, end: 0 };
const names = (definition: Omit<MetricDefinition, 'file' | 'start' | 'end'>) =>
  exposedSeries({ ...base, ...definition }).map((series) => series.name);

describe('exposedSeries', () => {
  it('translates OpenTelemetry instruments the way the Prometheus exporter does', () => {
    expect(names({ library: 'opentelemetry', name: 'http.server.duration', kind: 'histogram', unit: 'ms' })).toEqual([
      'http_server_duration_milliseconds_bucket',
      'http_server_duration_milliseconds_sum',
      'http_server_duration_milliseconds_count',
    ]);
    expect(names({ library: 'opentelemetry', name: 'orders.created', kind: 'counter', unit: '{order}' })).toEqual([
      'orders_created_total',
    ]);
    expect(names({ library: 'opentelemetry', name: 'queue.depth', kind: 'updowncounter' })).toEqual(['queue_depth']);
    expect(names({ library: 'opentelemetry', name: 'cpu.utilization', kind: 'gauge', unit: '1' })).toEqual([
      'cpu_utilization_ratio',
    ]);
    expect(names({ library: 'opentelemetry', name: 'net.io', kind: 'counter', unit: 'By' })).toEqual([
      'net_io_bytes_total',
    ]);
    expect(names({ library: 'opentelemetry', name: 'request_duration_seconds', kind: 'histogram', unit: 's' })[0]).toBe(
      'request_duration_seconds_bucket',
    );
    expect(unitSuffix('By/s', 'gauge')).toBe('bytes_per_second');
  });

  it('adds prom-client histogram and summary series, and keeps counter names as written', () => {
    expect(names({ library: 'prom-client', name: 'latency_seconds', kind: 'histogram' })).toEqual([
      'latency_seconds_bucket',
      'latency_seconds_sum',
      'latency_seconds_count',
    ]);
    expect(names({ library: 'prom-client', name: 'rpc_seconds', kind: 'summary' })).toEqual([
      'rpc_seconds',
      'rpc_seconds_sum',
      'rpc_seconds_count',
    ]);
    expect(names({ library: 'prom-client', name: 'jobs_total', kind: 'counter' })).toEqual(['jobs_total']);
  });

  it('gives histogram buckets the le label and summaries the quantile label', () => {
    const [bucket] = exposedSeries({
      ...base,
      library: 'prom-client',
      name: 'x_seconds',
      kind: 'histogram',
      labelNames: ['route'],
    });
    expect([...bucket!.labels!].sort()).toEqual(['le', 'route']);
  });
});

describe('typed mode closes value sets syntax mode cannot', () => {
  const dir = join(fixturesDir, 'no-undefined-metrics/typed');
  const lines = (types: boolean) =>
    lintSync({ cwd: repoRoot, paths: [dir], onlyRules: ['no-undefined-metrics'], types }).results.flatMap((result) =>
      result.findings.map((finding) => `${finding.start.line}:${finding.ruleId}`),
    );

  it('typed: outcome="error" can never match the (typeof outcomes)[number] values', () => {
    expect(lines(true)).toEqual(['5:no-undefined-metrics']);
  });

  it('syntax mode: the value set is unknown, so nothing is reported', () => {
    expect(lines(false)).toEqual([]);
  });

  it('the catalog lists both definitions with their labels and values', () => {
    const run = lintSync({ cwd: repoRoot, paths: [dir], onlyRules: [], collectMetrics: true });
    expect(
      run.metrics!.definitions.map((d) => ({ name: d.name, labels: d.labelNames, values: d.labelValues })),
    ).toEqual([{ name: 'cache_lookups_total', labels: ['outcome'], values: { outcome: ['hit', 'miss'] } }]);
  });
});

describe('catalog completeness: factories, spreads and default metrics', () => {
  const catalogOf = (dir: string) =>
    lintSync({ cwd: repoRoot, paths: [join(fixturesDir, dir)], onlyRules: [], collectMetrics: true }).metrics!;

  it('lists each call site of a factory that passes its options through a spread, a rest or another factory', () => {
    const catalog = catalogOf('metric-naming/src/factories');
    const own = catalog.definitions.filter((d) => !d.source);
    expect(own.map((d) => [d.name, d.kind, d.labelNames])).toEqual([
      ['added_total', 'gauge', []],
      ['app_sessions_total', 'gauge', []],
      ['cache_entries_total', 'gauge', []],
      ['direct_total', 'gauge', []],
      ['fixed_queue_depth', 'gauge', []],
      ['jobs_processed', 'counter', []],
      ['nested_total', 'gauge', []],
      ['queue_depth', 'gauge', []],
      ['queue_depth_total', 'gauge', []],
      ['workers_total', 'gauge', ['pool']],
    ]);
    // Each is placed at its call site, not inside the factory.
    expect(own.find((d) => d.name === 'workers_total')!.file).toMatch(/factories[/\\]uses\.ts$/);
  });

  it('adds what collectDefaultMetrics() registers, with its prefix, as library metrics', () => {
    const defaults = catalogOf('metric-naming/src/factories').definitions.filter((d) => d.source);
    expect(defaults.length).toBe(31);
    expect(defaults.every((d) => d.source === 'collectDefaultMetrics' && d.name.startsWith('app_'))).toBe(true);
    const gc = defaults.find((d) => d.name === 'app_nodejs_gc_duration_seconds')!;
    expect([gc.kind, gc.labelNames]).toEqual(['histogram', ['kind']]);
    expect(defaults.find((d) => d.name === 'app_nodejs_active_handles_total')!.kind).toBe('gauge');
    expect(defaults.find((d) => d.name === 'app_process_cpu_seconds_total')!.kind).toBe('counter');
  });

  it('@prometheus-io/client: its extra event-loop utilisation metrics, and the keys of `labels` on every series', () => {
    const catalog = catalogOf('valid-metric-definitions/src');
    const summary = catalog.definitions.find((d) => d.name === 'nodejs_eventloop_utilization_summary')!;
    expect([summary.kind, summary.labelNames, summary.source]).toEqual([
      'summary',
      ['service'],
      'collectDefaultMetrics',
    ]);
    expect(catalog.series('nodejs_heap_space_size_used_bytes')[0]!.labels).toEqual(new Set(['space', 'service']));
    expect(catalog.series('nodejs_eventloop_utilization_histogram_bucket')).toHaveLength(1);
    // The project's own metrics are counted apart: a project that only collects the defaults defines none.
    expect(catalog.size).toBe(catalog.definitions.filter((d) => !d.source).length);
  });
});
