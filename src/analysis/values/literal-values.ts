/**
 * The closed set of strings an expression can evaluate to, when the code says so: literals, conditionals of
 * literals, `const`s, parameters and variables annotated with a union of string literals (local aliases followed),
 * and in typed mode any expression whose type is such a union. Undefined when open or unknown.
 */
import { ts } from '../../compiler.js';
import { unwrap } from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { exportedType } from './type-bounds.js';

const maxValues = 50;

function fromTypeNode(view: ModuleView, node: ts.TypeNode, depth: number): string[] | undefined {
  if (depth > 4) return undefined;
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text];
  if (ts.isUnionTypeNode(node)) {
    const parts = node.types.map((part) => fromTypeNode(view, part, depth + 1));
    return parts.every(Boolean) ? (parts.flat() as string[]) : undefined;
  }
  if (ts.isParenthesizedTypeNode(node)) return fromTypeNode(view, node.type, depth + 1);
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && !node.typeArguments) {
    const declared = exportedType(view.sourceFile, node.typeName.text);
    if (declared && ts.isTypeAliasDeclaration(declared)) return fromTypeNode(view, declared.type, depth + 1);
  }
  return undefined;
}

function fromType(type: ts.Type): string[] | undefined {
  if (type.isStringLiteral()) return [type.value];
  if (type.isUnion()) {
    const values: string[] = [];
    for (const part of type.types) {
      if (!part.isStringLiteral()) return undefined;
      values.push(part.value);
    }
    return values;
  }
  return undefined;
}

export function literalValues(view: ModuleView, expression: ts.Expression, depth = 0): string[] | undefined {
  if (depth > 6) return undefined;
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value)) return [value.text];
  if (ts.isConditionalExpression(value)) {
    const a = literalValues(view, value.whenTrue, depth + 1);
    const b = literalValues(view, value.whenFalse, depth + 1);
    return a && b ? [...new Set([...a, ...b])] : undefined;
  }
  if (view.typed && view.checker) {
    const fromChecker = fromType(view.checker.getTypeAtLocation(value));
    if (fromChecker) return fromChecker.length <= maxValues ? fromChecker : undefined;
  }
  if (!ts.isIdentifier(value) && !ts.isPropertyAccessExpression(value)) return undefined;
  const origin = originOf(view, value);
  const node = origin.node;
  if (node !== value && ts.isExpression(node)) return literalValues(origin.view, node, depth + 1);
  if ((ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.type) {
    const values = fromTypeNode(origin.view, node.type, 0);
    return values && values.length <= maxValues ? [...new Set(values)] : undefined;
  }
  return undefined;
}
