/**
 * The parts of a service module that run only when the file is started as a program: `if (require.main ===
 * module) { … }`, `if (import.meta.main) { … }`, `if (process.argv[1] === fileURLToPath(import.meta.url)) { … }`.
 * A background migration or a job class often carries such a block so that it can also be run by hand; the code
 * in it is a one-off script (it prints and exits), not the service, even though the rest of the file is.
 */
import { ts } from '../../compiler.js';
import { unwrap } from '../syntax/ast.js';

export interface SourceRange {
  start: number;
  end: number;
}

const cache = new WeakMap<ts.SourceFile, readonly SourceRange[]>();

/** The `then` blocks of top-level main-module checks, as source ranges. */
export function scriptEntryRanges(sourceFile: ts.SourceFile): readonly SourceRange[] {
  let ranges = cache.get(sourceFile);
  if (!ranges) {
    ranges = sourceFile.statements
      .filter((statement): statement is ts.IfStatement => ts.isIfStatement(statement))
      .filter((statement) => isMainModuleCheck(statement.expression))
      .map((statement) => ({ start: statement.thenStatement.getStart(sourceFile), end: statement.thenStatement.end }));
    cache.set(sourceFile, ranges);
  }
  return ranges;
}

export function isInRanges(ranges: readonly SourceRange[], offset: number): boolean {
  return ranges.some((range) => offset >= range.start && offset < range.end);
}

function isMainModuleCheck(condition: ts.Expression): boolean {
  const expression = unwrap(condition);
  if (isImportMetaMember(expression, 'main')) return true;
  if (!ts.isBinaryExpression(expression)) return false;
  const operator = expression.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
    return isMainModuleCheck(expression.left) || isMainModuleCheck(expression.right);
  if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const sides = [unwrap(expression.left), unwrap(expression.right)];
  const text = (node: ts.Expression) => node.getText();
  // require.main === module (either order)
  if (sides.some((side) => text(side) === 'require.main') && sides.some((side) => text(side) === 'module')) return true;
  // process.argv[1] compared with this module's own path
  return sides.some((side) => /^process\.argv\[1\]$/.test(text(side))) && sides.some(namesThisModule);
}

function namesThisModule(node: ts.Expression): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && (child.text === '__filename' || child.text === '__dirname')) found = true;
    else if (isImportMetaMember(child, 'url') || isImportMetaMember(child, 'filename')) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function isImportMetaMember(node: ts.Node, name: string): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    node.name.text === name &&
    ts.isMetaProperty(node.expression) &&
    node.expression.keywordToken === ts.SyntaxKind.ImportKeyword
  );
}
