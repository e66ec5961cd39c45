/**
 * Which labels can be on the series an expression returns: used to tell whether `{{ $labels.x }}` in an alert
 * can ever have a value. The answer is deliberately one-sided: "only these labels" when the expression says so
 * (`sum by (a)`), otherwise "any label except these" — unknown shapes answer "any label", so nothing is reported.
 */
import type { SyntaxNode } from '@lezer/common';
import {
  aggregateGrouping,
  aggregateOperator,
  callArguments,
  children,
  functionName,
  groupingLabels,
  isExpression,
  readSelector,
  textOf,
  unquote,
} from './syntax-tree.js';

export type LabelSet = { kind: 'only'; labels: Set<string> } | { kind: 'any-except'; excluded: Set<string> };

const anyLabel = (): LabelSet => ({ kind: 'any-except', excluded: new Set() });

export function canHaveLabel(set: LabelSet, label: string): boolean {
  return set.kind === 'only' ? set.labels.has(label) : !set.excluded.has(label);
}

export function resultLabels(text: string, node: SyntaxNode): LabelSet {
  switch (node.name) {
    case 'PromQL':
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'AnchoredExpr':
    case 'SmoothedExpr':
    case 'UnaryExpr':
    case 'MatrixSelector':
    case 'SubqueryExpr': {
      const inner = children(node).find(isExpression);
      return inner ? resultLabels(text, inner) : anyLabel();
    }
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return { kind: 'only', labels: new Set() };
    case 'VectorSelector':
      return anyLabel();
    case 'AggregateExpr':
      return aggregate(text, node);
    case 'FunctionCall':
      return call(text, node);
    case 'BinaryExpr':
      return binary(text, node);
    default:
      return anyLabel();
  }
}

function aggregate(text: string, node: SyntaxNode): LabelSet {
  const op = aggregateOperator(text, node);
  const args = callArguments(node);
  const input = args[args.length - 1];
  const inputLabels = input ? resultLabels(text, input) : anyLabel();
  if (op === 'topk' || op === 'bottomk' || op === 'limitk' || op === 'limit_ratio') return inputLabels;
  const grouping = aggregateGrouping(text, node);
  const extra = op === 'count_values' && args[0]?.name === 'StringLiteral' ? [unquote(textOf(text, args[0]))] : [];
  if (!grouping) return { kind: 'only', labels: new Set(extra) };
  if (grouping.mode === 'by')
    return {
      kind: 'only',
      labels: new Set([...grouping.labels.filter((label) => canHaveLabel(inputLabels, label)), ...extra]),
    };
  const without = new Set(grouping.labels.filter((label) => !extra.includes(label)));
  if (inputLabels.kind === 'only')
    return {
      kind: 'only',
      labels: new Set([...[...inputLabels.labels].filter((label) => !without.has(label)), ...extra]),
    };
  return {
    kind: 'any-except',
    excluded: new Set([...inputLabels.excluded, ...without].filter((label) => !extra.includes(label))),
  };
}

function call(text: string, node: SyntaxNode): LabelSet {
  const name = functionName(text, node);
  const args = callArguments(node);
  switch (name) {
    case 'vector':
    case 'time':
    case 'pi':
    case 'scalar':
      return { kind: 'only', labels: new Set() };
    case 'absent':
    case 'absent_over_time': {
      // The result carries the equality matchers of the selector, nothing else.
      const selector = args[0] ? findSelector(args[0]) : undefined;
      if (!selector) return anyLabel();
      const labels = readSelector(text, selector)
        .matchers.filter((matcher) => matcher.op === '=' && matcher.label !== '__name__')
        .map((matcher) => matcher.label);
      return { kind: 'only', labels: new Set(labels) };
    }
    case 'label_replace':
    case 'label_join': {
      const input = args[0] ? resultLabels(text, args[0]) : anyLabel();
      const destination = args[1]?.name === 'StringLiteral' ? unquote(textOf(text, args[1])) : undefined;
      if (!destination) return anyLabel();
      return input.kind === 'only'
        ? { kind: 'only', labels: new Set([...input.labels, destination]) }
        : { kind: 'any-except', excluded: new Set([...input.excluded].filter((label) => label !== destination)) };
    }
    case 'histogram_quantile':
    case 'histogram_fraction': {
      const input = args[args.length - 1] ? resultLabels(text, args[args.length - 1]!) : anyLabel();
      return input.kind === 'only'
        ? { kind: 'only', labels: new Set([...input.labels].filter((label) => label !== 'le')) }
        : { kind: 'any-except', excluded: new Set([...input.excluded, 'le']) };
    }
    case 'info':
    case undefined:
      return anyLabel();
    default: {
      // Other functions keep the labels of their vector argument (minus the metric name, which we do not track).
      const vectorArgument = args.find((arg) => arg.name !== 'NumberDurationLiteral' && arg.name !== 'StringLiteral');
      return vectorArgument ? resultLabels(text, vectorArgument) : anyLabel();
    }
  }
}

