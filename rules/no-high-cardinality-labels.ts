import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import {
  boundedNamesOption,
  nameBasedGuessesOption,
  formatChain,
  nameOnlyCaveat,
  valueSource,
  type ValueSource,
} from '../src/analysis/values/value-sources.js';
import { metricDefinitionAt, type MetricDefinition } from '../src/analysis/metrics/instruments.js';
import { metricWriteAt, type LabelValue, type MetricWrite } from '../src/analysis/metrics/writes.js';

interface Options {
  deniedLabelNames: string[];
  boundedNames: string[];
  nameBasedGuesses: boolean;
}

/** Everything this rule says: messages and help. */
const messages = {
  /**
   * `what` is `label` or `attribute`, `series` `timeSeries` or `attributeSet`, `consequence` `promConsequence` or
   * `otelConsequence`, `caveat` `nameOnlyCaveat(source)`.
   */
  unboundedValue: (
    what: string,
    metric: string,
    source: string,
    per: string,
    series: string,
    consequence: string,
    caveat: string,
  ) =>
    `The ${what} of ${metric} is set from ${source}: every ${per} becomes a new ${series}, ` +
    `and ${consequence}${caveat}.`,
  label: (name: string) => `label '${name}'`,
  attribute: (name: string) => `attribute '${name}'`,
  /** A computed key obslint cannot read: the code that computes it. */
  computedLabel: (code: string) => `label \`[${code}]\``,
  computedAttribute: (code: string) => `attribute \`[${code}]\``,
  /** A positional `labels('GET', …)` argument whose label name is unknown. */
  positionalLabel: (position: number) => `label #${position}`,
  unnamedLabel: 'label',
  unnamedAttribute: 'attribute',
  distinctValue: 'distinct value',
  timeSeries: 'time series',
  attributeSet: 'attribute set',
  promConsequence:
    'prom-client keeps every label combination it has seen in memory until the process restarts, and Prometheus ' +
    'stores and indexes each one as its own time series',
  otelConsequence:
    'the OpenTelemetry SDK keeps one attribute set per combination and, past 2000 per instrument, silently folds ' +
    'the rest into a single `otel.metric.overflow=true` series — the data is lost without an error',
  unboundedAttributeHelp:
    'Record a bounded value instead (a route template, a status class, an enum) or drop the attribute; ' +
    'per-request detail belongs on the span (`span.setAttribute`) or in logs.',
  unboundedLabelHelp:
    'Use a bounded value instead (a route template such as `req.route.path`, a status class, an enum) or drop the ' +
    'label; per-request detail belongs in logs, span attributes or exemplars.',
  deniedAttributeKey: (key: string, metric: string) =>
    `The attribute key '${key}' on ${metric} names a per-user or per-request value: each distinct value becomes its ` +
    `own attribute set, and ${messages.otelConsequence}.`,
  deniedAttributeKeyHelp:
    'Drop the attribute from the metric (keep it on the span or in logs), or replace it with a bounded classification.',
  /** `value` is the label name in words (`user_id` → `user id`). */
  deniedLabel: (label: string, metric: string, value: string) =>
    `The label '${label}' of ${metric} is declared for an unbounded value: each distinct ${value} becomes its own ` +
    `time series, and ${messages.promConsequence}.`,
  deniedLabelHelp:
    'Remove the label (keep the value in logs or span attributes), or replace it with a bounded classification ' +
    'such as a plan, a region or a status class.',
  thisMetric: 'this metric',
} as const;

const defaultDenied = [
  'user_id',
  'user_name',
  'user_email',
  'username',
  'email',
  'email_address',
  'enduser_id',
  'session_id',
  'session',
  'request_id',
  'trace_id',
  'span_id',
  'correlation_id',
  'transaction_id',
  'customer_id',
  'account_id',
  'order_id',
  'uuid',
  'guid',
  'ip',
  'ip_address',
  'client_ip',
  'remote_address',
  'url',
  'url_full',
  'http_url',
  'full_url',
  'uri',
  'http_target',
  'timestamp',
  'token',
];

