/**
 * Project functions that start a span and hand it on, so that their call sites can be read like the OpenTelemetry
 * calls they stand for:
 *
 * - a **factory** returns the span it started (`private _startSpan(op) { return this.tracer.startSpan(op, …) }`):
 *   each call is a span start whose caller owns the span and must end it;
 * - a **wrapper** starts a span and passes it to a callback it was given (`recordSpan(name, (span) => …)`): the
 *   callback runs inside that span and can record errors on it.
 *
 * Both are followed through `this.method(…)`, local functions and imports of local modules (`calledFunction`).
 * Precision first: a factory qualifies only when every value it returns is a span it has just started (or nothing),
 * and it neither ends the span nor keeps it anywhere; a function that may return a non-recording span
 * (`trace.wrapSpanContext(…)`), the current span or a stored one is no factory.
 */
import { ts } from '../../compiler.js';
import { calledFunction } from '../modules/called-function.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import {
  activeSpanCallback,
  chainableSpanMethods,
  spanMethods,
  spanStartKind,
  startActiveSpanTaking,
} from '../otel/api.js';
import {
  enclosingFunction,
  isFunctionLike,
  skipWrappersUp,
  unwrap,
  visitDescendants,
  visitSameFunction,
  type FunctionLike,
} from '../syntax/ast.js';
import { isTruthinessTest } from './span-uses.js';

export interface SpanFactory {
  view: ModuleView;
  fn: FunctionLike;
  /** The `tracer.startSpan(…)` the factory's span comes from (the first one, when it has several returns). */
  start: ts.CallExpression;
}

export interface SpanWrapper {
  view: ModuleView;
  fn: FunctionLike;
  /** Which parameter of the callback receives the span. */
  spanParameter: number;
}

const maxDepth = 3;

/** Calls found to start a span through a project factory or wrapper, for messages that name such spans. */
const projectSpanStarts = new WeakSet<ts.CallExpression>();

/** Was `call` found to be a span factory's or wrapper's call (not an OpenTelemetry start)? */
export function isProjectSpanStart(call: ts.CallExpression): boolean {
  return projectSpanStarts.has(call);
}

/** The values a function returns: its expression body, or its `return` expressions (`undefined` for `return;`). */
function returnedValues(fn: FunctionLike): (ts.Expression | undefined)[] | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return [body];
  const values: (ts.Expression | undefined)[] = [];
  visitSameFunction(body, (node) => {
    if (ts.isReturnStatement(node)) values.push(node.expression);
  });
  return values;
}

