/** Metric recognition: definitions (the catalog's unit) and writes, through fields, exports and factories. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { parseSyntaxMode } from '../src/languages/typescript/parse.js';
import { ProjectFacts } from '../src/analysis/modules/project.js';
import type { ModuleView } from '../src/analysis/modules/module-view.js';
import { metricDefinitionsIn } from '../src/analysis/metrics/instruments.js';
import { metricWriteAt } from '../src/analysis/metrics/writes.js';
import {
  promLabelNameProblems,
  promMetricNameProblems,
  otelInstrumentNameProblems,
  otelUnitProblems,
} from '../src/analysis/metrics/names.js';

function viewOf(source: string, others: Record<string, string> = {}, name = 'main.ts'): ModuleView {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-metrics-'));
  for (const [file, text] of Object.entries(others)) writeFileSync(join(dir, file), text);
  const path = join(dir, name);
  writeFileSync(path, source);
  const { sourceFile, checker } = parseSyntaxMode(path, source);
  return { path, sourceFile, checker, typed: false, project: new ProjectFacts() };
}

function writes(view: ModuleView) {
  const found: { method: string; metric?: string; labels: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const write = metricWriteAt(view, node);
      if (write)
        found.push({
          method: write.method,
          metric: write.metric?.definition?.name.value,
          labels: write.labels.map((label) => `${label.name}=${label.value.getText()}`),
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(view.sourceFile);
  return found;
}

describe('metric definitions', () => {
  it('lists prom-client and OTel definitions with name, type, labels, help and unit', () => {
    const view = viewOf(`
      import client, { Counter } from 'prom-client';
      import { metrics } from '@opentelemetry/api';
      const LABELS = ['route', 'method'] as const;
      const c = new Counter({ name: 'http_requests_total', help: 'Requests.', labelNames: [...LABELS, 'status'] });
      const h = new client.Histogram({ name: \`\${'app'}_latency_seconds\`, help: 'Latency.' });
      const meter = metrics.getMeter('x');
      const d = meter.createHistogram('http.server.request.duration', { unit: 's', description: 'Duration.' });
    `);
    const definitions = metricDefinitionsIn(view).map((d) => ({
      library: d.library,
      type: d.type,
      name: d.name.value,
      labels: d.labelNames,
      help: d.help.value,
      unit: d.unit?.value,
    }));
    expect(definitions).toEqual([
      {
        library: 'prom-client',
        type: 'counter',
        name: 'http_requests_total',
        labels: ['route', 'method', 'status'],
        help: 'Requests.',
        unit: undefined,
      },
      {
        library: 'prom-client',
        type: 'histogram',
        name: 'app_latency_seconds',
        labels: [],
        help: 'Latency.',
        unit: undefined,
      },
      {
        library: 'opentelemetry',
        type: 'histogram',
        name: 'http.server.request.duration',
        labels: undefined,
        help: 'Duration.',
        unit: 's',
      },
    ]);
  });

  it('expands factories: one definition per call site, named by its arguments, also from another module', () => {
    const view = viewOf(
      `import { createCounter } from './util';
       function gauge(name: string) { return new Gauge({ name, help: 'x' }); }
       const a = gauge('queue_depth');
       const b = gauge('pool_size');
       const c = createCounter({ name: 'logins_total', help: 'Logins.', labelNames: ['outcome'] });
       import { Gauge } from 'prom-client';`,
      {
        'util.ts': `export * from './counter';`,
        'counter.ts': `import { Counter } from 'prom-client';\nexport const createCounter = (options) => { const counter = new Counter(options); return { counter, inc: () => counter.inc() }; };`,
      },
    );
    expect(metricDefinitionsIn(view).map((d) => [d.type, d.name.value, d.labelNames, !!d.site])).toEqual([
      ['gauge', 'queue_depth', [], true],
      ['gauge', 'pool_size', [], true],
      ['counter', 'logins_total', ['outcome'], true],
    ]);
  });
});

describe('metric writes', () => {
  it('resolves metrics through class fields, exports, .labels(), startTimer/end and factories', () => {
    const view = viewOf(
      `import { latency } from './defs';
       import { Counter } from 'prom-client';
       function make(name) { return new Counter({ name, help: 'h', labelNames: ['a', 'b'] }); }
       const made = make('made_total');
       class S {
         private c = new Counter({ name: 'jobs_total', help: 'Jobs.', labelNames: ['job'] });
         run(job: string) { this.c.inc({ job }); }
       }
       made.labels('x', y).inc();
       const end = latency.startTimer({ route: r });
       end({ method: m });`,
      {
        'defs.ts': `import { Histogram } from 'prom-client';\nexport const latency = new Histogram({ name: 'latency_seconds', help: 'L.', labelNames: ['route', 'method'] });`,
      },
    );
    expect(writes(view)).toEqual([
      { method: 'inc', metric: 'jobs_total', labels: ['job=job'] },
      { method: 'inc', metric: 'made_total', labels: [] },
      { method: 'labels', metric: 'made_total', labels: ["a='x'", 'b=y'] },
      { method: 'startTimer', metric: 'latency_seconds', labels: ['route=r'] },
      { method: 'end', metric: 'latency_seconds', labels: ['method=m'] },
    ]);
  });

  it('OTel add/record/observe, and not Set.add or Map.set', () => {
    const view = viewOf(`
      import { metrics } from '@opentelemetry/api';
      const meter = metrics.getMeter('x');
      const counter = meter.createCounter('c');
      const gauge = meter.createObservableGauge('g');
      counter.add(1, { route: r });
      gauge.addCallback((result) => result.observe(1, { queue: q }));
      const seen = new Set(); seen.add(userId);
      const cache = new Map(); cache.set({ k: 1 }, 2);
    `);
    expect(writes(view)).toEqual([
      { method: 'add', metric: 'c', labels: ['route=r'] },
      { method: 'observe', metric: 'g', labels: ['queue=q'] },
    ]);
  });
});

describe('metric names', () => {
  it('promlint rules, judged with the real type; what prom-client rejects is marked', () => {
    expect(promMetricNameProblems('http_requests_total', 'counter')).toEqual([]);
    expect(promMetricNameProblems('http_requests', 'counter').map((p) => p.kind)).toEqual(['counterWithoutTotal']);
    expect(promMetricNameProblems('queue_total', 'gauge').map((p) => p.kind)).toEqual(['totalOnNonCounter']);
    expect(promMetricNameProblems('latency_ms', 'histogram')[0]).toMatchObject({
      kind: 'abbreviatedUnit',
      abbreviation: 'ms',
      subSecond: true,
    });
    expect(promMetricNameProblems('cache.hits_total', 'counter')).toEqual([
      { kind: 'invalidName', rejected: true, suggestion: 'cache_hits_total' },
    ]);
    // MetricTypeInName fires only for the metric's own type (client_golang PR #1455).
    expect(promMetricNameProblems('summary_requests_total', 'counter')).toEqual([]);
    expect(promLabelNameProblems('le', 'histogram')).toEqual([
      { kind: 'ownReservedLabel', rejected: true, label: 'le', type: 'histogram' },
    ]);
    expect(promLabelNameProblems('le', 'counter').map((p) => p.kind)).toEqual(['foreignReservedLabel']);
    expect(promLabelNameProblems('job-name', 'counter').map((p) => p.kind)).toEqual(['invalidLabel']);
    expect(promLabelNameProblems('status_code', 'counter')).toEqual([]);
  });

  it('OTel instrument names: a unit word is a problem unless the declared unit translates to exactly that word', () => {
    expect(otelInstrumentNameProblems('http.server.request.duration')).toEqual([]);
    expect(otelInstrumentNameProblems('http.server.duration_ms')).toMatchObject([
      { kind: 'unitInName', word: 'ms', ucum: 'ms', suggestion: 'http.server.duration' },
    ]);
    expect(otelInstrumentNameProblems('ingest.bytes', 'By')).toEqual([]);
    expect(otelInstrumentNameProblems('queue.wait.seconds', 's')).toEqual([]);
    expect(otelInstrumentNameProblems('queue.wait_ms', 'ms')).toMatchObject([
      { declared: 'ms', translated: 'queue_wait_ms_milliseconds' },
    ]);
    expect(otelInstrumentNameProblems('1st.requests').map((p) => p.kind)).toEqual(['invalidInstrumentName']);
  });

  it('UCUM units: every plain word is a count annotation, whichever word it is', () => {
    for (const unit of ['s', 'ms', 'By', 'KiBy', 'By/s', '{request}', '{packet}/s', '1', '%', 'Cel'])
      expect(otelUnitProblems(unit, 'x'), unit).toEqual([]);
    expect(otelUnitProblems('seconds', 'x')[0]).toMatchObject({ fix: 's', count: false });
    const fixes = Object.fromEntries(
      ['queries', 'inserts', 'flushes', 'observations', 'connections', 'requests', 'items', 'batches'].map((unit) => [
        unit,
        otelUnitProblems(unit, 'x')[0]?.fix,
      ]),
    );
    expect(fixes).toEqual({
      queries: '{query}',
      inserts: '{insert}',
      flushes: '{flush}',
      observations: '{observation}',
      connections: '{connection}',
      requests: '{request}',
      items: '{item}',
      batches: '{batch}',
    });
    expect(otelUnitProblems('requests/s', 'x')[0]!.fix).toBe('{request}/s');
    // The Prometheus translation appends a plain word unless the name has it already: fixing it renames the series.
    expect(otelUnitProblems('queries', 'db.client.queries.active')[0]).toMatchObject({
      translated: 'db_client_queries_active',
      translatedAfterFix: 'db_client_queries_active',
    });
    expect(otelUnitProblems('items', 'flush.batch_size')[0]).toMatchObject({
      translated: 'flush_batch_size_items',
      translatedAfterFix: 'flush_batch_size',
    });
  });
});
