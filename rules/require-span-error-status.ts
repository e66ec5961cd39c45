import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import {
  calleeName,
  calleeReceiver,
  enclosingFunction,
  isFunctionLike,
  lineOf,
  unwrap,
  visitSameFunction,
  type FunctionLike,
} from '../src/analysis/syntax/ast.js';
import { inScopeAt, liveSpansAt, spanDisplayName, type LiveSpan } from '../src/analysis/spans/live-span.js';
import { errorRecordingIn, logsToDiag, onlyDecoratesSpan } from '../src/analysis/spans/error-recording.js';
import { declarationOf } from '../src/analysis/modules/module-view.js';
import { producesPromise } from '../src/analysis/control-flow/promises.js';
import { alwaysFailsAssertion } from '../src/analysis/control-flow/throws.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  errorRecordingFunctions: string[];
  requireRecordException: boolean;
  requireSetStatus: boolean;
}

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  /** `handling`, `missing` and `consequence` are texts below (`handling…`, `missing…`, `…Consequence`). */
  notRecorded: (handler: string, handling: string, span: string, line: number, missing: string, consequence: string) =>
    `This ${handler} ${handling} while span ${span} (line ${line}) is open, but ${missing}. ${consequence}`,
  statusConsequence:
    'In the trace the span stays unset/successful: error-rate queries, "status = error" searches and tail-based ' +
    'sampling of failed traces all miss this failure.',
  exceptionConsequence:
    'In the trace the span is marked failed but carries no exception event, so the exception type, message and ' +
    'stack trace of this failure are missing from it.',
  noEventConsequence:
    'In the trace the span carries no exception event, so the exception type, message and stack trace of this ' +
    'failure are missing from it.',
  missingBoth: 'neither records it nor marks the span failed',
  missingException: 'it only sets the ERROR status and never calls `recordException`',
  missingStatus: 'it only records the exception and never sets the ERROR status',
  handlingRethrows: 'rethrows the error',
  handlingThrowsOther: 'throws another error',
  handlingLogs: 'logs the error and carries on',
  handlingForwards: (to: string) => `hands the error to \`${to}\``,
  handlingSwallows: 'swallows the error',
  catchClause: '`catch`',
  catchHandler: '`.catch` handler',
  rejectionHandler: 'rejection handler',
  /** `fixes` joins the `…Fix` texts with `fixJoiner`. */
  notRecordedHelp: (fixes: string) =>
    `Call ${fixes} before handling the error (or a project helper that does; list unreadable ones in ` +
    '`errorRecordingFunctions`).',
  recordExceptionFix: (span: string, error: string) => `\`${span}.recordException(${error})\``,
  setStatusFix: (span: string) => `\`${span}.setStatus({ code: SpanStatusCode.ERROR, message: … })\``,
  fixJoiner: ' and ',
  spanStarted: (span: string) => `span ${span} is started here`,
} as const;

/** The spans a handler at `node` can and should record on: live there and nameable there. */
function recordableSpans(file: FileAnalysis, node: ts.Node): LiveSpan[] {
  return liveSpansAt(file, node, { throughLocalFunctions: true }).filter(
    (span) => span.variable && inScopeAt(span.variable, node),
  );
}

/** Callbacks that take the error on: `next(err)`, `done(err)`, `reject(err)`. */
const forwardingCallbacks = /^(next|cb|callback|done|reject)$/;

/** What the handler does with the error, for the message. */
function describeHandling(body: ts.Node, error: ts.Declaration | undefined, file: FileAnalysis): string {
  let rethrows = false;
  let throwsOther = false;
  let logs = false;
  let forwardsTo: string | undefined;
  const isError = (expression: ts.Expression) => {
    const value = unwrap(expression);
    return ts.isIdentifier(value) && !!error && declarationOf(file, value) === error;
  };
  const visit = (node: ts.Node) => {
    if (ts.isThrowStatement(node)) {
      if (node.expression && isError(node.expression)) rethrows = true;
      else throwsOther = true;
    }
    if (ts.isCallExpression(node)) {
      const receiver = calleeReceiver(node);
      if (receiver && /log|console/i.test(unwrap(receiver).getText())) logs = true;
      // `next(err)`, `done(err)`, `reject(err)`, `callback(err)`: the error goes on to whoever called.
      else if (
        ts.isIdentifier(unwrap(node.expression)) &&
        forwardingCallbacks.test(calleeName(node) ?? '') &&
        node.arguments.some(isError)
      ) {
        forwardsTo ??= calleeName(node);
      }
    }
  };
  if (ts.isBlock(body)) visitSameFunction(body, (node) => void visit(node));
  else {
    visit(body);
    visitSameFunction(body, (node) => void visit(node));
  }
  if (rethrows) return messages.handlingRethrows;
  if (throwsOther) return messages.handlingThrowsOther;
  if (forwardsTo) return messages.handlingForwards(forwardsTo);
  if (logs) return messages.handlingLogs;
  return messages.handlingSwallows;
}

