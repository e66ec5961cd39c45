import picomatch from 'picomatch';
import type { SyntaxNode } from '@lezer/common';
import { defineConfigRule } from '../src/rule.js';
import { promqlExpressions, type PromQLExpression } from '../src/config-files/expressions.js';
import { prometheusRules } from '../src/config-files/prometheus-rules.js';
import { selectors } from '../src/config-files/promql/queries.js';
import {
  aggregateGrouping,
  children,
  nodesNamed,
  textOf,
  unquote,
  type LabelMatcher,
  type Selector,
} from '../src/config-files/promql/syntax-tree.js';
import type { ExposedSeries, MetricCatalog } from '../src/analysis/metrics/catalog.js';
import { closestName } from '../src/util/closest-name.js';
import { relative } from 'node:path';

interface Options {
  externalMetrics: string[];
  externalLabels: string[];
}

/** Everything this rule says: messages and help. */
const messages = {
  undefinedMetric: (metric: string) =>
    `No code in this project defines the metric '${metric}': this selector matches no series, so the expression is ` +
    'always empty: an alert on it never fires and an SLO on it reports 100% forever.',
  /** `definition` is `describeDefinition(…)`: a path, or `definedAs`. */
  undefinedMetricHintHelp: (hint: string, definition: string, metric: string) =>
    `Did you mean '${hint}' (defined in ${definition})? If '${metric}' comes from an exporter or another service, ` +
    "add it to the rule's `externalMetrics` option.",
  undefinedMetricHelp:
    'Check the name against `obslint metrics`; if it comes from an exporter or another service, ' +
    "add it to the rule's `externalMetrics` option.",
  definedAs: (kind: string, name: string, where: string) => `${kind} '${name}' in ${where}`,
  otelInstrument: 'the OpenTelemetry instrument',
  promMetric: 'the metric',
  noSeries: 'so the selector matches no series: an alert on it never fires and an SLO on it reports 100% forever.',
  /** `labels` lists the metric's labels, or is `noLabels`. */
  missingLabel: (metric: string, label: string, labels: string) =>
    `The metric '${metric}' has no label '${label}' (its labels: ${labels}), ${messages.noSeries}`,
  noLabels: 'none',
  missingLabelHelp: (label: string) => `Use one of the metric's labels, or add '${label}' to its label names in code.`,
  impossibleValue: (label: string, metric: string, values: string, matcher: string) =>
    `The label '${label}' of '${metric}' only ever takes the values ${values} in code, so \`${matcher}\` can never ` +
    `match, ${messages.noSeries}`,
  impossibleValueHelp: 'Match one of the values the code emits.',
  missingGroupingLabel: (label: string, labels: string) =>
    `\`by (${label})\` groups by a label none of the aggregated metrics has (their labels: ${labels}): every result ` +
    `lands in one group with an empty '${label}', so per-${label} alerts and SLOs never see a real ${label}.`,
  missingGroupingLabelHelp: "Group by one of the metrics' labels.",
  didYouMean: (hint: string) => `Did you mean '${hint}'?`,
} as const;

/** Series every Prometheus setup has, or that well-known exporters and SLO generators produce. */
const builtInExternalMetrics = [
  'up',
  'ALERTS',
  'ALERTS_FOR_STATE',
  'scrape_*',
  'node_*',
  'kube_*',
  'kubelet_*',
  'container_*',
  'apiserver_*',
  'etcd_*',
  'coredns_*',
  'prometheus_*',
  'alertmanager_*',
  'go_*',
  'process_*',
  'probe_*',
  'slo:*',
  'sloth_*',
  'pyrra_*',
  'otel_*',
  'target_info',
];

/** Labels Prometheus attaches to every scraped series. */
const targetLabels = ['job', 'instance', '__name__'];

function labelNode(matcher: LabelMatcher): SyntaxNode {
  return matcher.node.getChild('LabelName') ?? matcher.node.getChild('QuotedLabelName') ?? matcher.node;
}

function fullMatch(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return undefined;
  }
}

/** "src/metrics.ts", or "the OpenTelemetry instrument 'a.b' in src/metrics.ts" when the names differ. */
function describeDefinition(series: ExposedSeries, cwd: string): string {
  const definition = series.definition;
  const where = relative(cwd, definition.file) || definition.file;
  if (definition.name === series.name) return where;
  const kind = definition.library === 'opentelemetry' ? messages.otelInstrument : messages.promMetric;
  return messages.definedAs(kind, definition.name, where);
}

