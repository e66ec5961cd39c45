import { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import { calleeName, calleeReceiver, enclosingFunction, unwrap, visitDescendants } from '../src/analysis/syntax/ast.js';
import { logCallOf, writesJsonThroughConsole, type LogCall } from '../src/analysis/logs/loggers.js';
import {
  errorStringOf,
  errorStringsIn,
  inClassifiedErrorBranch,
  passesErrorObject,
  type ErrorString,
} from '../src/analysis/values/error-values.js';
import {
  errorHandlerOf,
  failureIsSelfDescribing,
  handlerHandsOn,
  respondsWithClientError,
} from '../src/analysis/logs/error-handlers.js';
import { isSpanValue } from '../src/analysis/spans/span-values.js';
import { callbackSpanRecordedByCaller } from '../src/analysis/spans/error-recording.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import { originOf } from '../src/analysis/modules/origin.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';
import { adviceConventions, logLevelOf, type LogConventions } from '../src/analysis/logs/log-conventions.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `how` says how the error became text (from src/analysis/values/error-values.ts); `lost` is a `lost…` text. */
  loggedAsText: (how: string, level: string, lost: string) =>
    `${how} is all this \`${level}\` record keeps of the error, and the handler neither rethrows, returns nor ` +
    `passes the error on: ${lost} are lost for good, so in production the record says what failed but not where ` +
    'or why.',
  lostWithType: "the error's type, stack trace and cause",
  lostStack: "the error's stack trace and cause",
  lostEverything: "the error's message, type, stack trace and cause",
  /** `err` is the error variable's name; `errField` is `err` or `err: <name>`. */
  pinoHelp: (receiver: string, method: string, errField: string) =>
    `Log the error object under \`err\`, which pino's default serializer writes as type, message and stack: ` +
    `\`${receiver}.${method}({ ${errField} }, '…')\`.`,
  bunyanHelp: (receiver: string, method: string, err: string) =>
    `Pass the error first: \`${receiver}.${method}(${err}, '…')\` — bunyan serialises an Error given first with ` +
    'its `err` serializer (type, message, stack). `{ err }` works too when the logger has ' +
    '`serializers: bunyan.stdSerializers`.',
  winstonHelp: (receiver: string, method: string, err: string) =>
    `Pass the error object after the message: \`${receiver}.${method}('…', ${err})\` — winston copies its message ` +
    'and stack onto the record. Not under a key: `{ error: err }` is written as `{}`, because `format.errors()` ' +
    'only unpacks an Error logged as the message itself (`logger.error(err)`, with ' +
    '`format.errors({ stack: true })`).',
  log4jsHelp: (receiver: string, method: string, err: string) =>
    `Pass the error object after the message: \`${receiver}.${method}('…', ${err})\` — log4js layouts print an ` +
    'Error argument with its stack.',
  nestHelp: (receiver: string, err: string) =>
    `Pass the stack as the second argument: \`${receiver}.error('…', ${err}.stack)\` — Nest's ConsoleLogger ` +
    'prints it under the message (a further string argument is the context).',
  nestFatalHelp: (receiver: string, err: string) =>
    "Nest's `fatal(message, context?)` has no stack parameter: log the failure with " +
    `\`${receiver}.error('…', ${err}.stack)\`, or put \`${err}.stack\` in the message.`,
  nestPinoHelp: (receiver: string, method: string, err: string, errField: string) =>
    `Log the error object itself: \`${receiver}.${method}(${err})\`, or under \`err\` in the logged object ` +
    `(\`${receiver}.${method}({ ${errField}, msg: '…' })\`) — nestjs-pino writes it with pino's error serializer. ` +
    'A trailing string argument is the context there, not a stack.',
  consoleHelp: (method: string, err: string) =>
    `Pass the error object itself: \`console.${method}('…', ${err})\` prints its stack (and cause).`,
  wrapperHelp: (err: string) =>
    "Keep the stack: pass the error object where this logger's method accepts one, or include " +
    `\`${err}.stack\` in what you log.`,
  spanAttribute: (how: string) =>
    `${how} stores the error on the span only as a plain string attribute, and nothing records the exception: ` +
    'its type and stack trace are lost, and trace views do not show it as an exception event.',
  spanAttributeHelp: (span: string, err: string) =>
    `Call \`${span}.recordException(${err})\` (it records type, message and stack as an exception event), and ` +
    `\`${span}.setStatus({ code: SpanStatusCode.ERROR, message: ${err}.message })\` to mark the span failed.`,
} as const;

