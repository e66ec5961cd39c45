/**
 * Writes through a project's metric wrapper: `const c = createCounter({ name, labelNames })` returns an object whose
 * methods forward to the real metric (`increment: (labels, v) => counter.labels(labels).inc(v)`), and the service
 * writes `c.increment({ toggle: featureName })`. The label values enter at the wrapper call: this maps the
 * wrapper method's parameter to the call's argument, one level deep.
 */
import { ts } from '../../compiler.js';
import { isFunctionLike, unwrap, visitDescendants, type FunctionLike } from '../syntax/ast.js';
import { calledFunction, functionValue } from '../modules/called-function.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { metricOf } from './instruments.js';
import { propertyKey } from '../values/static-text.js';

/** The object literal a factory returns (`return { … }` or an arrow's object body), when there is exactly one. */
function returnedObject(fn: FunctionLike): ts.ObjectLiteralExpression | undefined {
  if (fn.body && !ts.isBlock(fn.body)) {
    const body = unwrap(fn.body);
    return ts.isObjectLiteralExpression(body) ? body : undefined;
  }
  const found: ts.ObjectLiteralExpression[] = [];
  visitDescendants(fn.body!, (node) => {
    if (isFunctionLike(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression) {
      const value = unwrap(node.expression);
      if (ts.isObjectLiteralExpression(value)) found.push(value);
    }
    return undefined;
  });
  return found.length === 1 ? found[0] : undefined;
}

/** The function a wrapper object's member names: inline, or a `const` in the factory body (shorthand property). */
function memberFunction(view: ModuleView, object: ts.ObjectLiteralExpression, name: string): FunctionLike | undefined {
  for (const property of object.properties) {
    if (!property.name || propertyKey(property.name) !== name) continue;
    if (ts.isMethodDeclaration(property)) return property;
    const value = ts.isPropertyAssignment(property)
      ? property.initializer
      : ts.isShorthandPropertyAssignment(property)
        ? property.name
        : undefined;
    return functionValue(view, value);
  }
  return undefined;
}

export interface ForwardedLabels {
  /** Index of the wrapper method's parameter that carries the labels. */
  parameterIndex: number;
}

/**
 * If `method` of the wrapper object `receiver` holds forwards one of its parameters as the labels of a write on the
 * wrapped metric (found by `findWrite`), which parameter it is.
 */
export function forwardedLabelParameter(
  view: ModuleView,
  receiver: ts.Expression,
  method: string,
  findWrite: (view: ModuleView, call: ts.CallExpression) => { labelsArgument?: ts.Expression } | undefined,
): ForwardedLabels | undefined {
  if (!metricOf(view, receiver)) return undefined;
  const origin = originOf(view, receiver);
  if (!ts.isCallExpression(origin.node)) return undefined;
  const factory = calledFunction(origin.view, origin.node);
  if (!factory?.fn.body) return undefined;
  const object = returnedObject(factory.fn);
  const implementation = object && memberFunction(factory.view, object, method);
  if (!implementation?.body) return undefined;
  let found: ForwardedLabels | undefined;
  visitDescendants(implementation.body, (node) => {
    if (found || !ts.isCallExpression(node)) return undefined;
    const write = findWrite(factory.view, node);
    const argument = write?.labelsArgument && unwrap(write.labelsArgument);
    if (!argument || !ts.isIdentifier(argument)) return undefined;
    const declaration = declarationOf(factory.view, argument);
    const index = implementation.parameters.findIndex((parameter) => parameter === declaration);
    if (index >= 0) found = { parameterIndex: index };
    return undefined;
  });
  return found;
}
