/**
 * Span lifetimes: which variable holds a span, where it is ended, and whether its ownership escapes the function
 * (returned, stored, aliased, handed to an unknown function or to a closure that may end it later). Rules about
 * ending spans, premature ends and error status all ask this module; none of them re-derives it.
 */
import { ts } from '../../compiler.js';
import { exitsAvoiding, flowGraphOf, isUnconditionalIn, type FlowGraph, type FlowNode } from '../control-flow/flow.js';
import { calledFunction } from '../modules/called-function.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { activeSpanCallback, otelApiCall, spanMethods, spanStartKind, type SpanStartKind } from '../otel/api.js';
import { spanFactoryAt, type SpanFactory } from './span-factories.js';
import { describeStore, isTruthinessTest } from './span-uses.js';
import {
  calleeName,
  enclosingFunction,
  isFunctionLike,
  skipWrappersUp,
  unwrap,
  visitDescendants,
  type FunctionLike,
} from '../syntax/ast.js';

export type SpanFate =
  /** Held in a local variable whose every use is understood: the owner's paths can be checked. */
  | 'tracked'
  /** `tracer.startSpan(...)` as a statement: nobody can end it. */
  | 'discarded'
  /** `startActiveSpan` callback without a span parameter. */
  | 'unreachable'
  /** Ownership leaves the function; another place is responsible. */
  | 'escapes'
  /** Something obslint cannot follow: stay silent. */
  | 'unknown';

export interface SpanLifetime {
  kind: SpanStartKind;
  start: ts.CallExpression;
  fate: SpanFate;
  /** The function whose paths must end the span: the enclosing one, or the `startActiveSpan` callback. */
  owner?: FunctionLike | ts.SourceFile;
  /** The declaration of the variable (or callback parameter) that holds the span. */
  variable?: ts.Declaration;
  /** Why ownership escapes, when it does. */
  escape?: { node: ts.Node; reason: string };
  /** Statements of the owner where the span is ended (directly, by a helper, or by a callback). */
  endNodes: Set<ts.Node>;
  /**
   * Promise callbacks that end the span on one outcome only (`.then(() => span.end())` without a rejection
   * handler that ends it too): the registering call and the outcome its callback covers.
   */
  partialEnds: { call: ts.CallExpression; covers: 'fulfilled' | 'rejected' }[];
  /** Every identifier that refers to the span variable. */
  references: ts.Identifier[];
  /** When `start` calls a project function that returns the span it started (`this._startSpan(…)`): that factory. */
  factory?: SpanFactory;
}

export interface SpanOptions {
  /** Names of project helpers that end the span passed to them. */
  endSpanFunctions?: readonly string[];
}

/** How a callback's ending covers the outcomes of a promise chain it is attached to. */
type Coverage = 'all' | 'fulfilled' | 'rejected';

export type PartialEnd = SpanLifetime['partialEnds'][number];

function callbackCoverage(call: ts.CallExpression, argumentIndex: number): Coverage {
  const method = calleeName(call);
  if (method === 'then') return argumentIndex === 0 ? 'fulfilled' : 'rejected';
  if (method === 'catch') return 'rejected';
  return 'all';
}

/** The identifiers in `owner` (nested functions included) that refer to `declaration`. */
function referencesOf(view: ModuleView, owner: ts.Node, declaration: ts.Declaration): ts.Identifier[] {
  const name = ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) ? declaration.name : undefined;
  if (!name || !ts.isIdentifier(name)) return [];
  const references: ts.Identifier[] = [];
  visitDescendants(owner, (node) => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && declarationOf(view, node) === declaration)
      references.push(node);
  });
  return references;
}

const helperCache = new WeakMap<ts.Node, Map<number, boolean>>();

