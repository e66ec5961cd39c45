/** Questions rules ask about a parsed query: its selectors, comparisons, function calls. */
import type { SyntaxNode, Tree } from '@lezer/common';
import {
  callArguments,
  children,
  functionName,
  isExpression,
  nodesNamed,
  readSelector,
  unwrap,
  type Selector,
} from './syntax-tree.js';

export const comparisonOperators = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);

export function selectors(text: string, tree: Tree): Selector[] {
  return nodesNamed(tree, ['VectorSelector']).map((node) => readSelector(text, node));
}

export function functionCalls(text: string, tree: Tree, names: readonly string[]): SyntaxNode[] {
  return nodesNamed(tree, ['FunctionCall']).filter((call) => names.includes(functionName(text, call) ?? ''));
}

export function rootExpression(tree: Tree): SyntaxNode | undefined {
  return children(tree.topNode).find(isExpression);
}

/** The single selector directly under a range function argument: `rate(foo[5m])` gives `foo`. */
export function rangeArgumentSelector(call: SyntaxNode): SyntaxNode | undefined {
  const argument = callArguments(call)[0];
  if (!argument) return undefined;
  const inner = unwrap(argument);
  if (inner.name !== 'MatrixSelector') return undefined;
  const selector = children(inner).find(isExpression);
  return selector ? unwrap(selector) : undefined;
}

export function binaryParts(
  node: SyntaxNode,
): { left: SyntaxNode; right: SyntaxNode; operator: SyntaxNode; bool: boolean } | undefined {
  const parts = children(node);
  const operands = parts.filter(isExpression);
  const operator = parts.find(
    (part) => !isExpression(part) && part.name !== 'BoolModifier' && part.name !== 'MatchingModifierClause',
  );
  if (operands.length !== 2 || !operator) return undefined;
  return {
    left: operands[0]!,
    right: operands[1]!,
    operator,
    bool: parts.some((part) => part.name === 'BoolModifier'),
  };
}

/** Value of a constant numeric expression (`0.5`, `(14.4 * 0.001)`, `1 - 0.99`), or undefined. */
export function constantValue(text: string, node: SyntaxNode): number | undefined {
  const inner = unwrap(node);
  if (inner.name === 'NumberDurationLiteral') {
    const value = Number(text.slice(inner.from, inner.to));
    return Number.isFinite(value) ? value : undefined;
  }
  if (inner.name === 'UnaryExpr') {
    const operand = children(inner).find(isExpression);
    const value = operand ? constantValue(text, operand) : undefined;
    return value === undefined ? undefined : text.slice(inner.from, inner.to).trim().startsWith('-') ? -value : value;
  }
  if (inner.name === 'BinaryExpr') {
    const parts = binaryParts(inner);
    if (!parts) return undefined;
    const a = constantValue(text, parts.left);
    const b = constantValue(text, parts.right);
    if (a === undefined || b === undefined) return undefined;
    switch (parts.operator.name) {
      case 'Add':
        return a + b;
      case 'Sub':
        return a - b;
      case 'Mul':
        return a * b;
      case 'Div':
        return b === 0 ? undefined : a / b;
      default:
        return undefined;
    }
  }
  return undefined;
}
