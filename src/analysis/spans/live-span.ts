/**
 * "Which spans are running here?" — a span started earlier in the function and not yet ended on some path to this
 * node, or the span of the enclosing `startActiveSpan` callback. Callbacks that run while their registering call's
 * span is still open (promise handlers, `context.with`, array iteration) inherit the spans live at that call.
 *
 * Liveness is a may-analysis over the flow graph: a span is live at a node when some path from its start reaches
 * the node without passing a statement that ends it. Ends are direct `span.end()` calls in the owner and local
 * helpers that end the span passed to them; an end inside a callback (`.finally(() => span.end())`) leaves the span
 * live until the function's end, which is what such a chain means.
 */
import { ts } from '../../compiler.js';
import {
  calleeName,
  codeExcerpt,
  enclosingFunction,
  isFunctionLike,
  skipWrappersUp,
  unwrap,
  visitDescendants,
  visitSameFunction,
  type FunctionLike,
} from '../syntax/ast.js';
import { flowGraphOf, isUnconditionalIn, type FlowGraph, type FlowNode } from '../control-flow/flow.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import {
  activeSpanCallback,
  otelApiCall,
  spanStartKind,
  startActiveSpanTaking,
  type SpanStartKind,
} from '../otel/api.js';
import { calledFunction } from '../modules/called-function.js';
import { helperEndsParameter } from './spans.js';
import { isProjectSpanStart, spanWrapperAt, startsSpan } from './span-factories.js';

export interface LiveSpan {
  kind: SpanStartKind;
  /** The `startSpan` / `startActiveSpan` call. */
  start: ts.CallExpression;
  /** The variable (or callback parameter) holding the span; undefined for a parameterless active callback. */
  variable?: ts.VariableDeclaration | ts.ParameterDeclaration;
  /** The function whose flow the span lives in: the enclosing function, or the `startActiveSpan` callback. */
  owner: FunctionLike | ts.SourceFile;
  /** Direct end statements in the owner (`span.end()`, a local helper that ends it). */
  ends: ts.CallExpression[];
  /** The span a project wrapper (`withSpan(name, (span) => …)`) hands its callback: `start` is the wrapper's call. */
  fromWrapper?: boolean;
}

/** Callbacks that run before (or chained into) what their registering call waits for. */
const promiseHandlers = new Set(['then', 'catch', 'finally']);
const iterationMethods = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'sort',
]);

/** The span name a start call gives, for messages: `'orders.checkout'` or the expression text. */
export function spanDisplayName(start: ts.CallExpression): string {
  const name = start.arguments[0];
  if (isProjectSpanStart(start)) {
    // A span factory or wrapper (`this._startSpan(options)`): its arguments need not name the span, its call does.
    const literal =
      name && ts.isStringLiteralLike(name) ? `'${name.text}'${start.arguments.length > 1 ? ', …' : ''}` : '…';
    return quoteCode(`${codeExcerpt(start.expression)}(${literal})`);
  }
  if (name && ts.isStringLiteralLike(name)) return `'${name.text}'`;
  return name ? quoteCode(codeExcerpt(name)) : 'span';
}

/** Code for a message, in Markdown: `` `${a}.${b}` `` when the code itself holds a backtick (a template literal). */
export function quoteCode(code: string): string {
  return code.includes('`') ? `\`\` ${code} \`\`` : `\`${code}\``;
}

/**
 * How a nested function relates to the function around it, when it is a callback argument: 'active' for a
 * `startActiveSpan` callback, 'context-with' for `context.with`, 'chained' for promise handlers and array
 * iteration, 'other' for anything else (listeners, timers, unknown APIs).
 */