function isNullish(expression: ts.Expression | undefined): boolean {
  if (!expression) return true;
  const value = unwrap(expression);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

/** Is this reference to the factory's span variable harmless (a span method other than `end`, a test, the return)? */
function harmlessUse(reference: ts.Identifier): boolean {
  const { node, parent } = skipWrappersUp(reference);
  if (!parent) return false;
  if (ts.isReturnStatement(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === node) return true;
  if (isTruthinessTest(reference)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const call = parent.parent;
    return (
      !!call &&
      ts.isCallExpression(call) &&
      call.expression === parent &&
      spanMethods.has(parent.name.text) &&
      parent.name.text !== 'end'
    );
  }
  return false;
}

/** A `const`/`let` of `fn` that holds a span started right there and is only decorated and returned. */
function startedSpanVariable(
  view: ModuleView,
  fn: FunctionLike,
  declaration: ts.VariableDeclaration,
  depth: number,
): ts.CallExpression | undefined {
  if (!declaration.initializer || !ts.isIdentifier(declaration.name)) return undefined;
  if (enclosingFunction(declaration) !== fn) return undefined;
  const start = startedSpanExpression(view, fn, declaration.initializer, depth, false);
  if (!start) return undefined;
  const name = declaration.name;
  let harmless = true;
  visitDescendants(fn, (node) => {
    if (!harmless || !ts.isIdentifier(node) || node === name || node.text !== name.text) return;
    if (declarationOf(view, node) === declaration && !harmlessUse(node)) harmless = false;
  });
  return harmless ? start : undefined;
}

/** The start call behind a value `fn` returns, when that value is a span just started. */
function startedSpanExpression(
  view: ModuleView,
  fn: FunctionLike,
  expression: ts.Expression,
  depth: number,
  followVariables = true,
): ts.CallExpression | undefined {
  let value = unwrap(expression);
  if (ts.isAwaitExpression(value)) value = unwrap(value.expression);
  if (ts.isCallExpression(value)) {
    if (spanStartKind(view, value) === 'startSpan') return value;
    // `tracer.startSpan(…).setAttributes({…})`: the span's setters return the span.
    const callee = unwrap(value.expression);
    if (ts.isPropertyAccessExpression(callee) && chainableSpanMethods.has(callee.name.text))
      return startedSpanExpression(view, fn, callee.expression, depth, false);
    return spanFactoryAt(view, value, depth + 1)?.start;
  }
  if (followVariables && ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (declaration && ts.isVariableDeclaration(declaration)) return startedSpanVariable(view, fn, declaration, depth);
  }
  return undefined;
}

const factoryCache = new WeakMap<ts.Node, ts.CallExpression | null>();

/** The span start behind `fn` when it is a span factory. */
function factoryStart(view: ModuleView, fn: FunctionLike, depth: number): ts.CallExpression | undefined {
  if (factoryCache.has(fn)) return factoryCache.get(fn) ?? undefined;
  factoryCache.set(fn, null); // recursion guard
  if (ts.isConstructorDeclaration(fn) || ts.isSetAccessorDeclaration(fn) || fn.asteriskToken) return undefined;
  const values = returnedValues(fn) ?? [];
  let start: ts.CallExpression | undefined;
  for (const value of values) {
    if (isNullish(value)) continue;
    const started = startedSpanExpression(view, fn, value!, depth);
    if (!started) return undefined;
    start ??= started;
  }
  factoryCache.set(fn, start ?? null);
  return start;
}

/** The factory a call invokes, when it returns a span it has just started. */
export function spanFactoryAt(view: ModuleView, call: ts.CallExpression, depth = 0): SpanFactory | undefined {
  if (depth > maxDepth) return undefined;
  const helper = calledFunction(view, call);
  if (!helper) return undefined;
  const start = factoryStart(helper.view, helper.fn, depth);
  if (!start) return undefined;
  projectSpanStarts.add(call);
  return { view: helper.view, fn: helper.fn, start };
}

/** A call that starts a span: `tracer.startSpan(…)` itself or a call of a span factory. */
export function startsSpan(view: ModuleView, call: ts.CallExpression): boolean {
  return spanStartKind(view, call) === 'startSpan' || !!spanFactoryAt(view, call);
}

/**
 * Is `identifier` (inside `wrapper`) a span the wrapper started: a `startActiveSpan` callback's span parameter, or
 * a variable holding `tracer.startSpan(…)` or a factory's span?
 */
function isStartedSpanIn(view: ModuleView, wrapper: FunctionLike, expression: ts.Expression, depth: number): boolean {
  const value = unwrap(expression);
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  if (!declaration) return false;
  if (ts.isParameter(declaration)) {
    const callback = declaration.parent;
    if (!isFunctionLike(callback)) return false;
    const { node, parent } = skipWrappersUp(callback);
    if (!parent || !ts.isCallExpression(parent) || !isInside(parent, wrapper)) return false;
    if (activeSpanCallback(parent) === node && spanStartKind(view, parent) === 'startActiveSpan')
      return callback.parameters[0] === declaration;
    // A wrapper built on another one: `trace(name, fn) { return withSpan(name, (span) => fn(span)) }`.
    const inner = depth < maxDepth ? spanWrapperAt(view, parent, node as ts.Expression, depth + 1) : undefined;
    return !!inner && callback.parameters[inner.spanParameter] === declaration;
  }
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !isInside(declaration, wrapper))
    return false;
  let initializer = unwrap(declaration.initializer);
  if (ts.isAwaitExpression(initializer)) initializer = unwrap(initializer.expression);
  return ts.isCallExpression(initializer) && startsSpan(view, initializer);
}

function isInside(node: ts.Node, ancestor: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent)
    if (current === ancestor) return true;
  return false;
}

