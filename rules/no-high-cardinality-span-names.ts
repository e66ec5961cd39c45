import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { spanStartKind } from '../src/analysis/otel/api.js';
import {
  boundedNamesOption,
  formatChain,
  nameBasedGuessesOption,
  nameOnlyCaveat,
} from '../src/analysis/values/value-sources.js';
import { isSpanUpdateName, spanNameSource } from '../src/analysis/spans/span-names.js';

interface Options {
  boundedNames: string[];
  nameBasedGuesses: boolean;
}

/** Everything this rule says: messages and help. */
const messages = {
  /** `caveat` is `nameOnlyCaveat(source)` ('' when the evidence is more than a name). */
  unboundedName: (call: string, chain: string, reason: string, per: string, caveat: string) =>
    `The span name passed to \`${call}\` is built from ${chain} (${reason}): every ${per} gets its own span name, ` +
    'so trace backends cannot group these spans into one operation — latency views, span-name metrics and sampling ' +
    `rules fragment into one entry per value${caveat}.`,
  distinctValue: 'distinct value',
  unboundedNameHelp:
    'Use a constant name or a route template (`${req.method} ${req.route.path}`) and move the variable part into ' +
    "an attribute: `span.setAttribute('app.order_id', orderId)`.",
} as const;

export default defineCodeRule<Options>({
  meta: {
    id: 'no-high-cardinality-span-names',
    family: 'spans',
    description:
      'Span names must be low-cardinality: no ids, raw URLs or other unbounded values in `startSpan`, `startActiveSpan` or `updateName`.',
    rationale:
      'Backends group spans by name: an id or a raw URL in the name turns one operation into thousands, so latency views, span-name metrics and sampling rules stop working. OpenTelemetry: the span name "SHOULD be the most general string that identifies a (statistically) interesting class of Spans".',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        boundedNames: boundedNamesOption,
        nameBasedGuesses: nameBasedGuessesOption,
      },
      additionalProperties: false,
    },
    defaultOptions: { boundedNames: [], nameBasedGuesses: false },
  },
  typescript(context) {
    const { file, options } = context;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const kind = spanStartKind(file, call);
          if (!kind && !isSpanUpdateName(file, call)) return;
          const name = call.arguments[0];
          if (!name || ts.isStringLiteralLike(name)) return;
          const source = spanNameSource(file, name, { boundedNames: options.boundedNames });
          if (source.verdict !== 'unbounded' || (source.byName && !options.nameBasedGuesses)) return;
          const where = kind ?? 'updateName';
          const doubt = nameOnlyCaveat(source);
          context.report({
            node: name,
            message: messages.unboundedName(
              where,
              formatChain(source.chain),
              source.reason,
              source.per ?? messages.distinctValue,
              doubt,
            ),
            doubtful: source.byName,
            help: messages.unboundedNameHelp,
          });
        },
      },
    };
  },
});