export function callbackRole(
  view: ModuleView,
  fn: FunctionLike,
):
  | { role: 'active' | 'context-with' | 'chained' | 'other'; call: ts.CallExpression; spanParameter?: number }
  | undefined {
  const { node, parent } = skipWrappersUp(fn);
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return undefined;
  if (activeSpanCallback(parent) === node && spanStartKind(view, parent) === 'startActiveSpan')
    return { role: 'active', call: parent };
  const api = otelApiCall(view, parent);
  if (api?.member === 'context' && api.method === 'with') return { role: 'context-with', call: parent };
  const name = calleeName(parent);
  if (
    name &&
    (promiseHandlers.has(name) || iterationMethods.has(name)) &&
    ts.isPropertyAccessExpression(unwrap(parent.expression))
  )
    return { role: 'chained', call: parent };
  // `withSpan(name, (span) => …)`: a project wrapper hands the callback a span it started, like `startActiveSpan`.
  const wrapper = spanWrapperAt(view, parent, node as ts.Expression);
  if (wrapper) return { role: 'active', call: parent, spanParameter: wrapper.spanParameter };
  return { role: 'other', call: parent };
}

/** The declaration holding the span a `startSpan` call returns, when it is a local variable of the owner. */
function spanVariableOf(
  view: ModuleView,
  call: ts.CallExpression,
  owner: FunctionLike | ts.SourceFile,
): ts.VariableDeclaration | undefined {
  let site = skipWrappersUp(call);
  while (site.parent && ts.isAwaitExpression(site.parent)) site = skipWrappersUp(site.parent);
  const parent = site.parent;
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === site.node && ts.isIdentifier(parent.name))
    return parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === site.node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const target = unwrap(parent.left);
    if (!ts.isIdentifier(target)) return undefined;
    const declaration = declarationOf(view, target);
    if (declaration && ts.isVariableDeclaration(declaration) && enclosingFunction(declaration) === owner)
      return declaration;
  }
  return undefined;
}

/** Direct ends of the span variable in its owner: `span.end()` and `helper(span)` where the helper ends it. */
function endCallsOf(
  view: ModuleView,
  owner: FunctionLike | ts.SourceFile,
  variable: ts.Declaration,
): ts.CallExpression[] {
  const ends: ts.CallExpression[] = [];
  const body = ts.isSourceFile(owner) ? owner : owner.body;
  if (!body) return ends;
  const refersToSpan = (expression: ts.Expression) => {
    const value = unwrap(expression);
    return ts.isIdentifier(value) && declarationOf(view, value) === variable;
  };
  const inspect = (node: ts.Node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'end' && refersToSpan(callee.expression)) {
      ends.push(node);
      return;
    }
    const index = node.arguments.findIndex(refersToSpan);
    if (index < 0) return;
    const helper = calledFunction(view, node);
    if (helper && helperEndsParameter(helper.view, helper.fn, index, {})) ends.push(node);
  };
  if (ts.isExpression(body)) inspect(body);
  visitSameFunction(body, (node) => void inspect(node));
  return ends;
}

function statementNodes(graph: FlowGraph, node: ts.Node): FlowNode[] {
  return graph.nodesFor(node);
}

/** Flow nodes that close the span: statements evaluating an end call unconditionally. */
function closingNodes(graph: FlowGraph, ends: readonly ts.CallExpression[]): Set<FlowNode> {
  const closes = new Set<FlowNode>();
  for (const end of ends) {
    for (const node of statementNodes(graph, end)) if (node.ast && isUnconditionalIn(end, node.ast)) closes.add(node);
  }
  return closes;
}

/**
 * Can `targets` be reached from `starts` without passing `closes`? Normal and exception edges are followed (an
 * exception may leave any statement); a start node's own exception edge is not (if the start throws, there is no span).
 */
export function reachableAvoiding(
  starts: readonly FlowNode[],
  targets: ReadonlySet<FlowNode>,
  closes: ReadonlySet<FlowNode>,
): boolean {
  const visited = new Set<FlowNode>();
  const stack: FlowNode[] = [];
  for (const start of starts) for (const edge of start.edges) stack.push(edge.to);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (targets.has(node)) return true;
    if (visited.has(node) || closes.has(node)) continue;
    visited.add(node);
    for (const edge of node.edges) stack.push(edge.to);
    if (node.exception && node.leaves !== 'throw') stack.push(node.exception);
  }
  return false;
}