function binary(text: string, node: SyntaxNode): LabelSet {
  const parts = children(node);
  const operands = parts.filter(isExpression);
  if (operands.length !== 2) return anyLabel();
  const [left, right] = operands as [SyntaxNode, SyntaxNode];
  const leftLabels = resultLabels(text, left);
  const rightLabels = resultLabels(text, right);
  const operator = parts.find(
    (part) => !isExpression(part) && part.name !== 'BoolModifier' && part.name !== 'MatchingModifierClause',
  );
  const leftIsScalar = leftLabels.kind === 'only' && leftLabels.labels.size === 0 && isNumberLike(left);
  const rightIsScalar = rightLabels.kind === 'only' && rightLabels.labels.size === 0 && isNumberLike(right);
  if (leftIsScalar) return rightLabels;
  if (rightIsScalar) return leftLabels;
  if (operator?.name === 'Or') return union(leftLabels, rightLabels);
  if (operator?.name === 'And' || operator?.name === 'Unless') return leftLabels;
  const matching = node.getChild('MatchingModifierClause');
  if (!matching) return leftLabels;
  const groupLeft = matching.getChild('GroupLeft');
  const groupRight = matching.getChild('GroupRight');
  const lists = matching.getChildren('GroupingLabels');
  const matchLabels = groupingLabels(text, lists[0] ?? null);
  const included = groupingLabels(text, lists[1] ?? null);
  if (groupLeft) return addLabels(leftLabels, included);
  if (groupRight) return addLabels(rightLabels, included);
  if (matching.getChild('On'))
    return { kind: 'only', labels: new Set(matchLabels.filter((label) => canHaveLabel(leftLabels, label))) };
  return leftLabels.kind === 'only'
    ? { kind: 'only', labels: new Set([...leftLabels.labels].filter((label) => !matchLabels.includes(label))) }
    : { kind: 'any-except', excluded: new Set([...leftLabels.excluded, ...matchLabels]) };
}

function isNumberLike(node: SyntaxNode): boolean {
  let current: SyntaxNode | null = node;
  while (current && (current.name === 'ParenExpr' || current.name === 'UnaryExpr'))
    current = children(current).find(isExpression) ?? null;
  if (!current) return false;
  if (current.name === 'NumberDurationLiteral') return true;
  if (current.name === 'FunctionCall')
    return ['time', 'pi', 'scalar'].includes(
      current.getChild('FunctionIdentifier')?.firstChild?.name === undefined ? '' : functionNameOf(current),
    );
  if (current.name === 'BinaryExpr') return children(current).filter(isExpression).every(isNumberLike);
  return false;
}

function functionNameOf(call: SyntaxNode): string {
  // FunctionIdentifier's child is named after the function in CamelCase (Time, Pi, Scalar).
  return (call.getChild('FunctionIdentifier')?.firstChild?.name ?? '').toLowerCase();
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.kind === 'only' && b.kind === 'only') return { kind: 'only', labels: new Set([...a.labels, ...b.labels]) };
  const excluded = new Set<string>();
  const aExcluded = a.kind === 'any-except' ? a.excluded : undefined;
  const bExcluded = b.kind === 'any-except' ? b.excluded : undefined;
  for (const label of [...(aExcluded ?? []), ...(bExcluded ?? [])])
    if (!canHaveLabel(a, label) && !canHaveLabel(b, label)) excluded.add(label);
  return { kind: 'any-except', excluded };
}

function addLabels(set: LabelSet, labels: string[]): LabelSet {
  return set.kind === 'only'
    ? { kind: 'only', labels: new Set([...set.labels, ...labels]) }
    : { kind: 'any-except', excluded: new Set([...set.excluded].filter((label) => !labels.includes(label))) };
}

function findSelector(node: SyntaxNode): SyntaxNode | undefined {
  if (node.name === 'VectorSelector') return node;
  for (const child of children(node)) {
    const found = findSelector(child);
    if (found) return found;
  }
  return undefined;
}
