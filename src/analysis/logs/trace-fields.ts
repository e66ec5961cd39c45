/**
 * Trace fields in log records: which field names hold a trace or span id (`trace_id`, `traceId`, `dd.trace_id`),
 * whether an object or a call's arguments carry them, and whether an expression mentions the trace id itself.
 */
import type { CorrelationOptions } from './logger-correlation.js';
import { ts } from '../../compiler.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { calleeName, unwrap } from '../syntax/ast.js';

export function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `trace_id`, `traceId`, `trace.id`, `dd.trace_id` all match the default `trace_id`. */
export function isTraceField(name: string, traceFields: readonly string[]): boolean {
  const key = normaliseField(name);
  return traceFields.some((field) => {
    const wanted = normaliseField(field);
    return wanted.length > 0 && key.endsWith(wanted);
  });
}

export const traceNamed = /trace|span|otel|correlation/i;

export function propertyKey(property: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text;
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/**
 * Does this value (a log call argument or child bindings) carry trace fields? `{ trace_id, span_id }`,
 * `{ ...traceContext() }`, `traceFields(span)`, or a local object built that way.
 */
export function carriesTraceFields(
  view: ModuleView,
  expression: ts.Expression,
  options: CorrelationOptions,
  depth = 0,
): boolean {
  const value = unwrap(expression);
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.some((property) => {
      if (ts.isSpreadAssignment(property))
        return (
          carriesTraceFields(view, property.expression, options, depth + 1) ||
          traceNamed.test(property.expression.getText())
        );
      const key = propertyKey(property);
      return key !== undefined && isTraceField(key, options.traceFields);
    });
  }
  if (ts.isCallExpression(value)) return traceNamed.test(calleeName(value) ?? '');
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
    if (traceNamed.test(ts.isIdentifier(value) ? value.text : value.name.text)) return true;
    if (depth < 2) {
      const origin = originOf(view, value);
      if (origin.node !== value && ts.isExpression(origin.node) && ts.isObjectLiteralExpression(origin.node))
        return carriesTraceFields(origin.view, origin.node, options, depth + 1);
    }
  }
  return false;
}

/**
 * Does the log call carry the trace itself: trace fields (`logger.info({ trace_id, span_id }, 'msg')`), or the trace
 * id anywhere in its arguments — `${traceId}` in the message, `span.spanContext().traceId`, a Jaeger or Zipkin URL
 * built from it, a variable holding it?
 */
export function logCarriesTraceFields(view: ModuleView, call: ts.CallExpression, options: CorrelationOptions): boolean {
  return call.arguments.some(
    (argument) =>
      !ts.isStringLiteralLike(argument) &&
      (carriesTraceFields(view, argument, options) || mentionsTraceId(argument, options)),
  );
}

/** `traceId`, `trace_id`, `ctx.traceId`, `span.spanContext()`, `getTraceId()` anywhere in an expression. */
export function mentionsTraceId(expression: ts.Expression, options: CorrelationOptions): boolean {
  const traceIdFields = ['trace_id', ...options.traceFields.filter((field) => /trace/i.test(field))];
  const named = (name: string) => isTraceField(name, traceIdFields) || /^get_?trace_?id$/i.test(name);
  let found = false;
  const check = (node: ts.Node) => {
    if (found) return;
    if (ts.isIdentifier(node) && named(node.text)) found = true;
    else if (ts.isCallExpression(node) && calleeName(node) === 'spanContext') found = true;
    else ts.forEachChild(node, check);
  };
  check(expression);
  return found;
}
