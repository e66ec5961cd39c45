/**
 * Static typing of a PromQL tree, the checks Prometheus's parser makes after parsing: function arity and argument
 * types, aggregation parameters, operands of binary operators, `bool` on scalar comparisons, empty selectors.
 */
import type { SyntaxNode } from '@lezer/common';
import { aggregationParameters, describeType, exampleOf, functionSignatures, type ValueType } from './functions.js';
import {
  aggregateOperator,
  callArguments,
  children,
  functionName,
  isExpression,
  readSelector,
  textOf,
  type ParsedPromQL,
  type PromQLSyntaxError,
} from './syntax-tree.js';

const comparisonOps = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const setOps = new Set(['And', 'Or', 'Unless']);

export function typeErrors(parsed: ParsedPromQL): PromQLSyntaxError[] {
  if (parsed.syntaxErrors.length > 0) return [];
  const errors: PromQLSyntaxError[] = [];
  const checker = new Checker(parsed.text, errors);
  const root = children(parsed.tree.topNode).find(isExpression);
  if (root) checker.typeOf(root);
  return errors;
}

class Checker {
  constructor(
    private readonly text: string,
    private readonly errors: PromQLSyntaxError[],
  ) {}

  private report(node: SyntaxNode, message: string): void {
    this.errors.push({ from: node.from, to: node.to, message });
  }

