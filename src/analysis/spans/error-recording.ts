/**
 * Does this error handler record the error on a span? Two separate facts, because OpenTelemetry keeps them
 * separate: `span.recordException(err)` adds an exception event, `span.setStatus({ code: SpanStatusCode.ERROR })`
 * marks the span failed (what trace UIs and error-rate queries look at). Either may be done directly, through a
 * project helper that receives the span or the error (same file or an imported local module, followed a few
 * levels), or through a configured function name.
 *
 * The answer is three-valued; 'unknown' means a helper that may record could not be read — callers stay silent.
 * Recording anywhere in the handler counts, conditions included: recording only some errors is a decision.
 */
import { ts } from '../../compiler.js';
import { calleeName, unwrap, visitDescendants, type FunctionLike } from '../syntax/ast.js';
import { declarationOf, isGlobalReference, type ModuleView } from '../modules/module-view.js';
import { otelApiMember } from '../otel/api.js';
import { calledFunction } from '../modules/called-function.js';

export type Recorded = 'yes' | 'no' | 'unknown';

export interface ErrorRecording {
  exception: Recorded;
  status: Recorded;
}

export interface RecordingOptions {
  /** Functions that record the error on the span (both facts) when called. */
  errorRecordingFunctions?: readonly string[];
}

const maxHelperDepth = 3;

function merge(a: Recorded, b: Recorded): Recorded {
  if (a === 'yes' || b === 'yes') return 'yes';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return 'no';
}

/** `{ code: SpanStatusCode.ERROR }`, `{ code: 2 }`: 'yes'; OK/UNSET: 'no'; anything not literal: 'unknown'. */
export function statusIsError(view: ModuleView, argument: ts.Expression | undefined): Recorded {
  if (!argument) return 'no';
  const value = unwrap(argument);
  if (!ts.isObjectLiteralExpression(value)) return 'unknown';
  for (const property of value.properties) {
    if (ts.isSpreadAssignment(property)) return 'unknown';
    if (!property.name || property.name.getText() !== 'code') continue;
    if (ts.isShorthandPropertyAssignment(property)) return 'unknown';
    if (!ts.isPropertyAssignment(property)) return 'unknown';
    const code = unwrap(property.initializer);
    if (ts.isNumericLiteral(code)) return code.text === '2' ? 'yes' : 'no';
    if (ts.isPropertyAccessExpression(code) && ['ERROR', 'OK', 'UNSET'].includes(code.name.text)) {
      const owner = otelApiMember(view, code.expression);
      if (owner === 'SpanStatusCode' || /SpanStatusCode$/.test(code.expression.getText()))
        return code.name.text === 'ERROR' ? 'yes' : 'no';
    }
    return 'unknown';
  }
  return 'no';
}

/** Helpers whose name says they deal with spans or error recording (`recordError`, `telemetry.fail`, `onSpanError`). */
const mayRecordByName = /span|trac|record|otel|telemetry|instrument|observ|monitor|capture|status/i;

const forwardingNames = /^(next|cb|callback|done|reject|resolve|emit|push|set|add)$/;

/** `logger.error(err)`, `console.warn(err)`, `next(err)`, `reject(err)`: the error goes on, nobody records it. */
function forwardsOrLogs(call: ts.CallExpression): boolean {
  const name = calleeName(call) ?? '';
  if (forwardingNames.test(name)) return true;
  const callee = unwrap(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) && /(log|console)/i.test(callee.expression.getText().split('.').pop() ?? '')
  );
}

/** JavaScript's own functions: they convert or inspect a value, and cannot record anything on a span. */
const builtinRoots = new Set([
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'BigInt',
  'JSON',
  'Object',
  'Array',
  'Math',
  'Reflect',
  'Date',
  'Promise',
  'Error',
  'TypeError',
  'RangeError',
  'AggregateError',
  'encodeURIComponent',
  'decodeURIComponent',
  'encodeURI',
  'decodeURI',
  'structuredClone',
  'isNaN',
  'parseInt',
  'parseFloat',
]);

