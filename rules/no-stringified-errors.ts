import { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import { calleeName, calleeReceiver, enclosingFunction, visitDescendants } from '../src/analysis/syntax/ast.js';
import { argumentConventions, logCallOf, type LoggerLibrary } from '../src/analysis/logs/loggers.js';
import { errorStringsIn, inClassifiedErrorBranch, passesErrorObject, type ErrorString } from '../src/analysis/values/error-values.js';
import { isSpanValue } from '../src/analysis/spans/span-values.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `how` says how the error became text (from src/analysis/values/error-values.ts). */
  loggedAsText: (how: string) =>
    `${how} logs only the error's text: its type, stack trace and cause are lost, so in production the record says ` +
    'what failed but not where or why.',
  pinoHelp: (receiver: string, method: string) =>
    `Log the error object under the \`err\` key, whose serializer keeps type, message and stack: ` +
    `\`${receiver}.${method}({ err }, '…')\`.`,
  winstonHelp: (receiver: string, method: string) =>
    `Pass the error object (\`${receiver}.${method}('…', { error: err })\`) and add ` +
    "`format.errors({ stack: true })` to the logger's format.",
  nestHelp: (receiver: string, method: string) =>
    `Pass the stack as Nest's second argument: \`${receiver}.${method}(err.message, err.stack)\`, ` +
    'or log the error object.',
  consoleHelp: (method: string) => `Pass the error object itself: \`console.${method}('…', err)\` prints its stack.`,
  anyLoggerHelp:
    'Pass the error object itself (pino and bunyan: `{ err }`; winston: `{ error: err }` with ' +
    '`format.errors({ stack: true })`).',
  spanAttribute: (how: string) =>
    `${how} stores the error on the span as a plain string attribute: the exception's type and stack trace are ` +
    'lost, and trace views do not show it as an exception event.',
  spanAttributeHelp:
    'Call `span.recordException(err)` (it records type, message and stack as an exception event), and ' +
    '`span.setStatus({ code: SpanStatusCode.ERROR, message: err.message })` to mark the span failed.',
} as const;

function logHelp(library: LoggerLibrary | undefined, receiver: string, method: string): string {
  switch (library) {
    case 'pino':
    case 'bunyan':
      return messages.pinoHelp(receiver, method);
    case 'winston':
      return messages.winstonHelp(receiver, method);
    case 'nest':
      return messages.nestHelp(receiver, method);
    case 'console':
      return messages.consoleHelp(method);
    default:
      return messages.anyLoggerHelp;
  }
}

/** Does the function around `node` record the same error on a span (`span.recordException(err)`)? */
function recordsException(file: FileAnalysis, node: ts.Node, error: ts.Declaration): boolean {
  const owner = enclosingFunction(node);
  let found = false;
  visitDescendants(owner, (child) => {
    if (found) return 'skip';
    if (ts.isCallExpression(child) && calleeName(child) === 'recordException' && child.arguments.some((argument) => passesErrorObject(file, argument, error))) found = true;
    return undefined;
  });
  return found;
}

/** Attribute keys that hold "the error" itself rather than a purpose-named summary of it. */
const genericErrorKey = /(^|[._])(error|err|exception)([._](message|msg|text|string))?$/i;

export default defineCodeRule({
  meta: {
    id: 'no-stringified-errors',
    family: 'logs',
    description: 'Errors must be logged and recorded as error objects, not as `err.message` / `String(err)` strings.',
    rationale:
      'An error turned into a string (`err.message`, `String(err)`, `${err}`, `JSON.stringify(err)`) loses its type, stack trace and cause. Log backends cannot group by error type and nobody can find the failing line; on a span, a string attribute in place of `recordException` hides the exception from the trace view.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'improves',
    ...noOptions,
  },
  typescript(context) {
    const { file } = context;
    const reportAll = (found: readonly ErrorString[], message: (item: ErrorString) => string, help: string) => {
      const seen = new Set<ts.Node>();
      for (const item of found) {
        if (seen.has(item.node)) continue;
        seen.add(item.node);
        context.report({ node: item.node, message: message(item), help });
      }
    };
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const log = logCallOf(file, call);
          if (log) {
            // Printing `err.message` to a terminal is often the point of a CLI; inside a request it is a lost stack.
            if (log.logger.library === 'console' && !traceScopeAt(file, call)) return;
            const found = call.arguments.flatMap((argument) => errorStringsIn(file, argument)).filter((item) => !call.arguments.some((argument) => passesErrorObject(file, argument, item.error)) && !inClassifiedErrorBranch(file, call, item.error));
            reportAll(
              found,
              (item) => messages.loggedAsText(item.how),
              logHelp(argumentConventions(log), log.receiver.getText(), log.method),
            );
            return;
          }
          const method = calleeName(call);
          if (method !== 'setAttribute' && method !== 'setAttributes') return;
          const receiver = calleeReceiver(call);
          if (!receiver || !isSpanValue(file, receiver)) return;
          const value = method === 'setAttribute' ? call.arguments[1] : call.arguments[0];
          if (!value) return;
          // A purpose-named attribute (`order.cancel_reason`) is a deliberate summary; only a generic error key
          // (`error`, `exception.message`, …) stands in for recordException.
          const key = method === 'setAttribute' ? call.arguments[0] : undefined;
          if (key && ts.isStringLiteralLike(key) && !genericErrorKey.test(key.text)) return;
          const found = errorStringsIn(file, value).filter((item) => !recordsException(file, call, item.error) && !passesErrorObject(file, value, item.error));
          reportAll(found, (item) => messages.spanAttribute(item.how), messages.spanAttributeHelp);
        },
      },
    };
  },
});