/** A `catch` that throws, nested in the `try` block of another `catch` of the same function: the outer one records. */
function deferredToOuterCatch(clause: ts.CatchClause): boolean {
  let throws = false;
  visitSameFunction(clause.block, (node) => {
    if (ts.isThrowStatement(node)) throws = true;
  });
  if (!throws) return false;
  const owner = enclosingFunction(clause);
  for (let current: ts.Node = clause.parent; current && current !== owner; current = current.parent) {
    const parent = current.parent;
    if (parent && ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) return true;
  }
  return false;
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-span-error-status',
    family: 'spans',
    description:
      'An error caught while a span is open must mark it failed (`setStatus({ code: ERROR })`), ideally with `recordException`.',
    rationale:
      'OpenTelemetry never marks a span failed by itself: a caught exception that is rethrown, logged or swallowed without an ERROR status leaves the span looking successful, so traces of failed requests look healthy and error-based sampling and alerting miss them. `recordException` adds the exception event (type, message, stack) that tells why.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        errorRecordingFunctions: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Names of project helpers that record the error on the span when called (e.g. `recordSpanError`), when obslint cannot read them.',
        },
        requireRecordException: {
          type: 'boolean',
          description:
            'Also report handlers that set the ERROR status but never call `span.recordException(err)` (the exception ' +
            'event with type, message and stack). Off by default: the span is already marked failed.',
        },
        requireSetStatus: {
          type: 'boolean',
          description:
            'Require `span.setStatus({ code: SpanStatusCode.ERROR })` (the failed status trace UIs and queries use).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { errorRecordingFunctions: [], requireRecordException: false, requireSetStatus: true },
  },
  typescript(context) {
    const { file, options } = context;

    const check = (
      at: { node?: ts.Node; range?: { start: number; end: number } },
      position: ts.Node,
      body: ts.Node,
      error: ts.Declaration,
      extra: ts.Node | undefined,
      kind: string,
    ) => {
      const handling = describeHandling(body, error, file);
      // A wrapper's callback that throws leaves the recording to the wrapper around it (`recordSpan` catches,
      // records and rethrows): whether it does is the wrapper's finding, not this handler's.
      const throws = handling === messages.handlingRethrows || handling === messages.handlingThrowsOther;
      const spans = recordableSpans(file, position).filter((span) => !(throws && span.fromWrapper));
      if (spans.length === 0) return;
      // `catch (e) { assert.fail(e.message) }`: the error comes out again as a failed assertion, nothing is swallowed.
      if (alwaysFailsAssertion(file, body)) return;
      const spanSet = new Set<ts.Declaration>(spans.map((span) => span.variable!));
      const recording = errorRecordingIn(file, body, spanSet, new Set([error]), options);
      if (extra) {
        const more = errorRecordingIn(file, extra, spanSet, new Set(), options);
        if (more.exception !== 'no') recording.exception = more.exception;
        if (more.status !== 'no') recording.status = more.status;
      }
      if (recording.exception === 'unknown' || recording.status === 'unknown') return;
      // Reported to OpenTelemetry's own diagnostics: a failure of telemetry code (a hook, an attribute), not of the operation.
      if (logsToDiag(file, body)) return;
      const noException = recording.exception === 'no';
      const noStatus = recording.status === 'no';
      // By default only a span left looking successful is reported; one marked failed without the exception event
      // is reported with `requireRecordException`.
      const reportStatus = options.requireSetStatus && noStatus;
      if (!reportStatus && !(options.requireRecordException && noException)) return;
      const span = spans[0]!;
      const variable = span.variable!.name.getText();
      const missing =
        noException && noStatus
          ? messages.missingBoth
          : noException
            ? messages.missingException
            : messages.missingStatus;
      const fixes = [
        noException ? messages.recordExceptionFix(variable, error.getText().split(/[:=]/)[0]!.trim()) : '',
        reportStatus ? messages.setStatusFix(variable) : '',
      ]
        .filter(Boolean)
        .join(messages.fixJoiner);
      const spanName = spanDisplayName(span.start);
      context.report({
        ...at,
        message: messages.notRecorded(
          kind,
          handling,
          spanName,
          lineOf(span.start, file.sourceFile),
          missing,
          reportStatus
            ? messages.statusConsequence
            : noStatus
              ? messages.noEventConsequence
              : messages.exceptionConsequence,
        ),
        help: messages.notRecordedHelp(fixes),
        related: [{ node: span.start, message: messages.spanStarted(spanName) }],
      });
    };

    return {
      nodes: {
        [ts.SyntaxKind.CatchClause](node) {
          const clause = node as ts.CatchClause;
          // `catch {}` without a binding: the error is deliberately ignored and cannot be recorded.
          const error = clause.variableDeclaration;
          if (!error || !ts.isIdentifier(error.name)) return;
          if (deferredToOuterCatch(clause)) return;
          const tryStatement = clause.parent;
          // `try { span.setAttribute('x', JSON.parse(header)) } catch …`: telemetry code failed, not the operation.
          if (onlyDecoratesSpan(tryStatement.tryBlock)) return;
          const start = clause.getStart(file.sourceFile);
          check(
            { range: { start, end: start + 'catch'.length } },
            clause,
            clause.block,
            error,
            tryStatement.finallyBlock,
            messages.catchClause,
          );
        },
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const name = calleeName(call);
          const callee = unwrap(call.expression);
          if (!ts.isPropertyAccessExpression(callee)) return;
          let handler: ts.Expression | undefined;
          if (name === 'catch' && call.arguments.length === 1) handler = call.arguments[0];
          else if (name === 'then' && call.arguments.length === 2) handler = call.arguments[1];
          else return;
          const fn = handler && unwrap(handler);
          if (!fn || !isFunctionLike(fn)) return;
          const parameter = (fn as FunctionLike).parameters[0];
          if (!parameter || !ts.isIdentifier(parameter.name)) return;
          // `.catch` on something that is not a promise (an observable, a query builder) is not a rejection handler.
          if (name === 'catch' && producesPromise(file, callee.expression) === 'no') return;
          const body = (fn as FunctionLike).body;
          if (!body) return;
          const at = name === 'catch' ? { node: callee.name } : { node: fn };
          check(
            at,
            body,
            body,
            parameter,
            undefined,
            name === 'catch' ? messages.catchHandler : messages.rejectionHandler,
          );
        },
      },
    };
  },
});