/** `String(err)`, `JSON.stringify(err)`, `Object.assign({}, err)`: a built-in handed the error records nothing. */
function callsBuiltin(view: ModuleView, call: ts.CallExpression): boolean {
  let root: ts.Expression = unwrap(call.expression);
  while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  return ts.isIdentifier(root) && builtinRoots.has(root.text) && isGlobalReference(view, root);
}

/** `diag.error(…)` (OpenTelemetry's own diagnostics): the failure is in telemetry code, not in the operation. */
export function logsToDiag(view: ModuleView, body: ts.Node): boolean {
  let found = false;
  visitDescendants(body, (node) => {
    if (found || !ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const receiver = unwrap(callee.expression);
    if (otelApiMember(view, receiver) === 'diag' || /(^|\.)_?diag$/.test(receiver.getText())) found = true;
  });
  return found;
}

/** `const finish = patchEnd(span, …); … finish(error)`: a callback made from the span carries it. */
function builtAroundSpan(
  view: ModuleView,
  call: ts.CallExpression,
  isSpanArgument: (argument: ts.Expression) => boolean,
): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const declaration = declarationOf(view, callee);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const initializer = unwrap(declaration.initializer);
  return ts.isCallExpression(initializer) && initializer.arguments.some(isSpanArgument);
}

const decoratingMethods = new Set(['setAttribute', 'setAttributes', 'addEvent', 'updateName']);

/**
 * A `try` block that only computes span attributes (`for (const key in JSON.parse(header)) span.setAttribute(…)`):
 * what fails there is telemetry code, not the operation the span measures, which must not be marked failed for it.
 * Declarations, `if`s and loops are allowed around the setters; any other statement, or an `await`, is work.
 */
export function onlyDecoratesSpan(block: ts.Block): boolean {
  let decorates = false;
  const statementOk = (statement: ts.Statement): boolean => {
    if (ts.isBlock(statement)) return statement.statements.every(statementOk);
    if (ts.isVariableStatement(statement)) return true;
    if (ts.isIfStatement(statement))
      return statementOk(statement.thenStatement) && (!statement.elseStatement || statementOk(statement.elseStatement));
    if (ts.isForInStatement(statement) || ts.isForOfStatement(statement) || ts.isForStatement(statement))
      return !(ts.isForOfStatement(statement) && statement.awaitModifier) && statementOk(statement.statement);
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = unwrap(statement.expression);
    if (!ts.isCallExpression(expression) || !decoratingMethods.has(calleeName(expression) ?? '')) return false;
    if (!ts.isPropertyAccessExpression(unwrap(expression.expression))) return false;
    decorates = true;
    return true;
  };
  let awaits = false;
  visitDescendants(block, (node) => {
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) awaits = true;
  });
  return !awaits && block.statements.every(statementOk) && decorates;
}

function refersTo(view: ModuleView, expression: ts.Expression, declarations: ReadonlySet<ts.Declaration>): boolean {
  const value = unwrap(expression);
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  return !!declaration && declarations.has(declaration);
}

/**
 * What `body` records. `spans` and `errors` are the declarations (span variables, the caught error) whose hand-off
 * to a helper makes that helper relevant.
 */
