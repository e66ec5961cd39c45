/**
 * Feeds the project's metric catalog from one file: the metrics it defines (prom-client and OpenTelemetry, through
 * `instruments.ts`), what its write sites say about label names and closed value sets, and the library's default
 * metrics where it calls `collectDefaultMetrics()` (`default-metrics.ts`).
 */
import { ts } from '../../compiler.js';
import { visitDescendants } from '../syntax/ast.js';
import type { FileAnalysis } from '../modules/file-analysis.js';
import { literalValues } from '../values/literal-values.js';
import type { MetricCatalog, MetricDefinition as CatalogDefinition, MetricKind } from './catalog.js';
import { metricDefinitionsIn, usesPromClient, type MetricDefinition, type MetricType } from './instruments.js';
import { metricWriteAt } from './writes.js';
import { defaultMetricsCallAt } from './default-metrics.js';
import { promClientMention } from './prom-client.js';

const kinds: Record<MetricType, MetricKind> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
  updowncounter: 'updowncounter',
  observablecounter: 'observable-counter',
  observablegauge: 'observable-gauge',
  observableupdowncounter: 'observable-updowncounter',
};

/** Identifies a definition across files: its module and position (and the factory call that named it). */
export function definitionKey(definition: MetricDefinition): string {
  return `${definition.view.path}:${definition.node.pos}${definition.site ? `@${definition.siteView?.path ?? ''}:${definition.site.pos}` : ''}`;
}

function toCatalog(definition: MetricDefinition): CatalogDefinition | undefined {
  if (definition.name.kind !== 'static') return undefined;
  const labelNames =
    definition.labelNames && definition.labelNames.every((name): name is string => typeof name === 'string')
      ? definition.labelNames
      : undefined;
  const anchor = definition.site ?? definition.nameNode ?? definition.node;
  const anchorFile = definition.site ? (definition.siteView?.path ?? definition.view.path) : definition.view.path;
  return {
    library: definition.library,
    name: definition.name.value,
    kind: kinds[definition.type],
    labelNames:
      definition.library === 'prom-client' ? (labelNames ?? (definition.labelNamesNode ? undefined : [])) : undefined,
    unit: definition.unit?.kind === 'static' ? definition.unit.value : undefined,
    file: anchorFile,
    start: anchor.getStart(),
    end: anchor.getEnd(),
  };
}

/** Files that cannot define or write a metric: nothing in them names a metrics library or a metric kind. */
const metricVocabulary = new RegExp(
  `${promClientMention.source}|@opentelemetry|metric|counter|histogram|gauge|summary|meter|timer`,
  'i',
);

export function collectMetricDefinitions(file: FileAnalysis, catalog: MetricCatalog): void {
  if (!metricVocabulary.test(file.sourceFile.text)) return;
  for (const definition of metricDefinitionsIn(file)) {
    const entry = toCatalog(definition);
    if (entry) catalog.add(entry, definitionKey(definition));
  }
  const promClient = usesPromClient(file);
  visitDescendants(file.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const defaults = defaultMetricsCallAt(file, node, promClient);
    if (defaults) {
      for (const metric of defaults.metrics)
        catalog.addDefault({
          library: 'prom-client',
          name: metric.name,
          kind: metric.type,
          labelNames: metric.labelNames,
          source: 'collectDefaultMetrics',
          file: file.path,
          start: node.getStart(),
          end: node.getEnd(),
        });
      return;
    }
    const write = metricWriteAt(file, node);
    const definition = write?.metric?.definition;
    if (!write || !definition) return;
    // Writes without labels (`inc()`, `end()` of a labelled timer) say nothing about the label set.
    if (write.labels.length === 0 && write.method !== 'add' && write.method !== 'record') return;
    const names = write.labels.map((label) => label.name);
    const labelValues: Record<string, readonly string[] | undefined> = {};
    for (const label of write.labels) if (label.name) labelValues[label.name] = literalValues(label.view, label.value);
    catalog.addWrite(definitionKey(definition), {
      labelNames: names.every((name): name is string => typeof name === 'string') ? names : undefined,
      labelValues,
    });
  });
}
