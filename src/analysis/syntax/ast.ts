/** Small syntax helpers over raw `ts.Node`s, shared by every analysis. */
import { ts } from '../../compiler.js';

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** Strips parentheses, `as`, `satisfies`, `<T>x` and `x!`, which never change which value flows. */
export function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isNonNullExpression(current)
    ) {
      current = current.expression;
    } else return current;
  }
}

/** The parent, skipping the wrappers `unwrap` strips. */
export function skipWrappersUp(node: ts.Node): { node: ts.Node; parent: ts.Node } {
  let current = node;
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isNonNullExpression(parent))
  ) {
    current = parent;
    parent = parent.parent;
  }
  return { node: current, parent };
}

/** The 1-based line on which `node` starts (after its leading trivia), as messages cite it ("at line 12"). */
export function lineOf(node: ts.Node, sourceFile: ts.SourceFile = node.getSourceFile()): number {
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** `a.b`, `a?.b`, `a['b']` → 'b'. */
export function accessedName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
    return node.argumentExpression.text;
  return undefined;
}

/** For `x.y(...)` the method name `y`; for `f(...)` the name `f`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return accessedName(callee);
}

/** For `x.y(...)` the receiver `x`. */
export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

export function enclosingFunction(node: ts.Node): FunctionLike | ts.SourceFile {
  let current = node.parent;
  while (current && !isFunctionLike(current) && !ts.isSourceFile(current)) current = current.parent;
  return (current ?? node.getSourceFile()) as FunctionLike | ts.SourceFile;
}

/** Visits every descendant of `node`; returning `'skip'` from the callback skips that node's children. */
export function visitDescendants(node: ts.Node, callback: (node: ts.Node) => void | 'skip'): void {
  const visit = (child: ts.Node): void => {
    if (callback(child) === 'skip') return;
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(node, visit);
}

/** Descendants in the same function: nested functions and classes are not entered. */
export function visitSameFunction(node: ts.Node, callback: (node: ts.Node) => void | 'skip'): void {
  visitDescendants(node, (child) => {
    if (isFunctionLike(child) || ts.isClassLike(child)) return 'skip';
    return callback(child);
  });
}

export function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  const expression = ts.isExpression(node) ? unwrap(node) : node;
  if (ts.isStringLiteralLike(expression)) return expression.text;
  return undefined;
}

/** Longest code excerpt a message quotes before it is shortened. */
const excerptLength = 60;

/**
 * A node's code as a message quotes it: whitespace collapsed, and — when it is too long — a call shown as
 * `callee(…)` or the text cut at a word boundary with `…`, never mid-name.
 */
export function codeExcerpt(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ').trim();
  if (text.length <= excerptLength) return text;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const callee = node.expression.getText().replace(/\s+/g, ' ');
    const shown = `${ts.isNewExpression(node) ? 'new ' : ''}${callee}(…)`;
    if (shown.length <= excerptLength + 10) return shown;
  }
  const cut = text.slice(0, excerptLength);
  const boundary = cut.search(/[\w$]+$/);
  return `${(boundary > excerptLength / 2 ? cut.slice(0, boundary) : cut).trimEnd()}…`;
}

/** The identifier a function goes by: its own name, or the variable it is assigned to (`const load = () => …`). */
export function functionNameNode(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name;
  if (
    (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
    ts.isVariableDeclaration(fn.parent) &&
    ts.isIdentifier(fn.parent.name)
  )
    return fn.parent.name;
  return undefined;
}
