/**
 * What can throw. Exception paths are only worth reporting where something realistically throws, so there are
 * two models:
 * - `realistic` (the default): `await` (a rejected promise), `throw`, parsing and validation (`JSON.parse`,
 *   `schema.parse`, `jwt.verify`), synchronous I/O (`fs.readFileSync`), `require(…)`, `new URL(…)`, calling a
 *   function the code was handed (a parameter, `original.apply(this, args)`: user code) and local helpers whose
 *   own body realistically throws. Async helpers reject rather than throw; the OpenTelemetry API, loggers and
 *   metric updates, `Error` constructors, route/middleware/listener registrations, collection operations and calls
 *   nothing is known about are not exception paths.
 * - `every-call`: any call, `new` or `await` may throw (the behaviour users get with `checkThrowPaths: true`).
 */
import { ts } from '../../compiler.js';
import { calledFunction } from '../modules/called-function.js';
import { declarationOf, isGlobalReference, type ModuleView } from '../modules/module-view.js';
import { isTracer, otelApiCall, spanMethods } from '../otel/api.js';
import { calleeName, calleeReceiver, isFunctionLike, unwrap, type FunctionLike } from '../syntax/ast.js';
import { functionReturnsPromise } from './promises.js';
import {
  assertionRoots,
  callbackRunners,
  collectionMethods,
  distinctiveSpanMethods,
  handOffMethods,
  plainConstructors,
  registrationMethods,
  safeFunctions,
  safeGlobals,
  safeMethods,
  telemetryMethods,
  throwingConstructors,
  throwingFunctions,
  throwingGlobals,
  throwingMethods,
} from './throw-vocabulary.js';

export type ThrowModel = 'realistic' | 'every-call';

/**
 * `assert.fail(…)`, `expect.fail(…)`, `assert(false, …)`, `assert.ok(false, …)`, Jest's global `fail(…)`: an
 * assertion that always throws (an `AssertionError` that fails the test).
 */
export function isFailingAssertion(view: ModuleView, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee) && callee.text === 'fail') return isGlobalReference(view, callee);
  const root = rootIdentifier(call.expression);
  if (!root || !assertionRoots.has(root.text)) return false;
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (method === 'fail') return true;
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  const literalFalse = !!first && first.kind === ts.SyntaxKind.FalseKeyword;
  return (
    literalFalse &&
    (ts.isIdentifier(callee) ? callee.text === 'assert' : method === 'ok' || method === 'isOk' || method === 'isTrue')
  );
}

/**
 * Does this handler body always end in a failing assertion (a statement of its own block, before any `return` or
 * `throw`)? Such a handler swallows nothing: the error comes out again as the assertion's.
 */
export function alwaysFailsAssertion(view: ModuleView, body: ts.Node): boolean {
  const isFailing = (expression: ts.Expression) => {
    const value = unwrap(expression);
    return ts.isCallExpression(value) && isFailingAssertion(view, value);
  };
  if (!ts.isBlock(body)) return ts.isExpression(body) && isFailing(body);
  for (const statement of body.statements) {
    if (ts.isExpressionStatement(statement) && isFailing(statement.expression)) return true;
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return false;
  }
  return false;
}

/** How far local helpers are followed, and the verdicts already reached (per helper). */
const helperDepth = 3;
const helperVerdicts = new WeakMap<FunctionLike, boolean>();

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(expression);
  for (;;) {
    if (ts.isIdentifier(current)) return current;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current))
      current = unwrap(current.expression);
    else return undefined;
  }
}

/** Known not to throw, in either model: assertions, telemetry, safe globals, the tracked span itself. */
function isKnownSafeCall(view: ModuleView, call: ts.CallExpression, span: ts.Declaration | undefined): boolean {
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
  if (method === 'startSpan' && isTracer(view, receiver)) return true;
  if (telemetryMethods.has(method) && /log|metric|counter|histogram|gauge|summary|timer|span/i.test(base.getText()))
    return true;
  return false;
}

