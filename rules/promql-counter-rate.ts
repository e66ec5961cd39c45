import { defineConfigRule } from '../src/rule.js';
import { forEachPromQLExpression } from '../src/config-files/expressions.js';
import {
  binaryParts,
  constantValue,
  functionCalls,
  rangeArgumentSelector,
} from '../src/config-files/promql/queries.js';
import { functionName, nodesNamed, readSelector, unwrap } from '../src/config-files/promql/syntax-tree.js';

interface Options {
  knownCounters: string[];
}

/** Everything this rule says: messages and help. */
const messages = {
  rateOfGauge: (fn: string, metric: string) =>
    `\`${fn}()\` is applied to '${metric}', whose name says it is a gauge (a level, size or state, not a ` +
    `\`_total\`/\`_count\`/\`_sum\`/\`_bucket\` counter). On a gauge, ${fn}() reads every decrease as a counter ` +
    'reset and returns wrong, spiky values.',
  rateOfGaugeHelp: (metric: string) =>
    'For a gauge use `deriv()` or `delta()` (or `*_over_time()`); ' +
    `if '${metric}' really is a counter, add it to this rule's \`knownCounters\` option.`,
  rawCounter: (metric: string) =>
    `The counter '${metric}' is compared without rate() or increase(): a counter only grows, so once it passes the ` +
    'threshold the alert keeps firing until the process restarts, whatever the current rate.',
  rawCounterHelp: (metric: string) =>
    `Compare its recent change instead, e.g. \`increase(${metric}[10m]) > …\` or \`rate(${metric}[5m]) > …\`.`,
} as const;

const counterSuffix = /_(total|count|sum|bucket)$/;
/**
 * Many exporters predate the `_total` convention (SNMP's ifInOctets, postgres' xact_commit), so "not named like a
 * counter" alone is too weak to report. Names that say what a gauge measures are strong evidence instead.
 */
const gaugeName =
  /(^up$|_(ratio|percent|percentage|celsius|temperature|info|size_bytes|usage|average|avg|timestamp|timestamp_seconds|gauge|available|free|used|limit|capacity|utilization|utilisation|up|level|depth|length|ready|enabled|age_seconds)$)/;
/**
 * `_total` is also (mis)used for gauges such as `cluster_members_total`; a counter compared raw is only reported when
 * its name says it counts events.
 */
const eventCounterName = /(error|fail|reject|drop|retr|restart|timeout|panic|crash|abort|discard|denied|refused)/i;
const rateFunctions = ['rate', 'irate', 'increase'];

export default defineConfigRule<Options>({
  meta: {
    id: 'promql-counter-rate',
    family: 'config',
    description:
      '`rate()`, `irate()` and `increase()` belong on counters, not on gauges, and counters compared in alerts belong inside them.',
    rationale:
      'rate() on a gauge treats every decrease as a counter reset and returns nonsense spikes; a raw counter compared with a threshold only ever grows, so the alert fires once and never resolves (or fires on every restart).',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        knownCounters: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Counter metric names that do not end in `_total`, `_count`, `_sum` or `_bucket` (older exporters).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { knownCounters: [] },
  },
  check({ options, project, report }) {
    const known = new Set(options.knownCounters);
    forEachPromQLExpression(project, (expression) => {
      if (!expression.judgeable) return;
      const parsed = expression.parsed();
      if (parsed.syntaxErrors.length > 0) return;
      for (const call of functionCalls(parsed.text, parsed.tree, rateFunctions)) {
        const selectorNode = rangeArgumentSelector(call);
        if (!selectorNode || selectorNode.name !== 'VectorSelector') continue;
        const metric = readSelector(parsed.text, selectorNode).metric;
        // Names with colons are recording-rule outputs: their type is whatever the rule made them.
        if (
          !metric ||
          metric.includes(':') ||
          counterSuffix.test(metric) ||
          known.has(metric) ||
          !gaugeName.test(metric)
        )
          continue;
        const name = functionName(parsed.text, call)!;
        report({
          file: expression.object.file.path,
          range: expression.toFileRange(selectorNode.from, selectorNode.to),
          message: messages.rateOfGauge(name, metric),
          help: messages.rateOfGaugeHelp(metric),
        });
      }
      if (expression.role !== 'alert') return;
      for (const node of nodesNamed(parsed.tree, ['BinaryExpr'])) {
        const parts = binaryParts(node);
        if (!parts || parts.bool || !['Gtr', 'Gte'].includes(parts.operator.name)) continue;
        const side = unwrap(parts.left);
        if (side.name !== 'VectorSelector' || constantValue(parsed.text, parts.right) === undefined) continue;
        const metric = readSelector(parsed.text, side).metric;
        if (!metric || metric.includes(':') || !metric.endsWith('_total') || !eventCounterName.test(metric)) continue;
        report({
          file: expression.object.file.path,
          range: expression.toFileRange(side.from, side.to),
          message: messages.rawCounter(metric),
          help: messages.rawCounterHelp(metric),
        });
      }
    });
  },
});