/** Does this helper end its `index`-th parameter on every path (exceptions aside)? Followed a few levels deep. */
export function helperEndsParameter(
  view: ModuleView,
  fn: FunctionLike,
  index: number,
  options: SpanOptions,
  depth = 0,
): boolean {
  let perIndex = helperCache.get(fn);
  if (!perIndex) helperCache.set(fn, (perIndex = new Map()));
  const cached = perIndex.get(index);
  if (cached !== undefined) return cached;
  perIndex.set(index, false); // recursion guard
  const parameter = fn.parameters[index];
  let result = false;
  if (parameter && ts.isIdentifier(parameter.name) && fn.body && depth < 3) {
    const lifetime = analyseOwnership(view, fn, parameter, options, depth + 1);
    if (lifetime.fate === 'tracked' && lifetime.endNodes.size > 0) {
      const graph = flowGraphOf(fn);
      const closes = closingNodes(graph, lifetime.endNodes);
      result =
        exitsAvoiding(graph, graph.entry, { closes: (node) => closes.has(node), canThrow: () => false }).length === 0;
    }
  }
  perIndex.set(index, result);
  return result;
}

/** The flow nodes of the statements that end the span. */
export function closingNodes(graph: FlowGraph, endStatements: Set<ts.Node>): Set<FlowNode> {
  const nodes = new Set<FlowNode>();
  for (const statement of endStatements) for (const node of graph.nodesFor(statement)) nodes.add(node);
  return nodes;
}

/** The statement-level node of `owner`'s graph that evaluates `node`. */
function flowStatement(owner: ts.Node, node: ts.Node): ts.Node {
  const graph = flowGraphOf(owner as FunctionLike | ts.SourceFile);
  const nodes = graph.nodesFor(node);
  return nodes[0]?.ast ?? node;
}

/**
 * Classifies every reference to the span variable: ends (direct, by helper, by callback), harmless uses, or
 * ownership escapes. Exported for helpers' parameters as well as for started spans.
 */
function analyseOwnership(
  view: ModuleView,
  owner: FunctionLike | ts.SourceFile,
  declaration: ts.Declaration,
  options: SpanOptions,
  depth: number,
): Pick<SpanLifetime, 'fate' | 'escape' | 'endNodes' | 'partialEnds' | 'references'> {
  const references = referencesOf(view, owner, declaration);
  const endNodes = new Set<ts.Node>();
  const partialEnds: SpanLifetime['partialEnds'] = [];
  const coverage = new Map<ts.Node, Map<Coverage, ts.CallExpression>>();
  const addCoverage = (statement: ts.Node, verdict: { coverage: Coverage; call: ts.CallExpression }) => {
    let covered = coverage.get(statement);
    if (!covered) coverage.set(statement, (covered = new Map()));
    if (!covered.has(verdict.coverage)) covered.set(verdict.coverage, verdict.call);
  };
  const escape = (node: ts.Node, reason: string) => ({
    fate: 'escapes' as const,
    escape: { node, reason },
    endNodes,
    partialEnds,
    references,
  });

  for (const reference of references) {
    const { node: value, parent } = skipWrappersUp(reference);
    if (!parent) continue;
    const nestedFunction = innermostFunctionBetween(reference, owner);

    if (
      ts.isBinaryExpression(parent) &&
      parent.left === value &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
    )
      continue; // reassignment
    if (isTruthinessTest(reference)) continue;

    // span.method(...)
    if (
      (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) &&
      parent.expression === value
    ) {
      const method = ts.isPropertyAccessExpression(parent) ? parent.name.text : undefined;
      const call = parent.parent;
      if (!method || !spanMethods.has(method) || !call || !ts.isCallExpression(call) || call.expression !== parent) {
        return escape(reference, `\`${parent.getText()}\` is used as a value`);
      }
      if (method !== 'end') continue;
      if (nestedFunction) {
        const verdict = endingCallback(view, nestedFunction, call, owner);
        if (!verdict) return escape(nestedFunction, 'a callback that may end it later');
        addCoverage(verdict.statement, verdict);
        continue;
      }
      const statement = flowStatement(owner, call);
      if (isUnconditionalIn(call, statement)) endNodes.add(statement);
      continue;
    }

    // f(span)
    if (ts.isCallExpression(parent) && parent.arguments.includes(value as ts.Expression)) {
      const api = otelApiCall(view, parent);
      if (api && api.member === 'trace' && (api.method === 'setSpan' || api.method === 'setSpanContext')) continue;
      const name = calleeName(parent);
      const index = parent.arguments.indexOf(value as ts.Expression);
      const helper = calledFunction(view, parent);
      const ends =
        (name && options.endSpanFunctions?.includes(name)) ||
        (helper && helperEndsParameter(helper.view, helper.fn, index, options, depth));
      if (!ends) return escape(parent, `it is passed to \`${name ?? parent.expression.getText()}\``);
      if (nestedFunction) {
        const verdict = endingCallback(view, nestedFunction, parent, owner);
        if (!verdict) return escape(nestedFunction, 'a callback that may end it later');
        addCoverage(verdict.statement, verdict);
        continue;
      }
      const statement = flowStatement(owner, parent);
      if (isUnconditionalIn(parent, statement)) endNodes.add(statement);
      continue;
    }

    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === value))
      return escape(parent, 'it is returned');
    if (ts.isVoidExpression(parent) || ts.isExpressionStatement(parent)) continue;
    return escape(parent, describeStore(parent));
  }

  for (const [statement, covered] of coverage) {
    if (covered.has('all') || (covered.has('fulfilled') && covered.has('rejected'))) endNodes.add(statement);
    else if (covered.has('fulfilled') && saysNeverRejects.test(statement.getFullText())) endNodes.add(statement);
    else for (const [covers, call] of covered) partialEnds.push({ call, covers: covers as 'fulfilled' | 'rejected' });
  }
  return { fate: 'tracked', endNodes, partialEnds, references };
}

