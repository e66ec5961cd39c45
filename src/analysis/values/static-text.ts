/**
 * Reading the static parts of metric options: a name, help text, unit or label-name list that is fixed in the code
 * (literals, constants, template literals of constants, `as const` arrays, spreads of option objects), or the part
 * of it computed at runtime. `Env` binds a factory's parameters to one call's arguments, so that options built from
 * parameters read as that call's values.
 */
import { ts } from '../../compiler.js';
import { accessedName, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { originOf, originOfDeclaration } from '../modules/origin.js';

const maxDepth = 6;

/** Parameter bindings of a factory call: parameter declaration → the argument's module and expression. */
export type Env = Map<ts.Node, { view: ModuleView; expression: ts.Expression | undefined }>;

/** A string that is fixed in the code, or the part of it that is computed at runtime. */
export type StaticText =
  | { kind: 'static'; value: string }
  | { kind: 'dynamic'; value?: undefined; part: ts.Expression; view: ModuleView }
  | { kind: 'unknown'; value?: undefined };

export function bindingValue(
  env: Env | undefined,
  declaration: ts.Node,
): { view: ModuleView; expression: ts.Expression | undefined } | undefined {
  return env?.get(declaration);
}

/** A string fixed in the code: literals, constants, templates and concatenations of them, factory arguments. */
export function staticText(view: ModuleView, expression: ts.Expression, env?: Env, depth = 0): StaticText {
  if (depth > maxDepth) return { kind: 'unknown' };
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value)) return { kind: 'static', value: value.text };
  if (ts.isNumericLiteral(value)) return { kind: 'static', value: value.text };
  if (ts.isTemplateExpression(value)) {
    let result = value.head.text;
    for (const span of value.templateSpans) {
      const part = staticText(view, span.expression, env, depth + 1);
      if (part.kind !== 'static') return part;
      result += part.value + span.literal.text;
    }
    return { kind: 'static', value: result };
  }
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticText(view, value.left, env, depth + 1);
    if (left.kind !== 'static') return left;
    const right = staticText(view, value.right, env, depth + 1);
    if (right.kind !== 'static') return right;
    return { kind: 'static', value: left.value + right.value };
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (!declaration) return { kind: 'dynamic', part: value, view };
    const bound = bindingValue(env, declaration);
    if (bound)
      return bound.expression ? staticText(bound.view, bound.expression, undefined, depth + 1) : { kind: 'unknown' };
    if (ts.isParameter(declaration) || ts.isBindingElement(declaration)) return { kind: 'dynamic', part: value, view };
    const origin = originOfDeclaration(view, declaration);
    if (origin.imported) return { kind: 'dynamic', part: value, view };
    if (ts.isExpression(origin.node) && origin.node !== value)
      return staticText(origin.view, origin.node, undefined, depth + 1);
    if (ts.isVariableDeclaration(origin.node)) return { kind: 'dynamic', part: value, view };
    return { kind: 'unknown' };
  }
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) {
    const name = accessedName(value);
    const object = name ? objectLiteralOf(view, value.expression, env, depth + 1) : undefined;
    const property = object && name ? propertyOf(object.view, object.node, name, object.env, depth + 1) : undefined;
    if (property) return staticText(property.view, property.expression, property.env, depth + 1);
    return { kind: 'dynamic', part: value, view };
  }
  if (ts.isCallExpression(value) || ts.isConditionalExpression(value) || ts.isBinaryExpression(value))
    return { kind: 'dynamic', part: value, view };
  return { kind: 'unknown' };
}

export interface ObjectAt {
  view: ModuleView;
  node: ts.ObjectLiteralExpression;
  env?: Env;
}

/** The object literal an expression holds (through constants, fields, imports and factory arguments). */
export function objectLiteralOf(
  view: ModuleView,
  expression: ts.Expression,
  env?: Env,
  depth = 0,
): ObjectAt | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isObjectLiteralExpression(value)) return { view, node: value, env };
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const bound = declaration && bindingValue(env, declaration);
    if (bound)
      return bound.expression ? objectLiteralOf(bound.view, bound.expression, undefined, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOf(owner.view, owner.node, value.name.text, owner.env, depth + 1);
    return property ? objectLiteralOf(property.view, property.expression, property.env, depth + 1) : undefined;
  }
  const origin = originOf(view, value);
  if (origin.node !== value && ts.isExpression(origin.node))
    return objectLiteralOf(origin.view, origin.node, undefined, depth + 1);
  return undefined;
}

/** `object[name]` in an object literal: assignments, shorthands and spreads (`{ ...base, name }`). */
export function propertyOf(
  view: ModuleView,
  object: ts.ObjectLiteralExpression,
  name: string,
  env?: Env,
  depth = 0,
): { view: ModuleView; expression: ts.Expression; env?: Env; key: ts.Node } | undefined {
  if (depth > maxDepth) return undefined;
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index]!;
    if (ts.isPropertyAssignment(property) && propertyKey(property.name) === name)
      return { view, expression: property.initializer, env, key: property.name };
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name)
      return { view, expression: property.name, env, key: property.name };
    if (
      (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) &&
      propertyKey(property.name) === name
    )
      return undefined;
    if (ts.isSpreadAssignment(property)) {
      const spread = objectLiteralOf(view, property.expression, env, depth + 1);
      const found = spread && propertyOf(spread.view, spread.node, name, spread.env, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function propertyKey(name: ts.PropertyName): string | undefined {
  if (
    ts.isIdentifier(name) ||
    ts.isStringLiteralLike(name) ||
    ts.isNumericLiteral(name) ||
    ts.isPrivateIdentifier(name)
  )
    return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The elements of a constant string array (`['a', 'b'] as const`, `[...BASE, 'c']`). */
export function stringList(
  view: ModuleView,
  expression: ts.Expression,
  env?: Env,
  depth = 0,
): { values: (string | undefined)[]; nodes: ts.Expression[] } | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isArrayLiteralExpression(value)) {
    const values: (string | undefined)[] = [];
    const nodes: ts.Expression[] = [];
    for (const element of value.elements) {
      if (ts.isSpreadElement(element)) {
        const inner = stringList(view, element.expression, env, depth + 1);
        if (!inner) return undefined;
        values.push(...inner.values);
        nodes.push(...inner.nodes);
        continue;
      }
      const text = staticText(view, element, env, depth + 1);
      values.push(text.kind === 'static' ? text.value : undefined);
      nodes.push(element);
    }
    return { values, nodes };
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const bound = declaration && bindingValue(env, declaration);
    if (bound) return bound.expression ? stringList(bound.view, bound.expression, undefined, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOf(owner.view, owner.node, value.name.text, owner.env, depth + 1);
    if (property) return stringList(property.view, property.expression, property.env, depth + 1);
  }
  const origin = originOf(view, value);
  if (origin.node !== value && ts.isExpression(origin.node))
    return stringList(origin.view, origin.node, undefined, depth + 1);
  return undefined;
}
