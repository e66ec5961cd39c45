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

/**
 * Parameter bindings of a factory call: parameter declaration → the argument's module and expression, and the
 * bindings the argument itself is read under (a factory that passes its parameter on to another factory).
 */
export type Env = Map<ts.Node, Bound>;
export interface Bound {
  view: ModuleView;
  expression: ts.Expression | undefined;
  env?: Env;
}

/** A string that is fixed in the code, or the part of it that is computed at runtime. */
export type StaticText =
  | { kind: 'static'; value: string }
  | { kind: 'dynamic'; value?: undefined; part: ts.Expression; view: ModuleView }
  | { kind: 'unknown'; value?: undefined };

/**
 * What a declaration is bound to: a factory parameter under `env`, or an element of an object pattern
 * (`const { name, ...rest } = options`, a parameter `{ name }`) whose object is known — `name` is that object's
 * `name` property. A `...rest` element is not a property: `objectLiteralOf` reads it as the object minus the
 * other keys.
 */
export function bindingValue(
  env: Env | undefined,
  declaration: ts.Node,
  view?: ModuleView,
  depth = 0,
): Bound | undefined {
  const bound = env?.get(declaration);
  if (bound || !view || depth > maxDepth) return bound;
  const source = destructuringSource(view, env, declaration);
  if (!source || source.key === undefined) return undefined;
  const object = objectLiteralOf(source.view, source.expression, source.env, depth + 1);
  const property = object && propertyOfObject(object, source.key, depth + 1);
  // Not in the literal: a default value or a spread obslint cannot read — unknown, not bound.
  return property ? { view: property.view, expression: property.expression, env: property.env } : undefined;
}

/** The object an object-pattern element destructures, and the key it takes (none for `...rest`). */
function destructuringSource(
  view: ModuleView,
  env: Env | undefined,
  declaration: ts.Node,
):
  | { view: ModuleView; expression: ts.Expression; env?: Env; key?: string; pattern: ts.ObjectBindingPattern }
  | undefined {
  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const pattern = declaration.parent;
  const holder = pattern.parent;
  let key: string | undefined;
  if (!declaration.dotDotDotToken) {
    const name = declaration.propertyName ?? declaration.name;
    key = ts.isIdentifier(name) ? name.text : ts.isBindingName(name) ? undefined : propertyKey(name);
    if (key === undefined) return undefined;
  }
  if (ts.isVariableDeclaration(holder) && holder.initializer) {
    if ((ts.getCombinedNodeFlags(holder) & ts.NodeFlags.Const) === 0) return undefined;
    return { view, expression: holder.initializer, env, key, pattern };
  }
  if (ts.isParameter(holder)) {
    const bound = env?.get(holder);
    if (!bound?.expression) return undefined;
    return { view: bound.view, expression: bound.expression, env: bound.env, key, pattern };
  }
  return undefined;
}

/** `const { a, b, ...rest } = options`: the object `rest` holds — `options` without `a` and `b`. */
function restOf(view: ModuleView, env: Env | undefined, declaration: ts.Node, depth: number): ObjectAt | undefined {
  if (!ts.isBindingElement(declaration) || !declaration.dotDotDotToken) return undefined;
  const source = destructuringSource(view, env, declaration);
  if (!source) return undefined;
  const object = objectLiteralOf(source.view, source.expression, source.env, depth + 1);
  if (!object) return undefined;
  const omit = new Set(object.omit);
  for (const element of source.pattern.elements) {
    if (element === declaration) continue;
    const name = element.propertyName ?? element.name;
    const key = ts.isIdentifier(name) ? name.text : ts.isBindingName(name) ? undefined : propertyKey(name);
    // A computed key could be any property: nothing the rest holds is known.
    if (key === undefined) return undefined;
    omit.add(key);
  }
  return { ...object, omit };
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
    const bound = bindingValue(env, declaration, view, depth + 1);
    if (bound)
      return bound.expression ? staticText(bound.view, bound.expression, bound.env, depth + 1) : { kind: 'unknown' };
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
    const property = object && name ? propertyOfObject(object, name, depth + 1) : undefined;
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
  /** Keys a `...rest` destructuring took out: the object holds the literal's properties except these. */
  omit?: ReadonlySet<string>;
}

/** `object[name]` of an object obslint read (honouring the keys a rest destructuring left out). */
export function propertyOfObject(
  object: ObjectAt,
  name: string,
  depth = 0,
): { view: ModuleView; expression: ts.Expression; env?: Env; key: ts.Node } | undefined {
  if (object.omit?.has(name)) return undefined;
  return propertyOf(object.view, object.node, name, object.env, depth);
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
    const bound = declaration && bindingValue(env, declaration, view, depth + 1);
    if (bound)
      return bound.expression ? objectLiteralOf(bound.view, bound.expression, bound.env, depth + 1) : undefined;
    const rest = declaration && restOf(view, env, declaration, depth + 1);
    if (rest) return rest;
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOfObject(owner, value.name.text, depth + 1);
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
      const found = spread && propertyOfObject(spread, name, depth + 1);
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
    const bound = declaration && bindingValue(env, declaration, view, depth + 1);
    if (bound) return bound.expression ? stringList(bound.view, bound.expression, bound.env, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOfObject(owner, value.name.text, depth + 1);
    if (property) return stringList(property.view, property.expression, property.env, depth + 1);
  }
  const origin = originOf(view, value);
  if (origin.node !== value && ts.isExpression(origin.node))
    return stringList(origin.view, origin.node, undefined, depth + 1);
  return undefined;
}