/** Every `startSpan`/`startActiveSpan`-with-parameter span owned by `owner` (nested functions excluded). */
function spansOwnedBy(view: ModuleView, owner: FunctionLike | ts.SourceFile): LiveSpan[] {
  const spans: LiveSpan[] = [];
  const body = ts.isSourceFile(owner) ? owner : owner.body;
  if (!body) return spans;
  visitSameFunction(body, (node) => {
    if (!ts.isCallExpression(node) || !startsSpan(view, node)) return;
    const variable = spanVariableOf(view, node, owner);
    if (variable)
      spans.push({ kind: 'startSpan', start: node, variable, owner, ends: endCallsOf(view, owner, variable) });
  });
  return spans;
}

const ownedCache = new WeakMap<ts.Node, LiveSpan[]>();

function ownedSpans(view: ModuleView, owner: FunctionLike | ts.SourceFile): LiveSpan[] {
  let spans = ownedCache.get(owner);
  if (!spans) ownedCache.set(owner, (spans = spansOwnedBy(view, owner)));
  return spans;
}

/** The span a `startActiveSpan` callback receives. */
function activeCallbackSpan(
  view: ModuleView,
  call: ts.CallExpression,
  callback: FunctionLike,
  spanParameter?: number,
): LiveSpan {
  const parameter = callback.parameters[spanParameter ?? 0];
  const variable = parameter && ts.isIdentifier(parameter.name) ? parameter : undefined;
  return {
    kind: 'startActiveSpan',
    start: call,
    variable,
    owner: callback,
    ends: variable ? endCallsOf(view, callback, variable) : [],
    ...(spanParameter === undefined ? {} : { fromWrapper: true }),
  };
}

/** Is `span` live at `node` (a node inside `span.owner`, nested functions excluded)? */
function liveInOwner(span: LiveSpan, node: ts.Node): boolean {
  const graph = flowGraphOf(span.owner);
  const targets = new Set(statementNodes(graph, node));
  if (targets.size === 0) return false;
  const closes = closingNodes(graph, span.ends);
  const starts = span.kind === 'startActiveSpan' ? [graph.entry] : statementNodes(graph, span.start);
  // A start and a target in the same statement (`return work(tracer.startSpan(…))`) cannot order; stay silent.
  if (starts.some((start) => targets.has(start))) return false;
  return reachableAvoiding(starts, targets, closes);
}

/**
 * The spans live at `node`, innermost first. Promise handlers, array iteration and `context.with` callbacks are
 * crossed (they run while the outer code waits, or synchronously); a `startActiveSpan` callback contributes its own
 * span and then its call's surroundings. With `stopAtActivation`, the walk stops at the first `startActiveSpan` or
 * `context.with` callback: beyond it, a different span is the active one.
 */
export function liveSpansAt(
  view: ModuleView,
  node: ts.Node,
  options: LiveSpanOptions = {},
  seen: Set<ts.Node> = new Set(),
): LiveSpan[] {
  const result: LiveSpan[] = [];
  let at: ts.Node = node;
  // Set after crossing a promise handler whose chain nobody waits for: the handler runs after the code that
  // follows the chain, so only spans that code does not end directly are still open when it runs.
  let detached = false;
  for (let depth = 0; depth < 8; depth++) {
    const owner = enclosingFunction(at);
    for (const span of [...ownedSpans(view, owner)].reverse())
      if ((!detached || span.ends.length === 0) && liveInOwner(span, at)) result.push(span);
    if (ts.isSourceFile(owner)) break;
    const role = callbackRole(view, owner);
    if (!role) {
      if (options.throughLocalFunctions) result.push(...liveAtEveryCall(view, owner, options, seen));
      break;
    }
    if (options.stopAtActivation && (role.role === 'active' || role.role === 'context-with')) break;
    if (role.role === 'active') {
      const span = activeCallbackSpan(view, role.call, owner, role.spanParameter);
      // A wrapper ends its span once the callback is done: a handler of a chain nobody waits for runs after that.
      if (!(detached && span.fromWrapper) && liveInOwner(span, at)) result.push(span);
    } else if (role.role === 'other') break;
    if (role.role === 'chained' && promiseHandlers.has(calleeName(role.call) ?? ''))
      detached ||= !chainIsAwaited(role.call);
    at = role.call;
  }
  return result;
}