const wrapperCache = new WeakMap<ts.Node, Map<number, number | null>>();

/** The index at which `fn` passes a span it started to its `index`-th parameter, on every call of that parameter. */
function wrapperSpanParameter(view: ModuleView, fn: FunctionLike, index: number, depth: number): number | undefined {
  let perIndex = wrapperCache.get(fn);
  if (!perIndex) wrapperCache.set(fn, (perIndex = new Map()));
  if (perIndex.has(index)) return perIndex.get(index) ?? undefined;
  perIndex.set(index, null); // recursion guard
  const parameter = fn.parameters[index];
  let spanIndex: number | null = null;
  if (parameter && ts.isIdentifier(parameter.name) && !parameter.dotDotDotToken && fn.body) {
    const name = parameter.name;
    let calls = 0;
    let consistent = true;
    visitDescendants(fn.body, (node) => {
      if (!consistent || !ts.isIdentifier(node) || node.text !== name.text) return;
      if (declarationOf(view, node) !== parameter) return;
      const { node: value, parent } = skipWrappersUp(node);
      // `return tracer.startActiveSpan(name, fn)`: the callback is the active span's own callback.
      if (startActiveSpanTaking(view, node)) {
        calls++;
        if (spanIndex !== null && spanIndex !== 0) consistent = false;
        else spanIndex = 0;
        return;
      }
      // `startSpanWithEnv(…, fn) { return startSpan(tracer, name, fn) }`: handed to another wrapper.
      const inner =
        parent && ts.isCallExpression(parent) && depth < maxDepth
          ? spanWrapperAt(view, parent, value as ts.Expression, depth + 1)
          : undefined;
      if (inner) {
        calls++;
        if (spanIndex !== null && spanIndex !== inner.spanParameter) consistent = false;
        else spanIndex = inner.spanParameter;
        return;
      }
      // `callback.name` (a tracer or span named after the function): read, not handed anyone.
      if (
        parent &&
        ts.isPropertyAccessExpression(parent) &&
        parent.expression === value &&
        (parent.name.text === 'name' || parent.name.text === 'length') &&
        !(parent.parent && ts.isCallExpression(parent.parent) && parent.parent.expression === parent)
      )
        return;
      // Otherwise only direct calls are understood; the callback handed on or stored may get anything.
      if (!parent || !ts.isCallExpression(parent) || parent.expression !== value) {
        if (!(ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) || ts.isIfStatement(parent)))
          consistent = false;
        return;
      }
      calls++;
      const at = parent.arguments.findIndex((argument) => isStartedSpanIn(view, fn, argument, depth));
      if (at < 0 || (spanIndex !== null && spanIndex !== at)) consistent = false;
      else spanIndex = at;
    });
    if (!consistent || calls === 0) spanIndex = null;
  }
  perIndex.set(index, spanIndex);
  return spanIndex ?? undefined;
}

/**
 * The wrapper a call invokes, when `callback` (one of its arguments) is called with a span the wrapper started:
 * `withSpan('checkout', async (span) => …)`.
 */
export function spanWrapperAt(
  view: ModuleView,
  call: ts.CallExpression,
  callback: ts.Expression,
  depth = 0,
): SpanWrapper | undefined {
  const index = call.arguments.indexOf(callback);
  if (index < 0 || call.arguments.some((argument) => ts.isSpreadElement(argument))) return undefined;
  if (spanStartKind(view, call)) return undefined;
  const helper = calledFunction(view, call);
  if (!helper) return undefined;
  const spanParameter = wrapperSpanParameter(helper.view, helper.fn, index, depth);
  if (spanParameter === undefined) return undefined;
  projectSpanStarts.add(call);
  return { view: helper.view, fn: helper.fn, spanParameter };
}
