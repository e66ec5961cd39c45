import { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';

// TODO(valid-metric-definitions): a scaffold. Its check is a placeholder that reports calls to `TODO_replace_me()`:
// replace the detector, the messages and the metadata below, the fixtures in fixtures/valid-metric-definitions/ and the examples in
// docs/rules/valid-metric-definitions.md with the real rule (CONTRIBUTING.md, "Adding a rule"), then run `npm run generate`.

/** Every text the rule reports, in one place. */
const messages = {
  placeholder: '`TODO_replace_me()` is a placeholder call of the scaffold: TODO say what is wrong here and what it costs in production.',
  help: 'TODO: say how to fix it.',
} as const;

export default defineCodeRule({
  meta: {
    id: 'valid-metric-definitions',
    family: 'metrics',
    description: 'TODO: one sentence saying what the rule requires (obslint rules, the README table, SARIF).',
    rationale: 'TODO: what goes wrong in production when the rule is broken (obslint explain, SARIF fullDescription).',
    defaultSeverity: 'warn',
    preset: 'strict',
    types: 'none',
    ...noOptions,
  },
  typescript(context) {
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          if (!ts.isIdentifier(call.expression) || call.expression.text !== 'TODO_replace_me') return;
          context.report({ node: call, message: messages.placeholder, help: messages.help });
        },
      },
    };
  },
});