/** Label names every series of this name can carry, or undefined when any definition leaves them open. */
function knownLabels(series: readonly ExposedSeries[]): Set<string> | undefined {
  const labels = new Set<string>();
  for (const entry of series) {
    if (!entry.labels) return undefined;
    for (const label of entry.labels) labels.add(label);
  }
  return labels;
}

export default defineConfigRule<Options>({
  meta: {
    id: 'no-undefined-metrics',
    family: 'config',
    description: 'Alert and SLO queries must select metrics and labels the code actually emits.',
    rationale:
      'A query on a metric or label the code never emits matches nothing: the alert never fires and the SLO reports 100% forever. These mismatches survive review because code and configuration live in different files.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        externalMetrics: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Metric names or glob patterns produced outside this code (exporters, other services); added to the built-in list (`up`, `node_*`, `kube_*`, `container_*`, …).',
        },
        externalLabels: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Labels added outside the code (Prometheus external labels, relabelling, OTel resource attributes promoted to labels); `job` and `instance` always exist.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { externalMetrics: [], externalLabels: [] },
  },
  check(context) {
    const catalog: MetricCatalog | undefined = context.code?.metrics;
    // A project whose code defines no metrics says nothing about what exists: stay silent.
    if (!catalog || catalog.size === 0) return;
    const cwd = context.code?.cwd ?? process.cwd();
    const isExternal = picomatch([...builtInExternalMetrics, ...context.options.externalMetrics]);
    const alwaysPresent = new Set([...targetLabels, ...context.options.externalLabels]);
    const recorded = new Set(
      prometheusRules(context.project)
        .filter((rule) => rule.type === 'record' && rule.name)
        .map((rule) => rule.name!),
    );
    const catalogNames = catalog.seriesNames();
    const namespaces = new Set(
      catalogNames
        .map((name) => name.split(/[_:]/)[0]!)
        .filter((prefix) => !['http', 'grpc', 'rpc', 'db', 'nodejs', 'process', 'app'].includes(prefix)),
    );

    // Expressions are judged together per alert/recording rule or per SLO: the unit whose other queries tell
    // whether it watches this code at all.
    const byUnit = new Map<string, PromQLExpression[]>();
    const objectIds = new Map<unknown, number>();
    for (const expression of promqlExpressions(context.project)) {
      if (!expression.judgeable) continue;
      if (!objectIds.has(expression.object)) objectIds.set(expression.object, objectIds.size);
      const lastIndex = expression.path.findLastIndex((part) => typeof part === 'number');
      const key = `${objectIds.get(expression.object)}:${expression.path.slice(0, lastIndex + 1).join('/')}`;
      const list = byUnit.get(key) ?? [];
      list.push(expression);
      byUnit.set(key, list);
    }

    for (const expressions of byUnit.values()) {
      const parsedSelectors = expressions.flatMap((expression) => {
        const parsed = expression.parsed();
        if (parsed.syntaxErrors.length > 0) return [];
        return selectors(parsed.text, parsed.tree).map((selector) => ({ expression, selector }));
      });
      // The unit targets this code when it selects at least one metric the code defines.
      const targetsThisCode = parsedSelectors.some(
        ({ selector }) => selector.metric && catalog.series(selector.metric).length > 0,
      );

      for (const { expression, selector } of parsedSelectors) {
        const metric = selector.metric;
        if (!metric || recorded.has(metric) || isExternal(metric)) continue;
        const report = (node: SyntaxNode, message: string, help: string) => {
          context.report({
            file: expression.object.file.path,
            range: expression.toFileRange(node.from, node.to),
            message,
            help,
          });
        };
        const series = catalog.series(metric);
        if (series.length === 0) {
          const hint = closestName(metric, catalogNames);
          const sameNamespace = namespaces.has(metric.split(/[_:]/)[0]!);
          if (!hint && !targetsThisCode && !sameNamespace) continue; // probably another service's metric: cannot know
          const nameNode = selector.node.getChild('Identifier') ?? selector.node;
          report(
            nameNode,
            messages.undefinedMetric(metric),
            hint
              ? messages.undefinedMetricHintHelp(hint, describeDefinition(catalog.series(hint)[0]!, cwd), metric)
              : messages.undefinedMetricHelp,
          );
          continue;
        }
        checkMatchers(selector, series, report);
      }
      for (const expression of expressions)
        checkGroupings(expression, catalog, alwaysPresent, recorded, isExternal, (node, message, help) =>
          context.report({
            file: expression.object.file.path,
            range: expression.toFileRange(node.from, node.to),
            message,
            help,
          }),
        );
    }

    function checkMatchers(
      selector: Selector,
      series: readonly ExposedSeries[],
      report: (node: SyntaxNode, message: string, help: string) => void,
    ): void {
      const labels = knownLabels(series);
      for (const matcher of selector.matchers) {
        if (alwaysPresent.has(matcher.label)) continue;
        if (labels && !labels.has(matcher.label)) {
          // `label!=""`-style matchers and `!=`/`!~` on a missing label still match: only positive matchers fail.
          const matchesEmpty =
            matcher.op === '!=' || matcher.op === '!~' ? matcher.value !== '' : fullMatch(matcher.value, '') === true;
          if (matchesEmpty) continue;
          const hint = closestName(matcher.label, [...labels]);
          report(
            labelNode(matcher),
            messages.missingLabel(selector.metric!, matcher.label, [...labels].sort().join(', ') || messages.noLabels),
            hint ? messages.didYouMean(hint) : messages.missingLabelHelp(matcher.label),
          );
          continue;
        }
        const values = series.map((entry) => entry.labelValues[matcher.label]);
        if (values.some((set) => !set)) continue; // some definition leaves the values open
        const possible = [...new Set(values.flatMap((set) => set!))];
        let impossible = false;
        if (matcher.op === '=') impossible = !possible.includes(matcher.value);
        else if (matcher.op === '=~') {
          const verdicts = possible.map((value) => fullMatch(matcher.value, value));
          impossible = verdicts.every((verdict) => verdict === false);
        }
        if (impossible) {
          const hint = closestName(matcher.value, possible);
          report(
            matcher.node,
            messages.impossibleValue(
              matcher.label,
              selector.metric!,
              possible.map((v) => `'${v}'`).join(', '),
              `${matcher.label}${matcher.op}"${matcher.value}"`,
            ),
            hint ? messages.didYouMean(hint) : messages.impossibleValueHelp,
          );
        }
      }
    }
  },
});

