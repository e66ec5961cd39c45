import { defineConfigRule, noOptions } from '../src/rule.js';
import { parsePrometheusDuration, formatDuration } from '../src/config-files/duration.js';
import { prometheusRules } from '../src/config-files/prometheus-rules.js';
import { comparisonOperators, functionCalls, rootExpression } from '../src/config-files/promql/queries.js';
import { callArguments, functionName, nodesNamed, unwrap } from '../src/config-files/promql/syntax-tree.js';
import { locate } from '../src/config-files/yaml-nodes.js';
import { valueAt } from '../src/config-files/yaml-values.js';

/** Everything this rule says: messages and help. */
const messages = {
  alwaysFiring: (alert: string) =>
    `Alert '${alert}' has no comparison, filter or absent(): it fires for every series the query returns, ` +
    'for as long as they exist.',
  alwaysFiringHelp:
    'Add the condition that makes it a problem (e.g. `> 0.05`), or use `vector(1)` if an always-firing heartbeat ' +
    'is intended.',
  /** `effect` is `wait` (for `for`) or `hold` (for `keep_firing_for`). */
  shorterThanInterval: (field: string, value: string, interval: string, effect: string) =>
    `\`${field}: ${value}\` is shorter than the group's evaluation interval (${interval}): the rule is only ` +
    `evaluated every ${interval}, so this ${effect} has no effect.`,
  wait: 'wait',
  hold: 'hold',
  shorterThanIntervalHelp: (field: string, interval: string) =>
    `Use a \`${field}\` of at least ${interval} (usually several intervals), or remove it.`,
} as const;

/** An alert whose query can return no series: a comparison, a set filter, or absent(). */
function canResolve(text: string, tree: Parameters<typeof rootExpression>[0]): boolean {
  for (const node of nodesNamed(tree, ['BinaryExpr'])) {
    const hasBool = node.getChild('BoolModifier') !== null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (comparisonOperators.has(child.name) && !hasBool) return true;
      if (child.name === 'And' || child.name === 'Unless') return true;
    }
  }
  return functionCalls(text, tree, ['absent', 'absent_over_time']).length > 0;
}

/** `vector(1)` alone is the deliberate always-firing "watchdog" / dead man's switch alert. */
function isHeartbeat(text: string, tree: Parameters<typeof rootExpression>[0]): boolean {
  const root = rootExpression(tree);
  if (!root) return false;
  const inner = unwrap(root);
  return (
    inner.name === 'FunctionCall' &&
    functionName(text, inner) === 'vector' &&
    callArguments(inner)[0]?.name === 'NumberDurationLiteral'
  );
}

export default defineConfigRule({
  meta: {
    id: 'alert-for',
    family: 'config',
    description: 'Alerts must be able to resolve, and `for` / `keep_firing_for` must have an effect.',
    rationale:
      'An alert query without a comparison returns every series it selects, so the alert fires for all of them all the time and is muted or ignored; a `for` shorter than the group evaluation interval does nothing, hiding the intended flap protection.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const rule of prometheusRules(project)) {
      if (rule.type !== 'alert') continue;
      const expression = rule.expression;
      if (expression?.judgeable) {
        const parsed = expression.parsed();
        if (
          parsed.syntaxErrors.length === 0 &&
          !canResolve(parsed.text, parsed.tree) &&
          !isHeartbeat(parsed.text, parsed.tree)
        ) {
          report({
            file: rule.object.file.path,
            range: locate(rule.object, [...rule.path, 'expr']),
            message: messages.alwaysFiring(rule.name ?? ''),
            help: messages.alwaysFiringHelp,
          });
        }
      }
      const groupPath = rule.path.slice(0, -2);
      const interval = valueAt(rule.object.value, ...groupPath, 'interval');
      const intervalSeconds = typeof interval === 'string' ? parsePrometheusDuration(interval) : undefined;
      for (const field of ['for', 'keep_firing_for'] as const) {
        const raw = rule.value[field];
        if (typeof raw !== 'string') continue;
        const seconds = parsePrometheusDuration(raw);
        if (seconds === undefined || seconds === 0 || intervalSeconds === undefined || seconds >= intervalSeconds)
          continue;
        report({
          file: rule.object.file.path,
          range: locate(rule.object, [...rule.path, field]),
          message: messages.shorterThanInterval(
            field,
            raw,
            formatDuration(intervalSeconds),
            field === 'for' ? messages.wait : messages.hold,
          ),
          help: messages.shorterThanIntervalHelp(field, formatDuration(intervalSeconds)),
        });
      }
    }
  },
});