/**
 * `// .loadMany never rejects, as errors … are caught by dataloader lib`: the code says the rejection that a
 * `.then`-only end leaves open cannot happen, which obslint has no way to check.
 */
const saysNeverRejects = /\b(never|cannot|can't|won't|will not|doesn't|does not|should not|shouldn't) (be )?rejec/i;

function innermostFunctionBetween(node: ts.Node, owner: ts.Node): FunctionLike | undefined {
  let found: FunctionLike | undefined;
  for (let current = node.parent; current && current !== owner; current = current.parent)
    if (isFunctionLike(current)) found = current;
  return found;
}

/**
 * A closure that ends the span counts as an end when it is a callback argument (the outermost nested function
 * below the owner), it ends the span on every one of its own paths, and the call registering it runs
 * unconditionally in its statement. Returns that statement and which promise outcomes the callback covers.
 */
function endingCallback(
  view: ModuleView,
  callback: FunctionLike,
  endCall: ts.CallExpression,
  owner: FunctionLike | ts.SourceFile,
): { statement: ts.Node; coverage: Coverage; call: ts.CallExpression } | undefined {
  const { node, parent } = skipWrappersUp(callback);
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return undefined;
  if (enclosingFunction(parent) !== owner) return undefined;
  const graph = flowGraphOf(callback);
  const inner = innermostFunctionBetween(endCall, callback);
  if (inner) {
    // `context.with(ctx, () => work().then(() => span.end()))`: the `context.with` callback runs right away, so
    // the callback nested in it ends the span as if it were registered here.
    const api = otelApiCall(view, parent);
    if (api?.member !== 'context' || api.method !== 'with' || parent.arguments[1] !== node) return undefined;
    const verdict = endingCallback(view, inner, endCall, callback);
    if (!verdict) return undefined;
    const reaches = closingNodes(graph, new Set([verdict.statement]));
    if (exitsAvoiding(graph, graph.entry, { closes: (n) => reaches.has(n), canThrow: () => false }).length > 0)
      return undefined;
    const statement = flowStatement(owner, parent);
    if (!isUnconditionalIn(parent, statement)) return undefined;
    return { statement, coverage: verdict.coverage, call: verdict.call };
  }
  const statements = new Set<ts.Node>([flowStatement(callback, endCall)]);
  if (!isUnconditionalIn(endCall, flowStatement(callback, endCall))) return undefined;
  const closes = closingNodes(graph, statements);
  if (exitsAvoiding(graph, graph.entry, { closes: (n) => closes.has(n), canThrow: () => false }).length > 0)
    return undefined;
  const statement = flowStatement(owner, parent);
  if (!isUnconditionalIn(parent, statement)) return undefined;
  return {
    statement,
    coverage: callbackCoverage(parent, parent.arguments.indexOf(node as ts.Expression)),
    call: parent,
  };
}

