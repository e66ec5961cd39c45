/**
 * Which function a call invokes, when the code shows it: a function declared in this module, one imported from a
 * local module (through re-exports), or `this.method(…)` (also through `const self = this`) of the enclosing class. Used wherever an analysis follows
 * a call one level deep (helpers that end spans, record errors, return bounded values, produce metrics, …).
 */
import { ts } from '../../compiler.js';
import { isFunctionLike, unwrap, type FunctionLike } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from './module-view.js';
import { originOf } from './origin.js';

/**
 * `this`, or a variable that holds it (`const plugin = this`, `const self = this`): instrumentation code keeps the
 * instance in a variable so that the functions it returns can reach its methods.
 */
export function isThisReference(view: ModuleView, expression: ts.Expression): boolean {
  const value = unwrap(expression);
  if (value.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  return (
    !!declaration &&
    ts.isVariableDeclaration(declaration) &&
    !!declaration.initializer &&
    unwrap(declaration.initializer).kind === ts.SyntaxKind.ThisKeyword &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}

export function calledFunction(
  view: ModuleView,
  call: ts.CallExpression,
): { view: ModuleView; fn: FunctionLike } | undefined {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee) && isThisReference(view, callee.expression)) {
    for (let current: ts.Node | undefined = call.parent; current; current = current.parent)
      if (ts.isClassLike(current)) return ownOrInheritedMethod(view, current, callee.name.text);
    return undefined;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const origin = originOf(view, callee);
  const node = origin.node;
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node))
    return { view: origin.view, fn: node };
  return undefined;
}

/**
 * The method `name` of a class, or — when the class does not declare it — of the class it extends (followed through
 * imports of local modules, a few levels up): `this.traceWithEnv(…)` in a service calls its base class's helper.
 */
function ownOrInheritedMethod(
  view: ModuleView,
  classNode: ts.ClassLikeDeclaration,
  name: string,
  depth = 0,
): { view: ModuleView; fn: FunctionLike } | undefined {
  const member = classNode.members.find(
    (candidate) =>
      (ts.isMethodDeclaration(candidate) || ts.isPropertyDeclaration(candidate)) &&
      candidate.name.getText(view.sourceFile) === name,
  );
  if (member) return ts.isMethodDeclaration(member) && member.body ? { view, fn: member } : undefined;
  const base = classNode.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!base || depth >= 3) return undefined;
  const origin = originOf(view, base.expression);
  if (!ts.isClassDeclaration(origin.node) && !ts.isClassExpression(origin.node)) return undefined;
  return ownOrInheritedMethod(origin.view, origin.node, name, depth + 1);
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

/**
 * `receiver.method(…)`: the method of the class whose instance the receiver holds — `this` (see `calledFunction`)
 * or a value created with `new LocalClass(…)` (through `const`s, fields and local modules), when the class declares
 * the method with a body. Inherited and overridden methods are not followed: the code does not show which one runs.
 */
export function calledInstanceMethod(
  view: ModuleView,
  call: ts.CallExpression,
): { view: ModuleView; fn: FunctionLike } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (isThisReference(view, callee.expression)) return calledFunction(view, call);
  const instance = originOf(view, callee.expression);
  if (!ts.isNewExpression(instance.node)) return undefined;
  const constructed = originOf(instance.view, instance.node.expression);
  const classNode = constructed.node;
  if (!ts.isClassDeclaration(classNode) && !ts.isClassExpression(classNode)) return undefined;
  const name = callee.name.text;
  const methods = classNode.members.filter(
    (member): member is ts.MethodDeclaration =>
      ts.isMethodDeclaration(member) && member.name.getText(constructed.view.sourceFile) === name,
  );
  const method = methods.find((member) => member.body);
  if (method) return { view: constructed.view, fn: method };
  // An arrow-function field (`register = (options) => …`) is a method too.
  const field = classNode.members.find(
    (member): member is ts.PropertyDeclaration =>
      ts.isPropertyDeclaration(member) && member.name.getText(constructed.view.sourceFile) === name,
  );
  const initializer = field?.initializer && unwrap(field.initializer);
  if (initializer && (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)))
    return { view: constructed.view, fn: initializer };
  return undefined;
}
