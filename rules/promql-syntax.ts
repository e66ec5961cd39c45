import { defineConfigRule, noOptions } from '../src/rule.js';
import { forEachPromQLExpression } from '../src/config-files/expressions.js';
import { typeErrors } from '../src/config-files/promql/type-check.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `error` is the parser's or type checker's message; `consequence` is `ruleFileRefused` or `sloNotRendered`. */
  invalid: (error: string, consequence: string) => `${error} Until it is fixed, ${consequence}`,
  ruleFileRefused: 'Prometheus refuses to load the whole rule file.',
  sloNotRendered: 'the SLO generator cannot render rules for this SLO.',
  invalidHelp: 'Fix the expression; `promtool check rules` or the Prometheus query page shows the same error.',
} as const;

export default defineConfigRule({
  meta: {
    id: 'promql-syntax',
    family: 'config',
    description: 'PromQL in alerting rules, recording rules and SLO queries must parse and type-check.',
    rationale:
      'Prometheus refuses to load a rule file with one invalid expression, so every alert in that file stops; an invalid SLO query makes Sloth or Pyrra fail to generate rules, leaving the SLO unmonitored.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    forEachPromQLExpression(project, (expression) => {
      if (!expression.judgeable) return;
      const parsed = expression.parsed();
      const consequence =
        expression.role === 'alert' || expression.role === 'record'
          ? messages.ruleFileRefused
          : messages.sloNotRendered;
      // Like Prometheus, report the first syntax error only: the ones after it are usually its echo.
      for (const error of [...parsed.syntaxErrors.slice(0, 1), ...typeErrors(parsed)]) {
        report({
          file: expression.object.file.path,
          range: expression.toFileRange(error.from, error.to),
          message: messages.invalid(error.message, consequence),
          help: messages.invalidHelp,
        });
      }
    });
  },
});