  /** The type of an expression node; undefined when unknown (then nothing depending on it is reported). */
  typeOf(node: SyntaxNode): ValueType | undefined {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return 'scalar';
      case 'StringLiteral':
        return 'string';
      case 'VectorSelector':
        this.checkSelector(node);
        return 'vector';
      case 'MatrixSelector': {
        const inner = children(node).find(isExpression);
        if (inner) this.typeOf(inner);
        return 'matrix';
      }
      case 'SubqueryExpr': {
        const inner = children(node).find(isExpression);
        const innerType = inner ? this.typeOf(inner) : undefined;
        if (inner && innerType && innerType !== 'vector' && innerType !== 'scalar') {
          this.report(
            inner,
            `A subquery \`[range:step]\` applies to an instant vector or number, not to ${describeType(innerType)}.`,
          );
        }
        return 'matrix';
      }
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const inner = children(node).find(isExpression);
        return inner ? this.typeOf(inner) : undefined;
      }
      case 'UnaryExpr': {
        const inner = children(node).find(isExpression);
        const innerType = inner ? this.typeOf(inner) : undefined;
        if (inner && (innerType === 'string' || innerType === 'matrix')) {
          this.report(
            node,
            `A unary minus or plus applies to numbers and instant vectors, not to ${describeType(innerType)}.`,
          );
          return undefined;
        }
        return innerType;
      }
      case 'BinaryExpr':
        return this.binary(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      default:
        return undefined;
    }
  }

  private binary(node: SyntaxNode): ValueType | undefined {
    const parts = children(node);
    const operands = parts.filter(isExpression);
    const operator = parts.find(
      (part) => !isExpression(part) && part.name !== 'BoolModifier' && part.name !== 'MatchingModifierClause',
    );
    if (operands.length !== 2 || !operator) return undefined;
    const [left, right] = operands as [SyntaxNode, SyntaxNode];
    const leftType = this.typeOf(left);
    const rightType = this.typeOf(right);
    for (const [operand, type] of [
      [left, leftType],
      [right, rightType],
    ] as const) {
      if (type === 'matrix' || type === 'string') {
        this.report(
          operand,
          `Binary operators work on numbers and instant vectors; this operand is ${describeType(type)}${type === 'matrix' ? ' (wrap it in a function such as rate() or avg_over_time())' : ''}.`,
        );
        return undefined;
      }
    }
    if (setOps.has(operator.name) && (leftType === 'scalar' || rightType === 'scalar')) {
      this.report(
        node,
        `\`${textOf(this.text, operator)}\` is a set operator between two instant vectors; one side here is a number.`,
      );
      return undefined;
    }
    const hasBool = parts.some((part) => part.name === 'BoolModifier');
    if (comparisonOps.has(operator.name) && leftType === 'scalar' && rightType === 'scalar' && !hasBool) {
      this.report(
        node,
        'A comparison between two numbers must use the `bool` modifier (e.g. `1 > bool 0`); without it Prometheus rejects the expression.',
      );
      return undefined;
    }
    if (leftType === undefined || rightType === undefined) return undefined;
    return leftType === 'scalar' && rightType === 'scalar' ? 'scalar' : 'vector';
  }

  private call(node: SyntaxNode): ValueType | undefined {
    const name = functionName(this.text, node);
    const args = callArguments(node);
    const types = args.map((arg) => this.typeOf(arg));
    const signature = name ? functionSignatures.get(name) : undefined;
    if (!name || !signature) return undefined;
    if (args.length < signature.min || args.length > signature.max) {
      const expected =
        signature.min === signature.max
          ? `${signature.min}`
          : signature.max === Infinity
            ? `at least ${signature.min}`
            : `${signature.min} to ${signature.max}`;
      this.report(node, `\`${name}()\` takes ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}.`);
      return signature.returns;
    }
    args.forEach((arg, index) => {
      const expected = signature.args[index] ?? signature.rest;
      const actual = types[index];
      if (!expected || !actual || expected === actual) return;
      this.report(
        arg,
        `Argument ${index + 1} of \`${name}()\` must be ${describeType(expected)} (like \`${exampleOf(expected)}\`), got ${describeType(actual)}.`,
      );
    });
    return signature.returns;
  }

  private aggregate(node: SyntaxNode): ValueType | undefined {
    const op = aggregateOperator(this.text, node);
    const args = callArguments(node);
    const types = args.map((arg) => this.typeOf(arg));
    if (!op || !aggregationParameters.has(op)) return 'vector';
    const parameter = aggregationParameters.get(op);
    const expectedCount = parameter ? 2 : 1;
    if (args.length !== expectedCount) {
      this.report(
        node,
        `\`${op}\` takes ${expectedCount === 2 ? `a ${parameter === 'string' ? 'label name' : 'number'} and an instant vector` : 'one instant vector'}, got ${args.length} argument${args.length === 1 ? '' : 's'}.`,
      );
      return 'vector';
    }
    if (parameter && types[0] && types[0] !== parameter) {
      this.report(
        args[0]!,
        `The first argument of \`${op}\` must be ${describeType(parameter)}, got ${describeType(types[0])}.`,
      );
    }
    const vectorType = types[expectedCount - 1];
    if (vectorType && vectorType !== 'vector') {
      this.report(
        args[expectedCount - 1]!,
        `\`${op}\` aggregates an instant vector, got ${describeType(vectorType)}${vectorType === 'matrix' ? ' (apply rate() or an *_over_time() function first)' : ''}.`,
      );
    }
    return 'vector';
  }

  private checkSelector(node: SyntaxNode): void {
    const selector = readSelector(this.text, node);
    const names = selector.matchers.filter((matcher) => matcher.label === '__name__');
    if (node.getChild('Identifier') && names.length > 0) {
      this.report(
        node,
        'The metric name is set twice (before the braces and as `__name__`); Prometheus rejects this selector.',
      );
      return;
    }
    if (selector.metric) return;
    if (selector.matchers.length > 0 && selector.matchers.every((matcher) => matchesEmpty(matcher.op, matcher.value))) {
      this.report(
        node,
        'This selector matches every series: it needs a metric name or at least one matcher that does not match the empty string, or Prometheus rejects it.',
      );
    }
  }
}

function matchesEmpty(op: string, value: string): boolean {
  if (op === '=') return value === '';
  if (op === '!=') return value !== '';
  try {
    const matches = new RegExp(`^(?:${value})$`, 's').test('');
    return op === '=~' ? matches : !matches;
  } catch {
    return false;
  }
}
