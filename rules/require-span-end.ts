import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { lineOf } from '../src/analysis/syntax/ast.js';
import { spanLifetime, spanLeaks, type SpanLeak, type SpanLifetime } from '../src/analysis/spans/spans.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  endSpanFunctions: string[];
  checkThrowPaths: boolean;
}

const consequence =
  'A span that is never ended is never exported: the operation vanishes from the trace and its child spans point at a parent that does not exist.';

function spanName(lifetime: SpanLifetime): string {
  const name = lifetime.start.arguments[0];
  if (name && ts.isStringLiteralLike(name)) return `'${name.text}'`;
  return name ? `\`${name.getText().slice(0, 40)}\`` : '';
}

function describeLeak(file: FileAnalysis, leak: SpanLeak): string {
  const at = leak.node ? ` at line ${lineOf(leak.node, file.sourceFile)}` : '';
  switch (leak.kind) {
    case 'return':
      return `the function returns early${at}`;
    case 'throw':
      return `the \`throw\`${at} leaves the function`;
    case 'exception': {
      const thrower = leak.thrower ?? leak.node;
      if (thrower && ts.isAwaitExpression(thrower)) return `the awaited promise at line ${lineOf(thrower, file.sourceFile)} rejects`;
      if (thrower && ts.isForOfStatement(thrower)) return `the \`for await\` at line ${lineOf(thrower, file.sourceFile)} rejects`;
      const text = thrower ? `\`${thrower.getText().split('\n')[0]!.slice(0, 50)}\`` : 'a call';
      return `${text}${thrower ? ` at line ${lineOf(thrower, file.sourceFile)}` : ''} throws`;
    }
    case 'loop':
      return `the loop starts its next iteration${at}`;
    case 'end':
      return 'the function reaches its end';
  }
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-span-end',
    family: 'spans',
    description: 'Every span started with `startSpan` or `startActiveSpan` must be ended on every path, exceptions included.',
    rationale: consequence,
    defaultSeverity: 'error',
    recommended: true,
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        endSpanFunctions: {
          type: 'array',
          items: { type: 'string' },
          description: 'Names of project helpers that end the span passed to them (e.g. `finishSpan`).',
        },
        checkThrowPaths: {
          type: 'boolean',
          description: 'Also report paths where a call or `await` between start and end throws.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { endSpanFunctions: [], checkThrowPaths: true },
  },
  typescript(context) {
    const { file, options } = context;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const lifetime = spanLifetime(file, call, { endSpanFunctions: options.endSpanFunctions });
          if (!lifetime) return;
          file.project.counters.add('spans.started');
          const name = spanName(lifetime);
          // The start of a multi-line call is enough to point at; underlining a whole callback body is noise.
          const at = lifetime.kind === 'startActiveSpan' ? call.expression : call;
          if (lifetime.fate === 'discarded') {
            context.report({
              node: at,
              message: `The span ${name} is discarded as soon as it is started, so nothing can ever end it. ${consequence}`,
              help: 'Assign it (`const span = tracer.startSpan(…)`) and end it in a `finally` block, or use `tracer.startActiveSpan(name, (span) => { try { … } finally { span.end(); } })`.',
            });
            return;
          }
          if (lifetime.fate === 'unreachable') {
            context.report({
              node: at,
              message: `The \`startActiveSpan\` callback for ${name} takes no span parameter, so it cannot end the span — and \`startActiveSpan\` does not end it either. ${consequence}`,
              help: 'Take the span as the callback\'s parameter and end it in a `finally` block: `(span) => { try { … } finally { span.end(); } }`.',
            });
            return;
          }
          const leaks = spanLeaks(file, lifetime, { checkThrowPaths: options.checkThrowPaths });
          if (leaks.length === 0) {
            // Handed-off or unfollowable spans are neither proven ended nor reported: the summary tells them apart.
            file.project.counters.add(lifetime.fate === 'tracked' ? 'spans.proven-ended' : 'spans.handed-off');
            return;
          }
          const neverEnded = lifetime.endNodes.size === 0;
          const where = lifetime.kind === 'startActiveSpan' ? 'its callback' : 'the function';
          // Lead with the most telling exit: an explicit return or throw before an await that may reject, before a
          // synchronous call that may throw.
          const strength = (leak: SpanLeak) =>
            leak.kind === 'exception' ? (leak.thrower && ts.isAwaitExpression(leak.thrower) ? 1 : 2) : 0;
          const first = [...leaks].sort((a, b) => strength(a) - strength(b))[0]!;
          let message: string;
          if (neverEnded) {
            message =
              lifetime.kind === 'startActiveSpan'
                ? `The span ${name} is never ended: \`startActiveSpan\` does not end the span its callback receives. ${consequence}`
                : `The span ${name} is never ended in ${where}. ${consequence}`;
          } else {
            const others = leaks.length > 1 ? ` (and ${leaks.length - 1} other path${leaks.length > 2 ? 's' : ''})` : '';
            message = `The span ${name} is not ended when ${describeLeak(file, first).replace('the function', where)}${others}. ${consequence}`;
          }
          const viaException = leaks.some((leak) => leak.kind === 'exception' || leak.kind === 'throw');
          const help = neverEnded
            ? 'Call `span.end()` in a `finally` block that covers all the work the span measures.'
            : viaException
              ? 'Wrap the work in `try { … } finally { span.end(); }` so that exceptions end the span too (record the error in a `catch` first).'
              : 'End the span on that path too, or move `span.end()` into a `finally` block.';
          context.report({
            node: at,
            message,
            help,
            related: neverEnded
              ? []
              : leaks.filter((leak) => leak.node).map((leak) => ({ node: leak.thrower ?? leak.node!, message: `the span is still open when ${describeLeak(file, leak)}` })),
          });
        },
      },
    };
  },
});
