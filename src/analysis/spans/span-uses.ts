/**
 * How a span variable is used where it is not ended: tested for presence, or stored somewhere (which hands its
 * ownership away) — the wording the lifetime analysis gives for an escape.
 */
import { ts } from '../../compiler.js';
import { codeExcerpt, skipWrappersUp } from '../syntax/ast.js';

/** `if (span)`, `span ? … : …`, `!span`, `span === undefined`, `span && …`: a presence test, not a use. */
export function isTruthinessTest(reference: ts.Node): boolean {
  const { node, parent } = skipWrappersUp(reference);
  if (!parent) return false;
  if (
    (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isConditionalExpression(parent)) &&
    (parent as { expression?: ts.Node; condition?: ts.Node }).expression === node
  )
    return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.EqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken
    ) {
      return true;
    }
    if (
      (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) &&
      parent.left === node
    )
      return true;
  }
  return false;
}

/** Why storing the span hands its ownership away, in words for the message. */
export function describeStore(parent: ts.Node): string {
  if (ts.isVariableDeclaration(parent) || ts.isBinaryExpression(parent))
    return 'it is assigned to another variable or property';
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isObjectLiteralExpression(parent)
  )
    return 'it is stored in an object';
  if (ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) return 'it is stored in an array';
  if (ts.isNewExpression(parent)) return 'it is passed to a constructor';
  return `it is used in \`${codeExcerpt(parent)}\``;
}
