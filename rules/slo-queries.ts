import { defineConfigRule, noOptions } from '../src/rule.js';
import { objectExpressions, type PromQLExpression } from '../src/config-files/expressions.js';
import { locate } from '../src/config-files/yaml-nodes.js';
import { selectors, rootExpression } from '../src/config-files/promql/queries.js';
import { readSelector, unwrap, type Selector } from '../src/config-files/promql/syntax-tree.js';
import type { ConfigReport } from '../src/rule.js';

/** Everything this rule says: messages and help. */
const messages = {
  noWindow:
    'This Sloth query has no `{{.window}}` placeholder: Sloth renders each query once per alert window ' +
    '(5m, 30m, 1h…) and rejects a query that cannot change with it.',
  noWindowHelp:
    'Use `{{.window}}` as the range of every rate()/increase(), e.g. `rate(http_requests_total[{{.window}}])`.',
  /** `query` is `good` or `error`; `reading` is `alwaysGood` or `alwaysBad`. */
  sameAsTotal: (query: string, reading: string) =>
    `The ${query} query is identical to the total query: the ratio is always 1, so the SLO reads ${reading} forever ` +
    'and its alerts are meaningless.',
  good: 'good',
  error: 'error',
  alwaysGood: '100%',
  alwaysBad: '0%',
  sameAsTotalHelp: 'Filter the events, e.g. add `code=~"5.."` to the error query.',
  /** `matchers` lists the missing matchers, each in backticks. */
  notNarrower: (matchers: string) =>
    `This selector does not narrow the total's: it lacks ${matchers}, so it also counts events the total does not, ` +
    'and the ratio can exceed 100% or blend in other services.',
  notNarrowerHelp: (matchers: string) => `Repeat the total's matchers here: \`${matchers}\`.`,
  pyrraNoLe:
    'A Pyrra latency SLO needs the success selector to pick one bucket with a numeric `le` matcher ' +
    '(e.g. `le="0.5"`); without it Pyrra rejects the SLO.',
  pyrraNoLeHelp: 'Add `le="<threshold in seconds>"` to the `_bucket` selector.',
  pyrraNotSelector:
    'Pyrra expects a plain series selector here (like `http_requests_total{code=~"5.."}`), not an expression, ' +
    'and rejects the SLO.',
  pyrraNotSelectorHelp: 'Keep only the metric name and its matchers: Pyrra adds rate() and sum() itself.',
  pyrraNoMetric: 'This selector has no metric name; Pyrra needs one to name the recording rules it generates.',
  pyrraNoMetricHelp: 'Add the metric name before the braces.',
} as const;

const normalise = (query: string): string => query.replace(/\s+/g, '');

/** The one selector of a simple query (`sum(rate(x{…}[5m]))`), when it has exactly one. */
function soleSelector(expression: PromQLExpression): Selector | undefined {
  if (!expression.judgeable) return undefined;
  const parsed = expression.parsed();
  if (parsed.syntaxErrors.length > 0) return undefined;
  const found = selectors(parsed.text, parsed.tree);
  return found.length === 1 && found[0]!.metric ? found[0] : undefined;
}

/** Matchers of `total` that `part` lacks or contradicts: events the part counts that the total does not. */
function missingRefinement(part: Selector, total: Selector): string[] {
  const missing: string[] = [];
  for (const matcher of total.matchers) {
    if (matcher.label === '__name__') continue;
    const same = part.matchers.find(
      (candidate) =>
        candidate.label === matcher.label && candidate.op === matcher.op && candidate.value === matcher.value,
    );
    if (same) continue;
    // `code=~"5.."` in the part refines a total without a `code` matcher, but nothing can refine `job="a"` away.
    const narrower = matcher.op === '=~' && matcher.value === '.*';
    if (!narrower) missing.push(`${matcher.label}${matcher.op}"${matcher.value}"`);
  }
  return missing;
}