/** Is the callee a function value the code was handed (a parameter, or `fn.call`/`fn.apply` of one)? User code. */
function callsHandedFunction(view: ModuleView, call: ts.CallExpression): boolean {
  let callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'call' || callee.name.text === 'apply'))
    callee = unwrap(callee.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    // `this._cacheKeyFn(key)`: an option the caller configured.
    return /fn$|callback$|handler$|hook$/i.test(callee.name.text);
  }
  if (!ts.isIdentifier(callee)) return false;
  const declaration = declarationOf(view, callee);
  return !!declaration && ts.isParameter(declaration);
}

function isAsync(fn: FunctionLike): boolean {
  return functionReturnsPromise(fn) === 'yes';
}

/** Does a local helper's body realistically throw when called (synchronously)? */
function helperThrows(view: ModuleView, fn: FunctionLike, depth: number): boolean {
  if (isAsync(fn)) return false;
  const known = helperVerdicts.get(fn);
  if (known !== undefined) return known;
  // Assume not while deciding, so that recursion terminates.
  helperVerdicts.set(fn, false);
  const body = fn.body;
  const verdict = !!body && realisticThrower(view, body, undefined, depth + 1, { ownThrows: true }) !== undefined;
  helperVerdicts.set(fn, verdict);
  return verdict;
}

/** What throws inside an inline callback that is run right away, if anything. */
function callbackThrower(
  view: ModuleView,
  argument: ts.Expression | undefined,
  span: ts.Declaration | undefined,
  depth: number,
): ts.Node | undefined {
  const callback = argument && unwrap(argument);
  if (!callback || !isFunctionLike(callback) || !callback.body) return undefined;
  // An async callback never throws into its caller: its failures reject the promise it returns.
  if (isAsync(callback)) return undefined;
  return realisticThrower(view, callback.body, span, depth + 1, { ownThrows: true });
}

/**
 * A wrapper that promises a result (`async`, or declared to return a `Promise`) hands back what the wrapped function
 * returns: that function's failures arrive as rejections, which the wrapper's promise chain handles.
 */
function insidePromiseWrapper(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current) || ts.isArrowFunction(current)) continue;
    return functionReturnsPromise(current) === 'yes';
  }
  return false;
}

/** The node to blame when the call realistically throws: the call itself, or what throws in a callback it runs. */
function realisticCallThrower(
  view: ModuleView,
  call: ts.CallExpression,
  span: ts.Declaration | undefined,
  depth: number,
): ts.Node | undefined {
  // `context.with(ctx, fn)` runs `fn` now, inside the call.
  const api = otelApiCall(view, call);
  if (api?.member === 'context' && api.method === 'with') return callbackThrower(view, call.arguments[1], span, depth);
  if (isKnownSafeCall(view, call, span)) return undefined;
  const callee = unwrap(call.expression);
  const method = calleeName(call);
  const receiver = calleeReceiver(call);
  const base = receiver && unwrap(receiver);
  if (ts.isIdentifier(callee) && throwingFunctions.has(callee.text) && isGlobalReference(view, callee)) return call;
  if (
    base &&
    ts.isIdentifier(base) &&
    method &&
    throwingGlobals[base.text]?.has(method) &&
    isGlobalReference(view, base)
  )
    return call;
  if (method && receiver && throwingMethods.test(method)) return call;
  if (callsHandedFunction(view, call)) return insidePromiseWrapper(call) ? undefined : call;
  if (method && receiver) {
    if (distinctiveSpanMethods.has(method) || (spanMethods.has(method) && /span/i.test(receiver.getText())))
      return undefined;
    if (registrationMethods.has(method) || handOffMethods.has(method) || collectionMethods.has(method))
      return undefined;
    if (callbackRunners.has(method)) return callbackThrower(view, call.arguments[0], span, depth);
  }
  if (depth >= helperDepth) return undefined;
  const target = calledFunction(view, call);
  return target && helperThrows(target.view, target.fn, depth) ? call : undefined;
}