export function errorRecordingIn(
  view: ModuleView,
  body: ts.Node,
  spans: ReadonlySet<ts.Declaration>,
  errors: ReadonlySet<ts.Declaration>,
  options: RecordingOptions,
  depth = 0,
  seen: Set<ts.Node> = new Set(),
): ErrorRecording {
  let exception: Recorded = 'no';
  let status: Recorded = 'no';
  // Returns 'skip' for the recording calls themselves: what builds their arguments (`recordException(toError(e))`,
  // `message: String(e)`) is part of that recording, not another place that may record.
  const inspect = (node: ts.Node): 'skip' | undefined => {
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(node);
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && name === 'recordException') {
      exception = 'yes';
      return 'skip';
    }
    if (ts.isPropertyAccessExpression(callee) && name === 'setStatus') {
      status = merge(status, statusIsError(view, node.arguments[0]));
      return 'skip';
    }
    if (name && options.errorRecordingFunctions?.includes(name)) {
      exception = status = 'yes';
      return 'skip';
    }
    if (callsBuiltin(view, node)) return undefined;
    const isSpanArgument = (argument: ts.Expression) =>
      refersTo(view, argument, spans) || /span/i.test(unwrap(argument).getText());
    const passesSpan = node.arguments.some(isSpanArgument) || builtAroundSpan(view, node, isSpanArgument);
    const passesError = node.arguments.some((argument) => refersTo(view, argument, errors));
    if (!passesSpan && !passesError) return undefined;
    const helper = calledFunction(view, node);
    if (!helper || !helper.fn.body) {
      // A function obslint cannot read that receives the span may well record the error on it (e.g. a callback
      // built by `patchEnd(span, …)`), and so may one named for it (`recordError(e)` on the active span). One
      // that is handed only the error (`serializeError(e)`, `toProblem(e)`) cannot reach the span.
      if (
        (passesSpan && passesError) ||
        (passesError && !forwardsOrLogs(node) && mayRecordByName.test(node.expression.getText()))
      ) {
        exception = merge(exception, 'unknown');
        status = merge(status, 'unknown');
      }
      return undefined;
    }
    if (seen.has(helper.fn) || depth >= maxHelperDepth) {
      exception = merge(exception, 'unknown');
      status = merge(status, 'unknown');
      return undefined;
    }
    seen.add(helper.fn);
    const inner = helperRecording(helper.view, helper.fn, node, view, spans, errors, options, depth + 1, seen);
    exception = merge(exception, inner.exception);
    status = merge(status, inner.status);
    return undefined;
  };
  if (inspect(body) !== 'skip') visitDescendants(body, inspect);
  return { exception, status };
}

function helperRecording(
  view: ModuleView,
  fn: FunctionLike,
  call: ts.CallExpression,
  callerView: ModuleView,
  spans: ReadonlySet<ts.Declaration>,
  errors: ReadonlySet<ts.Declaration>,
  options: RecordingOptions,
  depth: number,
  seen: Set<ts.Node>,
): ErrorRecording {
  const innerSpans = new Set<ts.Declaration>();
  const innerErrors = new Set<ts.Declaration>();
  call.arguments.forEach((argument, index) => {
    const parameter = fn.parameters[index];
    if (!parameter) return;
    if (refersTo(callerView, argument, spans)) innerSpans.add(parameter);
    if (refersTo(callerView, argument, errors)) innerErrors.add(parameter);
  });
  return errorRecordingIn(view, fn.body!, innerSpans, innerErrors, options, depth, seen);
}

/**
 * `startSpan(tracer, 'job', async (span) => { … })` where the project's `startSpan` catches what its callback
 * throws and records it on the span (`recordException`): an error the callback rethrows reaches the span whole,
 * whatever the callback itself wrote. True when `span` is a parameter of a callback handed to such a function.
 */
export function callbackSpanRecordedByCaller(view: ModuleView, span: ts.Expression): boolean {
  const value = unwrap(span);
  if (!ts.isIdentifier(value)) return false;
  const parameter = declarationOf(view, value);
  if (!parameter || !ts.isParameter(parameter)) return false;
  const callback = parameter.parent;
  let site: ts.Node = callback;
  while (site.parent && (ts.isParenthesizedExpression(site.parent) || ts.isAsExpression(site.parent)))
    site = site.parent;
  const call = site.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(site as ts.Expression)) return false;
  const wrapper = calledFunction(view, call);
  if (!wrapper?.fn.body) return false;
  let records = false;
  visitDescendants(wrapper.fn.body, (node) => {
    if (records) return 'skip';
    if (ts.isCatchClause(node)) {
      visitDescendants(node.block, (inner) => {
        if (ts.isCallExpression(inner) && calleeName(inner) === 'recordException') records = true;
        return records ? 'skip' : undefined;
      });
    }
    return undefined;
  });
  return records;
}