/** Walks up from the start call to the expression whose value is the span. */
function spanValueSite(call: ts.CallExpression): { node: ts.Node; parent: ts.Node | undefined } {
  let site = skipWrappersUp(call);
  while (site.parent && (ts.isConditionalExpression(site.parent) || ts.isAwaitExpression(site.parent))) {
    if (ts.isConditionalExpression(site.parent) && site.parent.condition === site.node) break;
    site = skipWrappersUp(site.parent);
  }
  return site;
}

const lifetimeCache = new WeakMap<ts.CallExpression, SpanLifetime | null>();

/** The lifetime of the span a `startSpan`/`startActiveSpan` call creates, or undefined if it is not one. */
export function spanLifetime(
  view: ModuleView,
  call: ts.CallExpression,
  options: SpanOptions = {},
): SpanLifetime | undefined {
  if (lifetimeCache.has(call)) return lifetimeCache.get(call) ?? undefined;
  const kind = spanStartKind(view, call);
  let lifetime = kind ? computeLifetime(view, call, kind, options) : undefined;
  if (!kind) {
    // A factory's call site is a `startSpan` of the caller's: the caller owns the span it returns.
    const factory = spanFactoryAt(view, call);
    if (factory) lifetime = { ...computeLifetime(view, call, 'startSpan', options), factory };
  }
  lifetimeCache.set(call, lifetime ?? null);
  return lifetime;
}

function computeLifetime(
  view: ModuleView,
  call: ts.CallExpression,
  kind: SpanStartKind,
  options: SpanOptions,
): SpanLifetime {
  const base = {
    kind,
    start: call,
    endNodes: new Set<ts.Node>(),
    partialEnds: [] as SpanLifetime['partialEnds'],
    references: [] as ts.Identifier[],
  };
  if (kind === 'startActiveSpan') {
    const callbackExpression = activeSpanCallback(call);
    const callback = callbackExpression && unwrap(callbackExpression);
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
      return { ...base, fate: 'unknown' };
    const parameter = callback.parameters[0];
    if (!parameter) {
      const mentionsActiveSpan = /getActiveSpan|getSpan\(/.test(callback.getText());
      return { ...base, owner: callback, fate: mentionsActiveSpan ? 'unknown' : 'unreachable' };
    }
    if (!ts.isIdentifier(parameter.name)) return { ...base, fate: 'unknown' };
    return {
      ...base,
      owner: callback,
      variable: parameter,
      ...analyseOwnership(view, callback, parameter, options, 0),
    };
  }

  const owner = enclosingFunction(call);
  const { node, parent } = spanValueSite(call);
  if (!parent) return { ...base, fate: 'unknown' };
  if (ts.isExpressionStatement(parent)) return { ...base, owner, fate: 'discarded' };
  if ((ts.isPropertyAccessExpression(parent) && parent.expression === node) || ts.isVoidExpression(parent)) {
    // `tracer.startSpan(…).end()` or a deliberate `void`: nothing to follow.
    return { ...base, owner, fate: 'unknown' };
  }
  let declaration: ts.Declaration | undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name))
    declaration = parent;
  else if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(unwrap(parent.left))
  ) {
    declaration = declarationOf(view, unwrap(parent.left) as ts.Identifier);
    if (!declaration || enclosingFunction(declaration) !== owner) {
      return {
        ...base,
        owner,
        fate: 'escapes',
        escape: { node: parent, reason: 'it is stored in a variable of an outer scope' },
      };
    }
  } else {
    return { ...base, owner, fate: 'escapes', escape: { node: parent, reason: describeStore(parent) } };
  }
  if (!declaration) return { ...base, fate: 'unknown' };
  return { ...base, owner, variable: declaration, ...analyseOwnership(view, owner, declaration, options, 0) };
}
