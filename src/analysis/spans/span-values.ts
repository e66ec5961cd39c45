/**
 * Is this value an OpenTelemetry span? Strong evidence: it comes from `tracer.startSpan`, is a `startActiveSpan`
 * callback's parameter, from `trace.getActiveSpan()` / `trace.getSpan(…)`, or is annotated / typed `Span` from
 * `@opentelemetry/api`. Weak evidence, only where OpenTelemetry is in use: a name ending in "span".
 */
import { ts } from '../../compiler.js';
import { skipWrappersUp, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf } from '../modules/origin.js';
import { activeSpanCallback, otelApiCall, otelApiModule, spanStartKind, usesOpenTelemetry } from '../otel/api.js';
import { spanWrapperAt, startsSpan } from './span-factories.js';

function spanByType(view: ModuleView, expression: ts.Expression): boolean | undefined {
  if (!view.typed || !view.checker) return undefined;
  const type = view.checker.getNonNullableType(view.checker.getTypeAtLocation(expression));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
  if (!symbol) return undefined;
  if (symbol.name === 'Span' && file.includes('@opentelemetry')) return true;
  return file.includes('node_modules') ? false : undefined;
}

function annotatedAsSpan(view: ModuleView, declaration: ts.Node): boolean {
  if (
    !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) ||
    !declaration.type
  )
    return false;
  const type = declaration.type;
  if (!ts.isTypeReferenceNode(type)) return false;
  const name = type.typeName;
  if (ts.isIdentifier(name)) {
    const imported = declarationOf(view, name);
    const binding = imported && importBindingOf(view, imported);
    return binding?.module === otelApiModule && binding.name === 'Span';
  }
  return name.right.text === 'Span' && /^(api|otel|opentelemetry)$/i.test(name.left.getText());
}

export function isSpanValue(view: ModuleView, expression: ts.Expression): boolean {
  const byType = spanByType(view, expression);
  if (byType !== undefined) return byType;
  const value = unwrap(expression);
  const origin = originOf(view, value);
  const node = origin.node;
  if (ts.isCallExpression(node)) {
    if (startsSpan(origin.view, node)) return true;
    const api = otelApiCall(origin.view, node);
    return api?.member === 'trace' && (api.method === 'getActiveSpan' || api.method === 'getSpan');
  }
  if (ts.isParameter(node)) {
    const fn = node.parent;
    const { node: callback, parent } = skipWrappersUp(fn);
    if (
      parent &&
      ts.isCallExpression(parent) &&
      activeSpanCallback(parent) === callback &&
      fn.parameters[0] === node &&
      spanStartKind(view, parent) === 'startActiveSpan'
    )
      return true;
    // `withSpan(name, (span) => …)`: the parameter a project wrapper passes its span in.
    if (parent && ts.isCallExpression(parent) && ts.isExpression(callback)) {
      const wrapper = spanWrapperAt(view, parent, callback);
      if (wrapper && fn.parameters[wrapper.spanParameter] === node) return true;
    }
  }
  if (annotatedAsSpan(origin.view, node)) return true;
  if (origin.imported || ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isObjectLiteralExpression(node))
    return false;
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : '';
  return /span$/i.test(name) && usesOpenTelemetry(view);
}
