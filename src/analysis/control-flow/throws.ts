/**
 * Can evaluating this statement throw? Calls, `new`, `await` and tagged templates can; calls known not to throw
 * (span methods, the OpenTelemetry API, console, loggers, metric updates, Math/JSON/Date helpers) cannot.
 * Used for "exception paths" in span lifetimes; deliberately optimistic about well-known APIs to stay quiet.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, isFunctionLike, unwrap } from '../syntax/ast.js';
import { declarationOf, isGlobalReference, type ModuleView } from '../modules/module-view.js';
import { otelApiCall, isTracer } from '../otel/api.js';

const safeGlobals: Record<string, Set<string> | true> = {
  console: true,
  Math: true,
  JSON: new Set(['stringify']),
  Date: new Set(['now']),
  Object: new Set(['keys', 'values', 'entries', 'assign', 'freeze', 'fromEntries']),
  Array: new Set(['isArray', 'from', 'of']),
  Number: true,
  String: true,
  performance: new Set(['now']),
  process: new Set(['hrtime', 'cpuUsage', 'memoryUsage', 'uptime']),
};
const safeFunctions = new Set(['String', 'Number', 'Boolean', 'isNaN', 'parseInt', 'parseFloat', 'Symbol', 'BigInt']);
const safeMethods = new Set(['toString', 'push', 'toFixed', 'toISOString', 'getTime', 'trim', 'toLowerCase', 'toUpperCase', 'slice', 'includes', 'startsWith', 'endsWith', 'has', 'get', 'join']);
/** Logger and metric methods: by contract they swallow their own failures. */
const telemetryMethods = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log', 'verbose', 'inc', 'dec', 'set', 'observe', 'add', 'record', 'labels', 'startTimer', 'hrtime']);

/** Test assertions throw only to fail a test, where a leaked span is irrelevant: not an exception path. */
const assertionRoots = new Set(['assert', 'expect', 'should', 'sinon', 'chai']);

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(expression);
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = unwrap(current.expression);
    else return undefined;
  }
}

function isSafeCall(view: ModuleView, call: ts.CallExpression, span: ts.Declaration | undefined): boolean {
  const root = rootIdentifier(call.expression);
  if (root && assertionRoots.has(root.text)) return true;
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return safeFunctions.has(callee.text);
  const receiver = calleeReceiver(call);
  const method = calleeName(call);
  if (!receiver || !method) return false;
  const base = unwrap(receiver);
  if (span && ts.isIdentifier(base) && declarationOf(view, base) === span) return true;
  if (ts.isIdentifier(base) && safeGlobals[base.text] !== undefined && isGlobalReference(view, base)) {
    const allowed = safeGlobals[base.text]!;
    return allowed === true || allowed.has(method);
  }
  if (safeMethods.has(method)) return true;
  const api = otelApiCall(view, call);
  if (api) return !(api.member === 'context' && (api.method === 'with' || api.method === 'bind'));
  if ((method === 'startSpan') && isTracer(view, receiver)) return true;
  if (telemetryMethods.has(method)) {
    const receiverText = base.getText();
    if (/log|metric|counter|histogram|gauge|summary|timer|span/i.test(receiverText)) return true;
  }
  return false;
}

/**
 * Whether `node` (a statement or expression, nested functions excluded) may throw. With `findThrower`, returns the
 * first sub-expression that may throw, preferring an `await` (a rejected promise is the usual culprit).
 */
export function mayThrow(view: ModuleView, node: ts.Node, span: ts.Declaration | undefined, findThrower = false): boolean | ts.Node | undefined {
  let firstAwait: ts.Node | undefined;
  let firstOther: ts.Node | undefined;
  const visit = (current: ts.Node): void => {
    if (firstAwait) return;
    if (isFunctionLike(current) || ts.isClassLike(current)) return;
    if (ts.isAwaitExpression(current) || (ts.isForOfStatement(current) && current.awaitModifier)) {
      firstAwait = current;
      return;
    }
    if (ts.isCallExpression(current)) {
      if (!isSafeCall(view, current, span)) firstOther ??= current;
    } else if (ts.isNewExpression(current) || ts.isTaggedTemplateExpression(current)) {
      firstOther ??= current;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  const thrower = firstAwait ?? firstOther;
  return findThrower ? thrower : thrower !== undefined;
}
