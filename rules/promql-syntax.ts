import { defineConfigRule } from '../src/rule.js';
import { forEachPromQLExpression } from '../src/config-files/expressions.js';
import { typeErrors } from '../src/config-files/promql/type-check.js';
import { readSelector, unwrap, children, isExpression } from '../src/config-files/promql/syntax-tree.js';

export default defineConfigRule({
  meta: {
    id: 'promql-syntax',
    family: 'config',
    description: 'PromQL in alerting rules, recording rules and SLO queries must parse and type-check.',
    rationale:
      'Prometheus refuses to load a rule file with one invalid expression, so every alert in that file stops; an invalid SLO query makes Sloth or Pyrra fail to generate rules, leaving the SLO unmonitored.',
    defaultSeverity: 'error',
    recommended: true,
    types: 'none',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
  },
  check({ project, report }) {
    forEachPromQLExpression(project, (expression) => {
      if (!expression.judgeable) return;
      const parsed = expression.parsed();
      const consequence = expression.role === 'alert' || expression.role === 'record'
        ? 'Prometheus refuses to load the whole rule file.'
        : 'the SLO generator cannot render rules for this SLO.';
      for (const error of [...parsed.syntaxErrors, ...typeErrors(parsed)]) {
        report({
          file: expression.object.file.path,
          range: expression.toFileRange(error.from, error.to),
          message: `${error.message} Until it is fixed, ${consequence}`,
          help: 'Fix the expression; `promtool check rules` or the Prometheus query page shows the same error.',
        });
      }
      if (parsed.syntaxErrors.length === 0 && expression.selectorOnly) {
        const root = children(parsed.tree.topNode).find(isExpression);
        const node = root ? unwrap(root) : undefined;
        if (node && node.name !== 'VectorSelector') {
          report({
            file: expression.object.file.path,
            range: expression.toFileRange(node.from, node.to),
            message: 'Pyrra expects a plain series selector here (like `http_requests_total{code=~"5.."}`), not an expression; Pyrra rejects the SLO.',
            help: 'Keep only the metric name and its label matchers: Pyrra adds rate() and sum() itself.',
          });
        } else if (node && !readSelector(parsed.text, node).metric) {
          report({
            file: expression.object.file.path,
            range: expression.toFileRange(node.from, node.to),
            message: 'This selector has no metric name; Pyrra needs one to name the recording rules it generates.',
            help: 'Add the metric name before the braces.',
          });
        }
      }
    });
  },
});