export interface LiveSpanOptions {
  /** Stop at the first `startActiveSpan` or `context.with` callback: beyond it, a different span is the active one. */
  stopAtActivation?: boolean;
  /**
   * Follow a local function (`const wrap = (p) => p.catch(…)`) to the places it is called: the spans open at every
   * one of its calls that the surrounding function never ends directly (only its callbacks do) are open inside it.
   */
  throughLocalFunctions?: boolean;
}

/** The function bound to a `const` of an enclosing function, and that `const`'s declaration. */
function localFunctionBinding(fn: FunctionLike): ts.VariableDeclaration | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const { node, parent } = skipWrappersUp(fn);
  if (!parent || !ts.isVariableDeclaration(parent) || parent.initializer !== node || !ts.isIdentifier(parent.name))
    return undefined;
  const list = parent.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  return ts.isSourceFile(enclosingFunction(parent)) ? undefined : parent;
}

/** The spans open at every call of a local function (none when it is used other than by calling it). */
function liveAtEveryCall(view: ModuleView, fn: FunctionLike, options: LiveSpanOptions, seen: Set<ts.Node>): LiveSpan[] {
  const binding = localFunctionBinding(fn);
  if (!binding || seen.has(fn)) return [];
  seen.add(fn);
  const calls: ts.CallExpression[] = [];
  let otherUse = false;
  visitDescendants(enclosingFunction(binding), (current) => {
    if (!ts.isIdentifier(current) || current === binding.name || declarationOf(view, current) !== binding) return;
    const { node, parent } = skipWrappersUp(current);
    if (parent && ts.isCallExpression(parent) && parent.expression === node) calls.push(parent);
    else otherUse = true;
  });
  if (otherUse || calls.length === 0) return [];
  let common: LiveSpan[] | undefined;
  for (const call of calls) {
    const here = liveSpansAt(view, call, options, seen).filter((span) => span.ends.length === 0);
    common = common ? common.filter((span) => here.some((other) => other.start === span.start)) : here;
  }
  return common ?? [];
}

/** Is the promise chain around `call` awaited, returned, or otherwise consumed (not a bare statement)? */
function chainIsAwaited(call: ts.CallExpression): boolean {
  let outer: ts.Node = call;
  for (;;) {
    const { node, parent } = skipWrappersUp(outer);
    if (
      parent &&
      ts.isPropertyAccessExpression(parent) &&
      parent.expression === node &&
      parent.parent &&
      ts.isCallExpression(parent.parent) &&
      promiseHandlers.has(parent.name.text)
    ) {
      outer = parent.parent;
      continue;
    }
    return !!parent && !ts.isExpressionStatement(parent) && !ts.isVoidExpression(parent);
  }
}

/** Is the declaration's scope around `node`, so that code at `node` can name the span? */
export function inScopeAt(declaration: ts.Declaration, node: ts.Node): boolean {
  if (ts.isParameter(declaration)) return isDescendant(declaration.parent, node);
  let scope: ts.Node | undefined = declaration.parent;
  while (
    scope &&
    !ts.isBlock(scope) &&
    !ts.isSourceFile(scope) &&
    !isFunctionLike(scope) &&
    !ts.isCaseBlock(scope) &&
    !ts.isForStatement(scope) &&
    !ts.isForOfStatement(scope) &&
    !ts.isForInStatement(scope)
  )
    scope = scope.parent;
  return !!scope && isDescendant(scope, node);
}

function isDescendant(ancestor: ts.Node, node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent)
    if (current === ancestor) return true;
  return false;
}

/** The `startActiveSpan` call whose callback contains `node`, if any. */
export function enclosingActiveSpanCallback(
  view: ModuleView,
  node: ts.Node,
): { call: ts.CallExpression; callback: FunctionLike } | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const call = startActiveSpanTaking(view, current);
    if (call) return { call, callback: current };
  }
  return undefined;
}
