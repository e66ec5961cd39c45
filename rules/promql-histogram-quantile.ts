import type { SyntaxNode } from '@lezer/common';
import { defineConfigRule, noOptions } from '../src/rule.js';
import { forEachPromQLExpression } from '../src/config-files/expressions.js';
import { constantValue, functionCalls } from '../src/config-files/promql/queries.js';
import {
  aggregateGrouping,
  callArguments,
  children,
  functionName,
  nodesNamed,
  readSelector,
  unwrap,
} from '../src/config-files/promql/syntax-tree.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `result` is `minusInfinity` or `plusInfinity`. */
  quantileOutOfRange: (quantile: number, result: string) =>
    `The quantile ${quantile} is outside 0..1: histogram_quantile() returns ${result} for every series, so this ` +
    'query never gives a latency.',
  minusInfinity: '-Inf',
  plusInfinity: '+Inf',
  quantileOutOfRangeHelp: 'Write the quantile as a ratio: 0.99 for the 99th percentile.',
  leDropped:
    'This aggregation drops the `le` label of the bucket series, so histogram_quantile() has no buckets to ' +
    'interpolate and returns nothing: the latency this query is meant to watch is never seen.',
  leDroppedWithoutHelp: 'Remove `le` from `without (…)`.',
  leDroppedByHelp: 'Keep `le` in the grouping, e.g. `sum by (le) (rate(…_bucket[5m]))`.',
  rawBuckets:
    'histogram_quantile() is given raw `_bucket` counters: they accumulate since the process started, so the ' +
    'result is the all-time quantile, not the current latency, and alerts on it barely move.',
  rawBucketsHelp: 'Take the rate first: `histogram_quantile(0.99, sum by (le) (rate(…_bucket[5m])))`.',
} as const;

const rangeCounterFunctions = new Set(['rate', 'irate', 'increase']);

/** Classic-histogram `_bucket` selectors inside `node`, each with whether a rate()/increase() wraps it. */
function bucketSelectors(text: string, node: SyntaxNode): { selector: SyntaxNode; rated: boolean }[] {
  const found: { selector: SyntaxNode; rated: boolean }[] = [];
  const visit = (current: SyntaxNode, rated: boolean): void => {
    if (current.name === 'VectorSelector') {
      const metric = readSelector(text, current).metric;
      if (metric && !metric.includes(':') && metric.endsWith('_bucket')) found.push({ selector: current, rated });
      return;
    }
    const isRate = current.name === 'FunctionCall' && rangeCounterFunctions.has(functionName(text, current) ?? '');
    for (const child of children(current)) visit(child, rated || isRate || current.name === 'SubqueryExpr');
  };
  visit(node, false);
  return found;
}

export default defineConfigRule({
  meta: {
    id: 'promql-histogram-quantile',
    family: 'config',
    description: '`histogram_quantile()` over classic histograms needs the `le` label and a rate of `_bucket` series.',
    rationale:
      'Aggregating buckets without keeping `le` leaves histogram_quantile() nothing to interpolate, so it returns no data or NaN and latency alerts never fire; raw bucket counters give the quantile since process start instead of the current latency.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    forEachPromQLExpression(project, (expression) => {
      if (!expression.judgeable) return;
      const parsed = expression.parsed();
      if (parsed.syntaxErrors.length > 0) return;
      const text = parsed.text;
      for (const call of functionCalls(text, parsed.tree, ['histogram_quantile'])) {
        const [quantile, input] = callArguments(call);
        if (!quantile || !input) continue;
        const phi = constantValue(text, quantile);
        if (phi !== undefined && (phi < 0 || phi > 1)) {
          report({
            file: expression.object.file.path,
            range: expression.toFileRange(quantile.from, quantile.to),
            message: messages.quantileOutOfRange(phi, phi < 0 ? messages.minusInfinity : messages.plusInfinity),
            help: messages.quantileOutOfRangeHelp,
          });
        }
        const buckets = bucketSelectors(text, input);
        if (buckets.length === 0) continue; // native histograms (or recorded series): no `le` involved
        for (const aggregate of [
          unwrap(input),
          ...nodesNamed(parsed.tree, ['AggregateExpr']).filter(
            (node) => node.from >= input.from && node.to <= input.to,
          ),
        ]) {
          if (aggregate.name !== 'AggregateExpr') continue;
          if (!bucketSelectors(text, aggregate).length) continue;
          const grouping = aggregateGrouping(text, aggregate);
          const keepsLe = grouping
            ? grouping.mode === 'by'
              ? grouping.labels.includes('le')
              : !grouping.labels.includes('le')
            : false;
          if (keepsLe) continue;
          report({
            file: expression.object.file.path,
            range: expression.toFileRange(grouping?.node.from ?? aggregate.from, grouping?.node.to ?? aggregate.to),
            message: messages.leDropped,
            help: grouping?.mode === 'without' ? messages.leDroppedWithoutHelp : messages.leDroppedByHelp,
          });
          break;
        }
        for (const bucket of buckets) {
          if (bucket.rated) continue;
          report({
            file: expression.object.file.path,
            range: expression.toFileRange(bucket.selector.from, bucket.selector.to),
            message: messages.rawBuckets,
            help: messages.rawBucketsHelp,
          });
        }
      }
    });
  },
});
