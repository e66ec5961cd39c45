import { relative, sep } from 'node:path';
import { exposedSeries, type MetricCatalog } from '../analysis/metrics/catalog.js';

/**
 * `obslint metrics`: the metrics the code defines — as written, and as the series Prometheus will store — with
 * their labels and where they are defined: the seed of a metric registry a team can review. The library's default
 * metrics are listed too, marked with the `collectDefaultMetrics()` call that registers them.
 */
export function metricsTable(
  catalog: MetricCatalog,
  cwd: string,
  format: 'table' | 'json',
  positionOf: (file: string, offset: number) => { line: number; column: number },
): string {
  const rows = [...catalog.definitions]
    .sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file) || a.start - b.start)
    .map((definition) => {
      const at = positionOf(definition.file, definition.start);
      return {
        name: definition.name,
        library: definition.library,
        type: definition.kind,
        unit: definition.unit,
        labels: definition.labelNames ? [...definition.labelNames] : null,
        labelValues: definition.labelValues ?? {},
        series: exposedSeries(definition).map((series) => series.name),
        definedAt: `${relative(cwd, definition.file).split(sep).join('/')}:${at.line}:${at.column}`,
        // Library metrics (`collectDefaultMetrics()`) are listed where they are switched on.
        ...(definition.source ? { source: definition.source } : {}),
      };
    });
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (rows.length === 0) return 'No metrics defined in the linted code.\n';
  const table = [
    ['METRIC', 'TYPE', 'LABELS', 'PROMETHEUS SERIES', 'DEFINED AT'],
    ...rows.map((row) => [
      row.name,
      `${row.library === 'opentelemetry' ? 'otel ' : ''}${row.type}`,
      row.labels ? row.labels.join(',') || '-' : '?',
      row.series.join(' '),
      row.source ? `${row.definedAt} (${row.source}())` : row.definedAt,
    ]),
  ];
  const widths = table[0]!.map((_, index) => Math.max(...table.map((row) => row[index]!.length)));
  return `${table.map((row) => row.map((cell, index) => (index < row.length - 1 ? cell.padEnd(widths[index]!) : cell)).join('  ')).join('\n')}\n`;
}
