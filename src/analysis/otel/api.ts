/**
 * What `@opentelemetry/api` things are: the `trace`/`context`/`propagation`/`metrics` singletons, `ROOT_CONTEXT`,
 * `SpanStatusCode`, and tracers — through named, default and namespace imports, `require`, destructuring, aliases
 * and local modules; in typed mode by the declared type.
 */
import { ts } from '../../compiler.js';
import { accessedName, calleeName, calleeReceiver, skipWrappersUp, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf, type Origin } from '../modules/origin.js';

export const otelApiModule = '@opentelemetry/api';

/** `Span` methods that return the span itself (API 1.x): a chain of them still holds the span it started from. */
export const chainableSpanMethods = new Set([
  'setAttribute',
  'setAttributes',
  'addEvent',
  'addLink',
  'addLinks',
  'setStatus',
  'updateName',
]);

/** Methods of `Span` (API 1.x): none of them throws and none hands the span to anyone. */
export const spanMethods = new Set([...chainableSpanMethods, 'end', 'recordException', 'isRecording', 'spanContext']);

/** Non-OTel tracing libraries whose `startSpan` means something else (`finish()`, auto-ended callbacks). */
const otherTracingModules = /^(dd-trace|opentracing|@sentry\/|elastic-apm-node|newrelic|jaeger-client|zipkin)/;

/** The `@opentelemetry/api` export an expression names: 'trace', 'context', 'ROOT_CONTEXT', … or '*' for the module. */
export function otelApiMember(view: ModuleView, expression: ts.Expression): string | undefined {
  const value = unwrap(expression);
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const binding = declaration && importBindingOf(view, declaration);
    if (!binding || binding.module !== otelApiModule) return undefined;
    return binding.name === 'default' ? '*' : binding.name;
  }
  const name = accessedName(value);
  if (name && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))) {
    const owner = otelApiMember(view, value.expression);
    if (owner === '*') return name;
  }
  return undefined;
}

/** `trace.getSpan(...)`-style calls: the member (`trace`) and method (`getSpan`) of an OTel API call. */
export function otelApiCall(view: ModuleView, call: ts.CallExpression): { member: string; method: string } | undefined {
  const receiver = calleeReceiver(call);
  const method = calleeName(call);
  if (!receiver || !method) return undefined;
  const member = otelApiMember(view, receiver);
  return member ? { member, method } : undefined;
}

const usesOtelCache = new WeakMap<ts.SourceFile, boolean>();

