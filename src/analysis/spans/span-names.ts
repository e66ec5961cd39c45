/**
 * Span names: which calls set one (`startSpan`, `startActiveSpan`, `span.updateName` on a span) and whether the name
 * can take unboundedly many values. The value-source analysis answers the second question; a span name has two
 * shapes of its own that it refines, and refinement only ever turns "unbounded" into "bounded" or "unknown":
 *
 * - a route template assembled from the router's parts: the mount path (`req.baseUrl`, `req.mountpath`) and the
 *   matched route's path (`req.route.path`) are the routes the application declares, not the URL the client sent —
 *   also where the request object is not recognisable as one (a `Router.RoutedRequest` in an instrumentation);
 * - a name the caller chooses, with a computed default (`options.name ?? \`${method} ${url.pathname}\``): what
 *   the default produces depends on whether callers pass a name, which obslint cannot see from here.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { valueSource, type ValueOptions, type ValueSource } from '../values/value-sources.js';
import { isSpanValue } from './span-values.js';

/** `span.updateName(…)` where the receiver is a span (a service's `tables.updateName(id, name)` is not). */
export function isSpanUpdateName(view: ModuleView, call: ts.CallExpression): boolean {
  if (calleeName(call) !== 'updateName') return false;
  const receiver = calleeReceiver(call);
  return !!receiver && isSpanValue(view, receiver);
}

const maxDepth = 6;

/** Members that hold part of a route template: the router's mount path. */
const mountPathMembers = new Set(['baseUrl', 'mountpath']);

function memberName(node: ts.Expression): string | undefined {
  return ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
}

/** `req.baseUrl`, `req.mountpath`, `req.route.path` (optional chains included). */
function isRouteTemplatePart(node: ts.Expression): boolean {
  const name = memberName(node);
  if (!name || !ts.isPropertyAccessExpression(node)) return false;
  if (mountPathMembers.has(name)) return true;
  return name === 'path' && memberName(unwrap(node.expression)) === 'route';
}

/** `options.name`, `spanName`, `params.options.spanName`: a name the function's caller hands in. */
function isCallerSuppliedName(view: ModuleView, node: ts.Expression): boolean {
  const name = ts.isIdentifier(node) ? node.text : memberName(node);
  if (!name || !/name$/i.test(name)) return false;
  let root: ts.Expression = node;
  while (ts.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const declaration = declarationOf(view, root);
  return (
    !!declaration && (ts.isParameter(declaration) || (ts.isBindingElement(declaration) && isInParameter(declaration)))
  );
}

function isInParameter(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isParameter(current)) return true;
    if (!ts.isBindingElement(current) && !ts.isObjectBindingPattern(current) && !ts.isArrayBindingPattern(current))
      return false;
  }
  return false;
}

/** `KNOWN.includes(x) ? x : …`: a guard the value analysis reads as a whole; not split. */
function isGuardedConditional(node: ts.ConditionalExpression): boolean {
  const condition = unwrap(node.condition);
  return (
    ts.isCallExpression(condition) &&
    ['includes', 'has'].includes(calleeName(condition) ?? '') &&
    !!calleeReceiver(condition)
  );
}

interface Part {
  verdict: ValueSource['verdict'];
  source?: ValueSource;
}

/**
 * The name split at templates, `+`, `??`/`||` and `?:` (following `const`s of this file), each leaf judged by the
 * value analysis except the two span-name shapes above. `prefix` is the chain of identifiers followed so far.
 */
function refine(view: ModuleView, node: ts.Expression, options: ValueOptions, prefix: string[], depth: number): Part {
  const value = unwrap(node);
  if (depth > maxDepth) return leaf(view, value, options, prefix);
  if (isRouteTemplatePart(value)) return { verdict: 'bounded' };
  if (ts.isTemplateExpression(value))
    return combine(value.templateSpans.map((span) => refine(view, span.expression, options, prefix, depth + 1)));
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      // The caller's name, or a default: only the caller's name is this code's decision.
      if (isCallerSuppliedName(view, unwrap(value.left))) {
        const supplied = refine(view, value.left, options, prefix, depth + 1);
        return supplied.verdict === 'unbounded' ? supplied : { verdict: 'unknown' };
      }
      return combine([
        refine(view, value.left, options, prefix, depth + 1),
        refine(view, value.right, options, prefix, depth + 1),
      ]);
    }
    if (operator === ts.SyntaxKind.PlusToken) {
      return combine([
        refine(view, value.left, options, prefix, depth + 1),
        refine(view, value.right, options, prefix, depth + 1),
      ]);
    }
    return leaf(view, value, options, prefix);
  }
  if (ts.isConditionalExpression(value) && !isGuardedConditional(value)) {
    return combine([
      refine(view, value.whenTrue, options, prefix, depth + 1),
      refine(view, value.whenFalse, options, prefix, depth + 1),
    ]);
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      declaration.getSourceFile() === view.sourceFile &&
      ts.isVariableDeclarationList(declaration.parent) &&
      (declaration.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      return refine(view, declaration.initializer, options, [...prefix, value.text], depth + 1);
    }
  }
  return leaf(view, value, options, prefix);
}

function leaf(view: ModuleView, node: ts.Expression, options: ValueOptions, prefix: string[]): Part {
  const source = valueSource(view, node, options);
  return { verdict: source.verdict, source: { ...source, chain: [...prefix, ...source.chain] } };
}

/** Any unbounded part (strong evidence before a name's) makes the whole unbounded; all bounded is bounded. */
function combine(parts: Part[]): Part {
  const unbounded = parts.filter((part) => part.verdict === 'unbounded');
  const first = unbounded.find((part) => !part.source?.byName) ?? unbounded[0];
  if (first) return first;
  return parts.every((part) => part.verdict === 'bounded') ? { verdict: 'bounded' } : { verdict: 'unknown' };
}

/** Where a span name comes from and whether it is bounded (see the module comment for what is refined). */
export function spanNameSource(view: ModuleView, expression: ts.Expression, options: ValueOptions = {}): ValueSource {
  const whole = valueSource(view, expression, options);
  if (whole.verdict !== 'unbounded') return whole;
  const refined = refine(view, expression, options, [], 0);
  // The same unbounded part: keep the whole's chain, which the value analysis built along the way.
  if (refined.verdict === 'unbounded' && refined.source)
    return refined.source.source === whole.source ? whole : refined.source;
  return {
    verdict: refined.verdict,
    reason: refined.verdict === 'bounded' ? 'a route template' : 'unknown',
    chain: [],
  };
}
