import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { codeExcerpt, lineOf } from '../src/analysis/syntax/ast.js';
import { spanLifetime, type SpanLifetime } from '../src/analysis/spans/spans.js';
import { quoteCode, spanDisplayName } from '../src/analysis/spans/live-span.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';
import { spanLeaks, type SpanLeak } from '../src/analysis/spans/span-leaks.js';

interface Options {
  endSpanFunctions: string[];
  checkThrowPaths: boolean | 'realistic';
}

const consequence =
  'A span that is never ended is never exported: the operation vanishes from the trace and its child spans point at a ' +
  'parent that does not exist.';

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  discarded: (span: string) =>
    `The span ${span} is discarded as soon as it is started, so nothing can ever end it. ${consequence}`,
  discardedHelp:
    'Assign it (`const span = tracer.startSpan(…)`) and end it in a `finally` block, or use ' +
    '`tracer.startActiveSpan(name, (span) => { try { … } finally { span.end(); } })`.',
  noSpanParameter: (span: string) =>
    `The \`startActiveSpan\` callback for ${span} takes no span parameter, so it cannot end the span — and ` +
    `\`startActiveSpan\` does not end it either. ${consequence}`,
  noSpanParameterHelp:
    "Take the span as the callback's parameter and end it in a `finally` block: " +
    '`(span) => { try { … } finally { span.end(); } }`.',
  activeNeverEnded: (span: string) =>
    `The span ${span} is never ended: \`startActiveSpan\` does not end the span its callback receives. ${consequence}`,
  neverEnded: (span: string, where: string) => `The span ${span} is never ended in ${where}. ${consequence}`,
  /** `ended` / `leaked` are `outcomeFulfils` / `outcomeRejects`. */
  endedOnOneOutcome: (span: string, ended: string, method: string, line: number, leaked: string) =>
    `The span ${span} is ended only when the promise ${ended} (in the \`.${method}\` callback at line ${line}): ` +
    `when it ${leaked}, nothing ends it. ${consequence}`,
  outcomeFulfils: 'fulfils',
  outcomeRejects: 'rejects',
  endedOnOneOutcomeHelp:
    'End it whatever the outcome: `.finally(() => span.end())`, or end it in the fulfilment and the rejection ' +
    'handler alike (`.then(onFulfilled, onRejected)`, `.catch`).',
  endedOnOneOutcomeNote: (leaked: string) => `the span is ended here only; when the promise ${leaked}, it stays open`,
  notEnded: (span: string, leak: string, others: string) =>
    `The span ${span} is not ended when ${leak}${others}. ${consequence}`,
  otherPaths: (count: number) => ` (and ${count} other path${count > 1 ? 's' : ''})`,
  neverEndedHelp: 'Call `span.end()` in a `finally` block that covers all the work the span measures.',
  exceptionHelp:
    'Wrap the work in `try { … } finally { span.end(); }` so that exceptions end the span too ' +
    '(record the error in a `catch` first).',
  pathHelp: 'End the span on that path too, or move `span.end()` into a `finally` block.',
  stillOpen: (leak: string) => `the span is still open when ${leak}`,
  inFunction: 'the function',
  inCallback: 'its callback',
  atLine: (line: number) => ` at line ${line}`,
  leakReturn: (at: string) => `the function returns early${at}`,
  leakThrow: (at: string) => `the \`throw\`${at} leaves the function`,
  leakAwaitRejects: (line: number) => `the awaited promise at line ${line} rejects`,
  leakForAwaitRejects: (line: number) => `the \`for await\` at line ${line} rejects`,
  leakCallThrows: (call: string, line: number) => `${quoteCode(call)} at line ${line} throws`,
  leakSomeCallThrows: 'a call throws',
  leakLoop: (at: string) => `the loop starts its next iteration${at}`,
  leakEnd: 'the function reaches its end',
} as const;

function spanName(lifetime: SpanLifetime): string {
  if (lifetime.factory) return spanDisplayName(lifetime.start);
  const name = lifetime.start.arguments[0];
  if (name && ts.isStringLiteralLike(name)) return `'${name.text}'`;
  return name ? quoteCode(codeExcerpt(name)) : '';
}

