/** Parsing PromQL with lezer-promql and small helpers to read its syntax tree. */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';

export type { SyntaxNode };

export interface PromQLSyntaxError {
  from: number;
  to: number;
  message: string;
}

export interface ParsedPromQL {
  text: string;
  tree: Tree;
  /** Every error node, trailing ones included (lezer's own linters skip those; a rule file is never "still being typed"). */
  syntaxErrors: PromQLSyntaxError[];
}

export function parsePromQL(text: string): ParsedPromQL {
  const tree = parser.parse(text);
  const syntaxErrors: PromQLSyntaxError[] = [];
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return;
      syntaxErrors.push(describeError(text, node.from, node.to));
      return false;
    },
  });
  if (text.trim() === '') syntaxErrors.push({ from: 0, to: 0, message: 'The expression is empty.' });
  return { text, tree, syntaxErrors: mergeAdjacent(syntaxErrors) };
}

function describeError(text: string, from: number, to: number): PromQLSyntaxError {
  const rest = text.slice(from).trimStart();
  if (rest === '' || (to === from && text.slice(from).trim() === '')) {
    const end = text.trimEnd().length;
    return {
      from: Math.max(0, end - 1),
      to: end,
      message: `The expression ends too early: ${missingCloser(text) ?? 'an operand or closing bracket is missing'}.`,
    };
  }
  const start = from + (text.slice(from).length - rest.length);
  const token = /^(?:[A-Za-z_:][\w:]*|\d[\w.]*|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|\S)/.exec(rest)?.[0] ?? rest[0]!;
  const end = Math.max(to, start + token.length);
  const shown = text.slice(start, Math.min(end, start + 40));
  return { from: start, to: end, message: `Unexpected \`${shown}\` here: this is not valid PromQL${hint(shown)}.` };
}

function hint(token: string): string {
  if (/^[a-z_][a-z0-9_]*$/i.test(token)) return ' (an unknown function, a misspelled keyword, or a missing operator)';
  if (/^\d/.test(token)) return ' (durations are written like 5m or 1h30m)';
  return '';
}

/** Which bracket is left open, to say "a `)` is missing" instead of a bare "unexpected end". */
function missingCloser(text: string): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '{' || char === '[') stack.push(char);
    else if (char === ')' || char === '}' || char === ']') stack.pop();
  }
  if (quote) return `a closing ${quote} is missing`;
  const open = stack.pop();
  if (!open) return undefined;
  return `a closing \`${{ '(': ')', '{': '}', '[': ']' }[open]}\` is missing`;
}

function mergeAdjacent(errors: PromQLSyntaxError[]): PromQLSyntaxError[] {
  const out: PromQLSyntaxError[] = [];
  for (const error of errors) {
    const last = out[out.length - 1];
    if (last && error.from <= last.to + 1 && error.message === last.message) last.to = Math.max(last.to, error.to);
    else if (!last || error.from !== last.from) out.push(error);
  }
  return out;
}

/** The children of a node, without comments. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'LineComment') out.push(child);
  return out;
}

export function textOf(text: string, node: SyntaxNode): string {
  return text.slice(node.from, node.to);
}

/** Skips wrappers that do not change what an expression selects: parentheses, offset, @, anchored/smoothed. */
export function unwrap(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (
      ['ParenExpr', 'OffsetExpr', 'StepInvariantExpr', 'AnchoredExpr', 'SmoothedExpr', 'PromQL'].includes(current.name)
    ) {
      const inner = children(current).find((child) => isExpression(child));
      if (!inner) return current;
      current = inner;
    } else return current;
  }
}

const expressionNodes = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'StringLiteral',
  'OffsetExpr',
  'AnchoredExpr',
  'SmoothedExpr',
  'ParenExpr',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'StepInvariantExpr',
]);

export function isExpression(node: SyntaxNode): boolean {
  return expressionNodes.has(node.name);
}

/** Function name of a FunctionCall node, e.g. `rate`. */
export function functionName(text: string, call: SyntaxNode): string | undefined {
  const identifier = call.getChild('FunctionIdentifier');
  return identifier ? textOf(text, identifier) : undefined;
}

/** The argument expressions of a FunctionCall or AggregateExpr. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const body = call.getChild('FunctionCallBody');
  return body ? children(body).filter(isExpression) : [];
}

export function aggregateOperator(text: string, aggregate: SyntaxNode): string | undefined {
  const op = aggregate.getChild('AggregateOp');
  return op ? textOf(text, op).toLowerCase() : undefined;
}

export interface Grouping {
  mode: 'by' | 'without';
  labels: string[];
  node: SyntaxNode;
}

export function aggregateGrouping(text: string, aggregate: SyntaxNode): Grouping | undefined {
  const modifier = aggregate.getChild('AggregateModifier');
  if (!modifier) return undefined;
  const mode = modifier.getChild('Without') ? 'without' : 'by';
  const labels = groupingLabels(text, modifier.getChild('GroupingLabels'));
  return { mode, labels, node: modifier };
}

export function groupingLabels(text: string, node: SyntaxNode | null): string[] {
  if (!node) return [];
  return children(node).map((child) => unquote(textOf(text, child)));
}

export function unquote(value: string): string {
  const trimmed = value.trim();
  if (/^".*"$|^'.*'$|^`.*`$/s.test(trimmed)) {
    const inner = trimmed.slice(1, -1);
    if (trimmed.startsWith('`')) return inner;
    return inner.replace(
      /\\(.)/g,
      (_, char: string) => ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" })[char] ?? char,
    );
  }
  return trimmed;
}

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  node: SyntaxNode;
}

export interface Selector {
  node: SyntaxNode;
  metric: string | undefined;
  matchers: LabelMatcher[];
}

export function readSelector(text: string, selector: SyntaxNode): Selector {
  const identifier = selector.getChild('Identifier');
  const matchers: LabelMatcher[] = [];
  const list = selector.getChild('LabelMatchers');
  if (list) {
    for (const child of children(list)) {
      if (child.name === 'UnquotedLabelMatcher' || child.name === 'QuotedLabelMatcher') {
        const nameNode = child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
        const opNode = child.getChild('MatchOp');
        const valueNode = child.getChildren('StringLiteral').at(-1);
        if (!nameNode || !opNode || !valueNode) continue;
        matchers.push({
          label: unquote(textOf(text, nameNode)),
          op: textOf(text, opNode) as LabelMatcher['op'],
          value: unquote(textOf(text, valueNode)),
          node: child,
        });
      } else if (child.name === 'QuotedLabelName') {
        // A bare quoted name is the UTF-8 form of the metric name: {"my.metric"}.
        matchers.push({ label: '__name__', op: '=', value: unquote(textOf(text, child)), node: child });
      }
    }
  }
  let metric = identifier ? textOf(text, identifier) : undefined;
  if (!metric) metric = matchers.find((matcher) => matcher.label === '__name__' && matcher.op === '=')?.value;
  return { node: selector, metric, matchers };
}

/** Every node of the given names, in document order. */
export function nodesNamed(tree: Tree, names: readonly string[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  tree.iterate({
    enter(ref) {
      if (names.includes(ref.name)) out.push(ref.node);
    },
  });
  return out;
}