/** `sum by (x) (…)` and `on (x)` where no selected metric can carry `x`. */
function checkGroupings(
  expression: PromQLExpression,
  catalog: MetricCatalog,
  alwaysPresent: ReadonlySet<string>,
  recorded: ReadonlySet<string>,
  isExternal: (name: string) => boolean,
  report: (node: SyntaxNode, message: string, help: string) => void,
): void {
  const parsed = expression.parsed();
  if (parsed.syntaxErrors.length > 0) return;
  const text = parsed.text;
  /** Labels the selectors under `node` can carry, when every one of them is a catalog metric with known labels. */
  const labelsUnder = (node: SyntaxNode): Set<string> | undefined => {
    const found = new Set<string>();
    let any = false;
    const visit = (current: SyntaxNode): boolean => {
      if (current.name === 'VectorSelector') {
        const name = current.getChild('Identifier');
        const metric = name ? textOf(text, name) : undefined;
        if (!metric || recorded.has(metric) || isExternal(metric)) return false;
        const labels = knownLabels(catalog.series(metric));
        if (catalog.series(metric).length === 0 || !labels) return false;
        any = true;
        for (const label of labels) found.add(label);
        return true;
      }
      return children(current).every(visit);
    };
    return visit(node) && any ? found : undefined;
  };
  for (const aggregate of nodesNamed(parsed.tree, ['AggregateExpr'])) {
    const grouping = aggregateGrouping(text, aggregate);
    if (!grouping || grouping.mode !== 'by') continue;
    const body = aggregate.getChild('FunctionCallBody') ?? aggregate;
    const labels = labelsUnder(body);
    if (!labels) continue;
    const labelList = grouping.node.getChild('GroupingLabels');
    for (const child of labelList ? children(labelList) : []) {
      const label = unquote(textOf(text, child));
      if (alwaysPresent.has(label) || labels.has(label)) continue;
      const hint = closestName(label, [...labels]);
      report(
        child,
        messages.missingGroupingLabel(label, [...labels].sort().join(', ')),
        hint ? messages.didYouMean(hint) : messages.missingGroupingLabelHelp,
      );
    }
  }
}