function realisticNewThrows(view: ModuleView, expression: ts.NewExpression): boolean {
  const callee = unwrap(expression.expression);
  if (!ts.isIdentifier(callee)) return false;
  if (plainConstructors.test(callee.text) || /Error$/.test(callee.text)) return false;
  if (callee.text === 'RegExp')
    return !!expression.arguments?.[0] && !ts.isStringLiteralLike(unwrap(expression.arguments[0]));
  return throwingConstructors.test(callee.text) && isGlobalReference(view, callee);
}

/** Is a `try` block's error handled without rethrowing (so nothing inside escapes it)? */
function catchesEverything(statement: ts.TryStatement): boolean {
  const handler = statement.catchClause;
  if (!handler) return false;
  let rethrows = false;
  const visit = (node: ts.Node): void => {
    if (rethrows || isFunctionLike(node)) return;
    if (ts.isThrowStatement(node)) rethrows = true;
    else ts.forEachChild(node, visit);
  };
  visit(handler.block);
  return !rethrows;
}

/**
 * The first sub-expression of `node` that realistically throws (nested functions excluded), preferring an `await`.
 * With `ownThrows`, a `throw` statement counts too (for helper bodies: the caller sees it as the call throwing).
 */
function realisticThrower(
  view: ModuleView,
  node: ts.Node,
  span: ts.Declaration | undefined,
  depth: number,
  options: { ownThrows?: boolean } = {},
): ts.Node | undefined {
  let firstAwait: ts.Node | undefined;
  let firstOther: ts.Node | undefined;
  const visit = (current: ts.Node): void => {
    if (firstAwait) return;
    if (isFunctionLike(current) || ts.isClassLike(current)) return;
    if (ts.isTryStatement(current) && catchesEverything(current)) {
      // Only the handler and the finally block can let an error out.
      visit(current.catchClause!.block);
      if (current.finallyBlock) visit(current.finallyBlock);
      return;
    }
    if (ts.isAwaitExpression(current) || (ts.isForOfStatement(current) && current.awaitModifier)) {
      firstAwait = current;
      return;
    }
    if (options.ownThrows && ts.isThrowStatement(current)) firstOther ??= current;
    else if (ts.isCallExpression(current)) {
      if (!firstOther) firstOther = realisticCallThrower(view, current, span, depth);
    } else if (ts.isNewExpression(current)) {
      if (realisticNewThrows(view, current)) firstOther ??= current;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return firstAwait ?? firstOther;
}

/** Every call, `new`, tagged template and `await` may throw, except the calls known to be safe. */
function anyThrower(view: ModuleView, node: ts.Node, span: ts.Declaration | undefined): ts.Node | undefined {
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
      if (!isKnownSafeCall(view, current, span)) firstOther ??= current;
    } else if (ts.isNewExpression(current) || ts.isTaggedTemplateExpression(current)) {
      firstOther ??= current;
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  return firstAwait ?? firstOther;
}

/**
 * The first sub-expression of `node` (a statement or expression, nested functions excluded) that may throw under
 * the model, preferring an `await` (a rejected promise is the usual culprit); undefined when nothing does. `span`
 * is the span being tracked: its own methods never count.
 */
export function throwerIn(
  view: ModuleView,
  node: ts.Node,
  span: ts.Declaration | undefined,
  model: ThrowModel,
): ts.Node | undefined {
  const found = model === 'every-call' ? anyThrower(view, node, span) : realisticThrower(view, node, span, 0);
  if (found && ts.isAwaitExpression(found)) return found;
  // The head of `for await (… of iterable)` (the flow graph evaluates the loop there): every step awaits the
  // iterator, and a rejection leaves the loop. The loop is what to name, not the iterable's expression.
  const loop = node.parent;
  if (loop && ts.isForOfStatement(loop) && loop.awaitModifier && loop.expression === node) return loop;
  return found;
}