function logHelp(conventions: LogConventions | undefined, log: LogCall, error: ts.Declaration): string {
  const receiver = log.receiver.getText();
  // `logger.log('error', …)` is written `logger.error(…)` in the advice.
  const method = log.method === 'log' ? logLevelOf(log) : log.method;
  const err = errorName(error);
  const errField = err === 'err' ? 'err' : `err: ${err}`;
  switch (conventions) {
    case 'pino':
      return messages.pinoHelp(receiver, method, errField);
    case 'bunyan':
      return messages.bunyanHelp(receiver, method, err);
    case 'winston':
      return messages.winstonHelp(receiver, method, err);
    case 'log4js':
      return messages.log4jsHelp(receiver, method, err);
    case 'nest':
      return method === 'fatal' ? messages.nestFatalHelp(receiver, err) : messages.nestHelp(receiver, err);
    case 'nest-pino':
      return messages.nestPinoHelp(receiver, method, err, errField);
    case 'console':
      return messages.consoleHelp(method, err);
    default:
      return messages.wrapperHelp(err);
  }
}

/** The error variable's name, for advice: `err`, `error`, `failure`. */
function errorName(error: ts.Declaration): string {
  const name = ts.isVariableDeclaration(error) || ts.isParameter(error) ? error.name : undefined;
  return name && ts.isIdentifier(name) ? name.text : 'err';
}

/** What a stringification loses: `err.message` drops the type too; `String(err)` keeps `TypeError: …`. */
function lostBy(file: FileAnalysis, item: ErrorString): string {
  let value = unwrap(item.node);
  if (ts.isIdentifier(value)) {
    // `const reason = err.message`: judge the initializer.
    const origin = originOf(file, value);
    if (ts.isExpression(origin.node) && origin.node !== value) value = unwrap(origin.node);
  }
  if (ts.isConditionalExpression(value))
    value = unwrap(errorStringOf(file, value.whenTrue) ? value.whenTrue : value.whenFalse);
  if (ts.isCallExpression(value) && calleeName(value) === 'stringify') return messages.lostEverything;
  if (ts.isPropertyAccessExpression(value) && value.name.text === 'message') return messages.lostWithType;
  return messages.lostStack;
}

const errorLevels = new Set(['error', 'fatal', 'crit', 'critical', 'alert', 'emerg']);

/**
 * Does the function around `node` record the same error some other way — `span.recordException(err)`, or a
 * helper handed both the span and the error (`recordError(span, err)`)?
 */
function recordsException(file: FileAnalysis, node: ts.Node, span: ts.Expression, error: ts.Declaration): boolean {
  const owner = enclosingFunction(node);
  const spanText = unwrap(span).getText();
  let found = false;
  visitDescendants(owner, (child) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(child) || child === node) return undefined;
    if (!child.arguments.some((argument) => passesErrorObject(file, argument, error))) return undefined;
    if (calleeName(child) === 'recordException' || /record|capture|report/i.test(calleeName(child) ?? '')) found = true;
    else if (child.arguments.some((argument) => unwrap(argument).getText() === spanText)) found = true;
    return undefined;
  });
  return found;
}

/** The handler rethrows the error to a span wrapper that records it (`startSpan` of a tracing package). */
function rethrownToRecordingWrapper(
  file: FileAnalysis,
  call: ts.CallExpression,
  span: ts.Expression,
  error: ts.Declaration,
): boolean {
  const handler = errorHandlerOf(error);
  return !!handler && handlerHandsOn(file, handler, error, call) && callbackSpanRecordedByCaller(file, span);
}

/**
 * Attribute keys that stand for "the error" itself — `error`, `err`, `exception`, `error.message`,
 * `exception.message`, `errorMessage` — rather than a named, purpose-specific summary (`grpc.error_message`,
 * `payments.cancel_failure_reason`, `batch.error`): only those stand in for `recordException`.
 */
const genericErrorKeys = new Set([
  'error',
  'err',
  'exception',
  'errormessage',
  'errormsg',
  'errmsg',
  'errmessage',
  'exceptionmessage',
  'exceptionmsg',
  'errorstring',
  'errortext',
]);

function isGenericErrorKey(key: string): boolean {
  return genericErrorKeys.has(
    key
      .toLowerCase()
      .replace(/^(semattrs|attr)_/, '')
      .replace(/[^a-z0-9]/g, ''),
  );
}