/** `user.id`, `userId`, `User-Id` → `userid`: label names and attribute keys compared loosely. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function metricLabel(definition: MetricDefinition | undefined, write: MetricWrite): string {
  if (definition?.name.kind === 'static') return `'${definition.name.value}'`;
  const receiver = write.call.expression;
  const text = (ts.isPropertyAccessExpression(receiver) ? receiver.expression : receiver)
    .getText()
    .replace(/\s+/g, ' ');
  return `\`${text.length > 40 ? `${text.slice(0, 37)}…` : text}\``;
}

function describeLabel(label: LabelValue, otel: boolean): string {
  if (label.name !== undefined) return otel ? messages.attribute(label.name) : messages.label(label.name);
  if (label.keyCode !== undefined)
    return otel ? messages.computedAttribute(label.keyCode) : messages.computedLabel(label.keyCode);
  if (label.index !== undefined && !otel) return messages.positionalLabel(label.index + 1);
  return otel ? messages.unnamedAttribute : messages.unnamedLabel;
}

function describeSource(label: LabelValue, source: ValueSource): string {
  const chain = formatChain(source.chain.length ? source.chain : [label.value.getText()]);
  return `${chain} (${source.reason})`;
}

export default defineCodeRule<Options>({
  meta: {
    id: 'no-high-cardinality-labels',
    family: 'metrics',
    description:
      'Metric labels and attributes must not take unbounded values such as ids, emails, URLs, timestamps or error messages.',
    rationale:
      'Every distinct label value is a new time series. prom-client keeps them all in memory and Prometheus indexes each one, so a user id or a raw URL in a label grows memory and storage with traffic; the OpenTelemetry SDK silently folds everything past 2000 attribute sets per instrument into one overflow series.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        deniedLabelNames: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Label names and attribute keys that always hold unbounded values (compared ignoring case and `_`, `.`, `-`). Replaces the default list.',
        },
        boundedNames: boundedNamesOption,
        nameBasedGuesses: nameBasedGuessesOption,
      },
      additionalProperties: false,
    },
    defaultOptions: { deniedLabelNames: defaultDenied, boundedNames: [], nameBasedGuesses: false },
  },
  typescript(context) {
    const { file, options } = context;
    const denied = new Set(options.deniedLabelNames.map(normalise));
    const reported = new Set<number>();
    const once = (node: ts.Node): boolean => {
      const at = node.getStart(file.sourceFile);
      if (reported.has(at)) return false;
      reported.add(at);
      return true;
    };

    const checkWrite = (write: MetricWrite) => {
      const definition = write.metric?.definition;
      const otel = write.library === 'opentelemetry';
      const metric = metricLabel(definition, write);
      for (const label of write.labels) {
        if (label.view.sourceFile !== file.sourceFile) continue;
        const source = valueSource(file, label.value, { boundedNames: options.boundedNames });
        const what = describeLabel(label, otel);
        // Name-only evidence (`runtime.source.id`) is a guess: reported only when the configuration asks for guesses.
        if (source.verdict === 'unbounded' && (!source.byName || options.nameBasedGuesses)) {
          if (!once(label.value)) continue;
          context.report({
            node: label.value,
            message: messages.unboundedValue(
              what,
              metric,
              describeSource(label, source),
              source.per ?? messages.distinctValue,
              otel ? messages.attributeSet : messages.timeSeries,
              otel ? messages.otelConsequence : messages.promConsequence,
              nameOnlyCaveat(source),
            ),
            doubtful: source.byName,
            help: otel ? messages.unboundedAttributeHelp : messages.unboundedLabelHelp,
          });
          continue;
        }
        if (otel && label.name && denied.has(normalise(label.name)) && source.verdict !== 'bounded' && label.key) {
          if (!once(label.key)) continue;
          context.report({
            node: label.key,
            message: messages.deniedAttributeKey(label.name, metric),
            help: messages.deniedAttributeKeyHelp,
          });
        }
      }
    };

    const checkDefinition = (definition: MetricDefinition) => {
      if (
        definition.library !== 'prom-client' ||
        !definition.labelNameNodes ||
        definition.view.sourceFile !== file.sourceFile
      )
        return;
      definition.labelNameNodes.forEach((node, index) => {
        const name = definition.labelNames?.[index];
        if (!name || !denied.has(normalise(name)) || node.getSourceFile() !== file.sourceFile) return;
        if (!once(node)) return;
        const metric = definition.name.kind === 'static' ? `'${definition.name.value}'` : messages.thisMetric;
        context.report({
          node,
          message: messages.deniedLabel(name, metric, name.replace(/_/g, ' ')),
          help: messages.deniedLabelHelp,
        });
      });
    };

    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const write = metricWriteAt(file, node as ts.CallExpression);
          if (write) checkWrite(write);
        },
        [ts.SyntaxKind.NewExpression](node) {
          const definition = metricDefinitionAt(file, node);
          if (definition) checkDefinition(definition);
        },
      },
    };
  },
});