export default defineConfigRule({
  meta: {
    id: 'slo-queries',
    family: 'config',
    description:
      'SLI queries must be renderable and consistent: `{{.window}}` in Sloth queries, error ≠ total, the error or good selector a refinement of the total, plain selectors and `le` for Pyrra.',
    rationale:
      'Sloth cannot render a query without `{{.window}}`; an error query equal to the total makes the SLO 0% forever; an error selector that is not a subset of the total (different job, missing filter) yields ratios above 1 or below the truth, so the SLO and its alerts measure something else than intended.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const file of project.files) {
      for (const object of file.objects) {
        const expressions = objectExpressions(object);
        const emit = (
          expression: PromQLExpression,
          range: ConfigReport['range'],
          message: string,
          help: string,
        ): void => report({ file: file.path, range, message, help });
        // Sloth: every query is rendered per window.
        if (object.kind === 'sloth' || object.kind === 'sloth-crd') {
          for (const expression of expressions) {
            if (expression.windowPlaceholders > 0) continue;
            emit(expression, locate(object, expression.path), messages.noWindow, messages.noWindowHelp);
          }
        }
        // Pairs: (part, total) per SLO.
        const groups = new Map<string, PromQLExpression[]>();
        for (const expression of expressions) {
          const key = JSON.stringify(
            expression.path.slice(
              0,
              expression.path.length - (object.kind === 'pyrra' ? 3 : object.kind.startsWith('openslo') ? 4 : 1),
            ),
          );
          groups.set(key, [...(groups.get(key) ?? []), expression]);
        }
        for (const group of groups.values()) {
          const total = group.find(
            (expression) => expression.role === 'sli-total' || expression.role === 'pyrra-total',
          );
          const part = group.find((expression) =>
            ['sli-error', 'sli-good', 'sli-bad', 'pyrra-errors', 'pyrra-success'].includes(expression.role),
          );
          if (!total || !part) continue;
          if (normalise(part.source.text) === normalise(total.source.text)) {
            const good = part.role === 'sli-good';
            emit(
              part,
              locate(object, part.path),
              messages.sameAsTotal(
                good ? messages.good : messages.error,
                good ? messages.alwaysGood : messages.alwaysBad,
              ),
              messages.sameAsTotalHelp,
            );
            continue;
          }
          const partSelector = soleSelector(part);
          const totalSelector = soleSelector(total);
          if (!partSelector || !totalSelector) continue;
          const sameFamily =
            partSelector.metric === totalSelector.metric ||
            (part.role === 'pyrra-success' &&
              partSelector.metric!.replace(/_bucket$/, '') === totalSelector.metric!.replace(/_count$/, ''));
          if (!sameFamily) continue;
          const missing = missingRefinement(partSelector, totalSelector);
          if (missing.length === 0) continue;
          const range = part.toFileRange(partSelector.node.from, partSelector.node.to);
          emit(
            part,
            range,
            messages.notNarrower(missing.map((matcher) => `\`${matcher}\``).join(', ')),
            messages.notNarrowerHelp(missing.join(', ')),
          );
        }
        // Pyrra: latency success needs a numeric `le`.
        for (const expression of expressions) {
          if (expression.role !== 'pyrra-success') continue;
          const selector = soleSelector(expression);
          if (!selector) continue;
          const le = selector.matchers.find((matcher) => matcher.label === 'le' && matcher.op === '=');
          if (!le || !Number.isFinite(Number(le.value))) {
            emit(
              expression,
              expression.toFileRange(selector.node.from, selector.node.to),
              messages.pyrraNoLe,
              messages.pyrraNoLeHelp,
            );
          }
        }
        // Pyrra: plain selectors only.
        for (const expression of expressions) {
          if (!expression.selectorOnly || !expression.judgeable) continue;
          const parsed = expression.parsed();
          const root = rootExpression(parsed.tree);
          if (!root || parsed.syntaxErrors.length > 0) continue;
          const node = unwrap(root);
          if (node.name !== 'VectorSelector') {
            emit(
              expression,
              expression.toFileRange(node.from, node.to),
              messages.pyrraNotSelector,
              messages.pyrraNotSelectorHelp,
            );
          } else if (!readSelector(parsed.text, node).metric) {
            emit(
              expression,
              expression.toFileRange(node.from, node.to),
              messages.pyrraNoMetric,
              messages.pyrraNoMetricHelp,
            );
          }
        }
      }
    }
  },
});