/** The text of an attribute key: a literal, a constant's value, or the constant's name (`ATTR_EXCEPTION_MESSAGE`). */
function attributeKey(file: FileAnalysis, key: ts.Expression): string | undefined {
  const node = unwrap(key);
  if (ts.isStringLiteralLike(node)) return node.text;
  const origin = originOf(file, node);
  const resolved = origin.node;
  if (ts.isEnumMember(resolved) && resolved.initializer && ts.isStringLiteralLike(resolved.initializer))
    return resolved.initializer.text;
  if (resolved !== node && ts.isExpression(resolved) && ts.isStringLiteralLike(unwrap(resolved)))
    return (unwrap(resolved) as ts.StringLiteralLike).text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isIdentifier(node)) return node.text;
  return undefined;
}

/** The key of an object literal property: `error`, `'error.message'`, `[ATTR_EXCEPTION_MESSAGE]`. */
function propertyKeyText(file: FileAnalysis, name: ts.PropertyName): string | undefined {
  if (ts.isComputedPropertyName(name)) return attributeKey(file, name.expression);
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

export default defineCodeRule({
  meta: {
    id: 'no-stringified-errors',
    family: 'logs',
    description:
      'An error logged at error level in the handler that swallows it must be logged as an error object, not as `err.message` / `String(err)`; an error must not reach a span only as a string attribute.',
    rationale:
      'An error turned into a string (`err.message`, `String(err)`, `${err}`, `JSON.stringify(err)`) loses its stack trace and cause, and `err.message` its type too. Where the code swallows the error, the log record is the only trace of it left, so nobody can find the failing line; on a span, a string attribute in place of `recordException` hides the exception from the trace view.',
    defaultSeverity: 'warn',
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
          const log = logCallOf(file, call);
          if (log) {
            // Printing `err.message` to a terminal is often the point of a CLI; inside a request it is a lost stack.
            // A structured logger that prints JSON lines through the console is a service's log, not a terminal.
            if (log.logger.library === 'console' && !writesJsonThroughConsole(log.logger) && !traceScopeAt(file, call))
              return;
            // Expected failures are logged at warn/info with their message on purpose; only error records count.
            const level = logLevelOf(log);
            if (!errorLevels.has(level)) return;
            const found = call.arguments
              .flatMap((argument) => errorStringsIn(file, argument))
              .find((item) => {
                if (call.arguments.some((argument) => passesErrorObject(file, argument, item.error))) return false;
                if (inClassifiedErrorBranch(file, call, item.error)) return false;
                // Only where the error is swallowed is the string all that is left of it.
                const handler = errorHandlerOf(item.error);
                if (!handler || handlerHandsOn(file, handler, item.error, call)) return false;
                return !failureIsSelfDescribing(file, handler) && !respondsWithClientError(handler);
              });
            if (!found) return;
            context.report({
              node: found.node,
              message: messages.loggedAsText(found.how, level, lostBy(file, found)),
              help: logHelp(adviceConventions(file, log), log, found.error),
            });
            return;
          }
          const method = calleeName(call);
          if (method !== 'setAttribute' && method !== 'setAttributes') return;
          const receiver = calleeReceiver(call);
          if (!receiver || !isSpanValue(file, receiver)) return;
          const pairs: { key: string | undefined; value: ts.Expression }[] = [];
          if (method === 'setAttribute') {
            const [key, value] = call.arguments;
            if (key && value) pairs.push({ key: attributeKey(file, key), value });
          } else {
            const object = call.arguments[0] && unwrap(call.arguments[0]);
            if (!object || !ts.isObjectLiteralExpression(object)) return;
            for (const property of object.properties) {
              if (ts.isPropertyAssignment(property))
                pairs.push({ key: propertyKeyText(file, property.name), value: property.initializer });
            }
          }
          for (const { key, value } of pairs) {
            // A named, purpose-specific attribute is a deliberate summary; only a generic error key stands in for
            // recordException.
            if (key === undefined || !isGenericErrorKey(key)) continue;
            const found = errorStringsIn(file, value).find(
              (item) =>
                !recordsException(file, call, receiver, item.error) &&
                !passesErrorObject(file, value, item.error) &&
                !rethrownToRecordingWrapper(file, call, receiver, item.error),
            );
            if (found) {
              const help = messages.spanAttributeHelp(
                unwrap(receiver).getText().replace(/\?$/, ''),
                errorName(found.error),
              );
              context.report({ node: found.node, message: messages.spanAttribute(found.how), help });
              return;
            }
          }
        },
      },
    };
  },
});