/** The module imports anything from `@opentelemetry/*`, or its package depends on the API. */
export function usesOpenTelemetry(view: ModuleView): boolean {
  let cached = usesOtelCache.get(view.sourceFile);
  if (cached === undefined) {
    cached = /['"]@opentelemetry\//.test(view.sourceFile.text) || view.project.usesPackage(view.path, otelApiModule);
    if (/['"](dd-trace|opentracing|@sentry\/|elastic-apm-node)/.test(view.sourceFile.text))
      cached = /['"]@opentelemetry\//.test(view.sourceFile.text);
    usesOtelCache.set(view.sourceFile, cached);
  }
  return cached;
}

type TypeVerdict = 'yes' | 'no' | 'unknown';

/** Typed mode: is the expression's type OTel's `Tracer`? 'unknown' for any/error types (missing node_modules). */
function tracerByType(view: ModuleView, expression: ts.Expression): TypeVerdict {
  if (!view.typed || !view.checker) return 'unknown';
  const type = view.checker.getTypeAtLocation(expression);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (!symbol) return 'unknown';
  const declarationFile = symbol.declarations?.[0]?.getSourceFile().fileName ?? '';
  if (symbol.name === 'Tracer' && declarationFile.includes('@opentelemetry/api')) return 'yes';
  if (declarationFile.includes('node_modules')) return 'no';
  return 'unknown';
}

function namedLikeTracer(node: ts.Node): boolean {
  let name: string | undefined;
  if (ts.isIdentifier(node)) name = node.text;
  else if (ts.isPropertyAccessExpression(node)) name = node.name.text;
  else if (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node))
    name = ts.isIdentifier(node.name) ? node.name.text : undefined;
  return !!name && /tracer$/i.test(name);
}

function annotatedAsTracer(origin: Origin): boolean {
  const node = origin.node;
  if (!(ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) || !node.type)
    return false;
  const type = node.type;
  if (!ts.isTypeReferenceNode(type)) return false;
  const typeName = type.typeName;
  if (ts.isIdentifier(typeName)) {
    const declaration = declarationOf(origin.view, typeName);
    const binding = declaration && importBindingOf(origin.view, declaration);
    return binding?.module === otelApiModule && binding.name === 'Tracer';
  }
  return (
    typeName.right.text === 'Tracer' && otelApiMember(origin.view, typeName.left as unknown as ts.Expression) === '*'
  );
}

/**
 * Is this expression an OpenTelemetry tracer? Strong evidence: `trace.getTracer()`, `provider.getTracer()`,
 * a `Tracer` annotation or type, followed through variables, fields and local modules. Weak evidence, used only
 * where OpenTelemetry is in use and no other tracing library is imported: a name ending in "tracer".
 */
export function isTracer(view: ModuleView, expression: ts.Expression): boolean {
  const byType = tracerByType(view, expression);
  if (byType !== 'unknown') return byType === 'yes';
  const origin = originOf(view, expression);
  const node = origin.node;
  if (ts.isCallExpression(node) && calleeName(node) === 'getTracer') {
    const receiver = calleeReceiver(node);
    if (receiver && otelApiMember(origin.view, receiver) === 'trace') return true;
    return usesOpenTelemetry(origin.view);
  }
  if (annotatedAsTracer(origin)) return true;
  if (origin.imported) {
    if (otherTracingModules.test(origin.imported.module)) return false;
    return usesOpenTelemetry(view) && namedLikeTracer(unwrap(expression));
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isObjectLiteralExpression(node)) return false;
  return usesOpenTelemetry(view) && (namedLikeTracer(node) || namedLikeTracer(unwrap(expression)));
}

export type SpanStartKind = 'startSpan' | 'startActiveSpan';

/** `tracer.startSpan(...)` / `tracer.startActiveSpan(...)` on an OpenTelemetry tracer. */
export function spanStartKind(view: ModuleView, call: ts.CallExpression): SpanStartKind | undefined {
  const name = calleeName(call);
  if (name !== 'startSpan' && name !== 'startActiveSpan') return undefined;
  const receiver = calleeReceiver(call);
  if (!receiver || !isTracer(view, receiver)) return undefined;
  return name;
}

/** The callback of `startActiveSpan(name, [options], [context], fn)`: always the last argument. */
export function activeSpanCallback(call: ts.CallExpression): ts.Expression | undefined {
  const last = call.arguments[call.arguments.length - 1];
  return call.arguments.length >= 2 ? last : undefined;
}

/** The `startActiveSpan(…)` call that `node` (a function, through parentheses and casts) is the callback of. */
export function startActiveSpanTaking(view: ModuleView, node: ts.Node): ts.CallExpression | undefined {
  const { node: value, parent } = skipWrappersUp(node);
  if (!parent || !ts.isCallExpression(parent) || activeSpanCallback(parent) !== value) return undefined;
  return spanStartKind(view, parent) === 'startActiveSpan' ? parent : undefined;
}

/** The explicit parent context of a span start: `startSpan(name, options, ctx)`, `startActiveSpan(name, options, ctx, fn)`. */
export function spanContextArgument(kind: SpanStartKind, call: ts.CallExpression): ts.Expression | undefined {
  if (kind === 'startSpan') return call.arguments[2];
  return call.arguments.length >= 4 ? call.arguments[2] : undefined;
}

/** The options argument of a span start, when there is one (`startActiveSpan(name, fn)` has none). */
export function spanOptionsArgument(kind: SpanStartKind, call: ts.CallExpression): ts.Expression | undefined {
  if (kind === 'startActiveSpan' && call.arguments.length < 3) return undefined;
  return call.arguments[1];
}