function describeLeak(file: FileAnalysis, leak: SpanLeak): string {
  const at = leak.node ? messages.atLine(lineOf(leak.node, file.sourceFile)) : '';
  switch (leak.kind) {
    case 'return':
      return messages.leakReturn(at);
    case 'throw':
      return messages.leakThrow(at);
    case 'exception': {
      const thrower = leak.thrower ?? leak.node;
      if (!thrower) return messages.leakSomeCallThrows;
      const line = lineOf(thrower, file.sourceFile);
      if (ts.isAwaitExpression(thrower)) return messages.leakAwaitRejects(line);
      if (ts.isForOfStatement(thrower)) return messages.leakForAwaitRejects(line);
      // A `throw` in a callback that runs right away (`context.with(ctx, () => { throw … })`).
      if (ts.isThrowStatement(thrower)) return messages.leakThrow(messages.atLine(line));
      return messages.leakCallThrows(codeExcerpt(thrower), line);
    }
    case 'loop':
      return messages.leakLoop(at);
    case 'end':
      return messages.leakEnd;
  }
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-span-end',
    family: 'spans',
    description:
      'Every span started with `startSpan` or `startActiveSpan` must be ended on every path, exceptions included.',
    rationale: consequence,
    defaultSeverity: 'error',
    preset: 'recommended',
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
          oneOf: [{ type: 'boolean' }, { enum: ['realistic'] }],
          description:
            'Paths where something between start and end throws: `"realistic"` (default) counts only what really ' +
            'throws (`await`, `throw`, parsing, sync I/O, callbacks the code was handed, local helpers that throw); ' +
            '`true` counts every call, `new` and `await`; `false` none.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { endSpanFunctions: [], checkThrowPaths: 'realistic' },
  },
  typescript(context) {
    const { file, options } = context;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const lifetime = spanLifetime(file, call, { endSpanFunctions: options.endSpanFunctions });
          if (!lifetime) return;
          // A factory's own `startSpan` is already counted; its call sites are the same spans.
          const count = (counter: 'spans.started' | 'spans.proven-ended' | 'spans.handed-off') => {
            if (!lifetime.factory) file.project.counters.add(counter);
          };
          count('spans.started');
          const name = spanName(lifetime);
          // The start of a multi-line call is enough to point at; underlining a whole callback body is noise.
          const at = lifetime.kind === 'startActiveSpan' ? call.expression : call;
          if (lifetime.fate === 'discarded') {
            context.report({
              node: at,
              message: messages.discarded(name),
              help: messages.discardedHelp,
            });
            return;
          }
          if (lifetime.fate === 'unreachable') {
            context.report({
              node: at,
              message: messages.noSpanParameter(name),
              help: messages.noSpanParameterHelp,
            });
            return;
          }
          const throwPaths =
            options.checkThrowPaths === true ? 'every-call' : options.checkThrowPaths === false ? 'off' : 'realistic';
          const leaks = spanLeaks(file, lifetime, { throwPaths });
          if (leaks.length === 0) {
            // Handed-off or unfollowable spans are neither proven ended nor reported: the summary tells them apart.
            count(lifetime.fate === 'tracked' ? 'spans.proven-ended' : 'spans.handed-off');
            return;
          }
          const neverEnded = lifetime.endNodes.size === 0;
          const partial = lifetime.partialEnds[0];
          if (neverEnded && partial) {
            // `.then(() => span.end())` with nothing that ends it on rejection: not "never ended", ended on success only.
            const [ended, leaked] =
              partial.covers === 'fulfilled'
                ? [messages.outcomeFulfils, messages.outcomeRejects]
                : [messages.outcomeRejects, messages.outcomeFulfils];
            const handlerName = (call: ts.CallExpression) =>
              ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
            const method = handlerName(partial.call).getText();
            context.report({
              node: at,
              message: messages.endedOnOneOutcome(
                name,
                ended,
                method,
                lineOf(handlerName(partial.call), file.sourceFile),
                leaked,
              ),
              help: messages.endedOnOneOutcomeHelp,
              related: lifetime.partialEnds.map((end) => ({
                node: handlerName(end.call),
                message: messages.endedOnOneOutcomeNote(
                  end.covers === 'fulfilled' ? messages.outcomeRejects : messages.outcomeFulfils,
                ),
              })),
            });
            return;
          }
          const where = lifetime.kind === 'startActiveSpan' ? messages.inCallback : messages.inFunction;
          // Lead with the most telling exit: an explicit return or throw before an await that may reject, before a
          // synchronous call that may throw.
          const strength = (leak: SpanLeak) =>
            leak.kind === 'exception' ? (leak.thrower && ts.isAwaitExpression(leak.thrower) ? 1 : 2) : 0;
          const first = [...leaks].sort((a, b) => strength(a) - strength(b))[0]!;
          let message: string;
          if (neverEnded) {
            message =
              lifetime.kind === 'startActiveSpan' ? messages.activeNeverEnded(name) : messages.neverEnded(name, where);
          } else {
            const others = leaks.length > 1 ? messages.otherPaths(leaks.length - 1) : '';
            message = messages.notEnded(name, describeLeak(file, first).replace(messages.inFunction, where), others);
          }
          const viaException = leaks.some((leak) => leak.kind === 'exception' || leak.kind === 'throw');
          const help = neverEnded ? messages.neverEndedHelp : viaException ? messages.exceptionHelp : messages.pathHelp;
          context.report({
            node: at,
            message,
            help,
            related: neverEnded
              ? []
              : leaks
                  .filter((leak) => leak.node)
                  .map((leak) => ({
                    node: leak.thrower ?? leak.node!,
                    message: messages.stillOpen(describeLeak(file, leak)),
                  })),
          });
        },
      },
    };
  },
});
