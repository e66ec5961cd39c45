import { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import { lineOf, skipWrappersUp, unwrap, visitDescendants } from '../src/analysis/syntax/ast.js';
import { declarationOf } from '../src/analysis/modules/module-view.js';
import { originOf } from '../src/analysis/modules/origin.js';
import { otelApiCall, spanContextArgument, spanOptionsArgument, spanStartKind } from '../src/analysis/otel/api.js';
import { liveSpansAt, spanDisplayName, type LiveSpan } from '../src/analysis/spans/live-span.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

type Options = Record<string, never>;

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  unlinked: (parent: string, variable: string, line: number, child: string) =>
    `This span starts while span ${parent} (\`${variable}\`, line ${line}) is open, but without a context argument ` +
    `its parent will be the *active* span — \`startSpan\` never made ${parent} active. In the trace, ${child} ` +
    `appears beside ${parent} (or as a new root) instead of under it, and ${parent} shows no children.`,
  /** `call` is `startSpanCall` or `startActiveSpanCall`. */
  unlinkedHelp: (call: string, parent: string, variable: string) =>
    `Pass the parent explicitly: \`${call}\`, or create ${parent} with \`startActiveSpan\` / run this code in ` +
    `\`context.with(trace.setSpan(context.active(), ${variable}), …)\`.`,
  startSpanCall: (variable: string) => `tracer.startSpan(name, {}, trace.setSpan(context.active(), ${variable}))`,
  startActiveSpanCall: (variable: string) =>
    `tracer.startActiveSpan(name, {}, trace.setSpan(context.active(), ${variable}), fn)`,
  parentStarted: (parent: string) => `span ${parent} is started here and is still open`,
} as const;

/** The options object literal of a span start, followed through a `const`; 'unknown' when it is built elsewhere. */
function spanOptionsLiteral(
  file: FileAnalysis,
  kind: 'startSpan' | 'startActiveSpan',
  call: ts.CallExpression,
): ts.ObjectLiteralExpression | 'none' | 'unknown' {
  const argument = spanOptionsArgument(kind, call);
  if (!argument) return 'none';
  const value = originOf(file, argument).node;
  return ts.isObjectLiteralExpression(value) ? value : 'unknown';
}

/** Is the span handed to `trace.setSpan` anywhere (made the parent of a context someone uses)? */
function madeActive(file: FileAnalysis, span: LiveSpan): boolean {
  const variable = span.variable;
  if (!variable) return true;
  let active = false;
  visitDescendants(span.owner, (node) => {
    if (active || !ts.isIdentifier(node) || declarationOf(file, node) !== variable) return;
    const { parent } = skipWrappersUp(node);
    if (parent && ts.isCallExpression(parent)) {
      const api = otelApiCall(file, parent);
      if (api?.member === 'trace' && (api.method === 'setSpan' || api.method === 'setSpanContext')) active = true;
    }
    // `span.spanContext()` handed on: a link or an explicit parent built by hand.
    if (parent && ts.isPropertyAccessExpression(parent) && parent.name.text === 'spanContext') active = true;
  });
  return active;
}

export default defineCodeRule<Options>({
  meta: {
    id: 'no-unlinked-child-span',
    family: 'context',
    description:
      'A span started while another span from `startSpan` is open in the same function must get that span as its parent.',
    rationale:
      '`tracer.startSpan` does not make its span active. A span started next, without an explicit context, takes the *active* span as parent instead — the trace splits: the intended child shows up beside its parent (or as a new root), and the parent looks as if it did nothing.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'improves',
    ...noOptions,
  },
  typescript(context) {
    const { file } = context;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const kind = spanStartKind(file, call);
          if (!kind || spanContextArgument(kind, call)) return;
          const spanOptions = spanOptionsLiteral(file, kind, call);
          if (spanOptions === 'unknown') return;
          // `{ root: true }` is explicit about the parent: no-root-context decides whether that is right.
          if (spanOptions !== 'none' && spanOptions.properties.some((property) => property.name?.getText() === 'root'))
            return;
          const parent = liveSpansAt(file, call, { stopAtActivation: true }).find(
            (span) => span.kind === 'startSpan' && span.start !== call && !madeActive(file, span),
          );
          if (!parent) return;
          const parentName = spanDisplayName(parent.start);
          const variable = parent.variable!.name.getText();
          const at = kind === 'startActiveSpan' ? unwrap(call.expression) : call;
          context.report({
            node: at,
            message: messages.unlinked(
              parentName,
              variable,
              lineOf(parent.start, file.sourceFile),
              spanDisplayName(call),
            ),
            help: messages.unlinkedHelp(
              kind === 'startSpan' ? messages.startSpanCall(variable) : messages.startActiveSpanCall(variable),
              parentName,
              variable,
            ),
            related: [{ node: parent.start, message: messages.parentStarted(parentName) }],
          });
        },
      },
    };
  },
});
