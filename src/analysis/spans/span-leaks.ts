/**
 * The exits through which a tracked span leaves its owner unended — an early `return`, a `throw`, an exception path
 * under the throw model, a loop's next iteration, the end of the function — minus branches where the span is missing.
 */
import { closingNodes, type SpanLifetime } from './spans.js';
import { ts } from '../../compiler.js';
import { exitsAvoiding, flowGraphOf } from '../control-flow/flow.js';
import { throwerIn, type ThrowModel } from '../control-flow/throws.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { unwrap } from '../syntax/ast.js';

export interface SpanLeak {
  kind: 'return' | 'throw' | 'exception' | 'end' | 'loop';
  /** The statement responsible (the `return`, the `throw`, the throwing statement, the jump back). */
  node?: ts.Node;
  /** For exceptions: the `await` or call that may throw. */
  thrower?: ts.Node;
}

/** The exits of the owner through which a tracked span leaves unended. */
export function spanLeaks(
  view: ModuleView,
  lifetime: SpanLifetime,
  options: { throwPaths: ThrowModel | 'off' },
): SpanLeak[] {
  if (lifetime.fate !== 'tracked' || !lifetime.owner) return [];
  const graph = flowGraphOf(lifetime.owner);
  const closes = closingNodes(graph, lifetime.endNodes);
  const declaration = lifetime.variable;
  const throwModel = options.throwPaths;
  const starts = lifetime.kind === 'startActiveSpan' ? [graph.entry] : graph.nodesFor(lifetime.start);
  const leaks = new Map<string, SpanLeak>();
  for (const start of starts) {
    const exits = exitsAvoiding(graph, start, {
      closes: (node) => closes.has(node),
      canThrow: (node) =>
        throwModel !== 'off' && !!node.ast && throwerIn(view, node.ast, declaration, throwModel) !== undefined,
      infeasible: (node, kind) =>
        node.role === 'branch' && !!node.ast && !!declaration && infeasibleBranch(view, node.ast, declaration, kind),
    });
    for (const exit of exits) {
      const ast = exit.node.role === 'end' || exit.node.role === 'exit' ? undefined : exit.node.ast;
      const leak: SpanLeak = { kind: exit.kind, node: ast };
      if (exit.kind === 'exception' && ast && throwModel !== 'off')
        leak.thrower = throwerIn(view, ast, declaration, throwModel);
      leaks.set(`${leak.kind}:${ast?.pos ?? -1}`, leak);
    }
  }
  return [...leaks.values()];
}

/** `if (span)`: the branch where the span is missing cannot be taken. */
export function infeasibleBranch(
  view: ModuleView,
  condition: ts.Node,
  declaration: ts.Declaration,
  kind: string,
): boolean {
  let expression = ts.isExpression(condition) ? unwrap(condition) : condition;
  let negated = false;
  while (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    negated = !negated;
    expression = unwrap(expression.operand);
  }
  const isSpan = (node: ts.Node) => ts.isIdentifier(node) && declarationOf(view, node) === declaration;
  let truthyWhen: 'true' | 'false' | undefined;
  if (isSpan(expression)) truthyWhen = 'true';
  else if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    const other = isSpan(unwrap(expression.left))
      ? unwrap(expression.right)
      : isSpan(unwrap(expression.right))
        ? unwrap(expression.left)
        : undefined;
    const isNullish =
      other && (other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === 'undefined'));
    if (
      isNullish &&
      (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken)
    )
      truthyWhen = 'true';
    if (
      isNullish &&
      (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken)
    )
      truthyWhen = 'false';
  }
  if (!truthyWhen) return false;
  if (negated) truthyWhen = truthyWhen === 'true' ? 'false' : 'true';
  return (truthyWhen === 'true' && kind === 'false') || (truthyWhen === 'false' && kind === 'true');
}
