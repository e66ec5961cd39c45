/**
 * Which function a call invokes, when the code shows it: a function declared in this module, one imported from a
 * local module (through re-exports), or `this.method(…)` of the enclosing class. Used wherever an analysis follows
 * a call one level deep (helpers that end spans, record errors, return bounded values, produce metrics, …).
 */
import { ts } from '../../compiler.js';
import { isFunctionLike, unwrap, type FunctionLike } from '../syntax/ast.js';
import type { ModuleView } from './module-view.js';
import { originOf } from './origin.js';

export function calledFunction(
  view: ModuleView,
  call: ts.CallExpression,
): { view: ModuleView; fn: FunctionLike } | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    for (let current: ts.Node | undefined = call.parent; current; current = current.parent) {
      if (ts.isClassLike(current)) {
        const method = current.members.find(
          (member) => ts.isMethodDeclaration(member) && member.name.getText(view.sourceFile) === callee.name.text,
        );
        return method && ts.isMethodDeclaration(method) && method.body ? { view, fn: method } : undefined;
      }
    }
    return undefined;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const origin = originOf(view, callee);
  const node = origin.node;
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node))
    return { view: origin.view, fn: node };
  return undefined;
}

/** The function an expression holds: inline (`(msg) => …`) or through a `const`/import (`handler`). */
export function functionValue(view: ModuleView, expression: ts.Expression | undefined): FunctionLike | undefined {
  if (!expression) return undefined;
  const value = unwrap(expression);
  if (isFunctionLike(value)) return value;
  if (ts.isIdentifier(value)) {
    const node = originOf(view, value).node;
    if (isFunctionLike(node)) return node;
  }
  return undefined;
}
