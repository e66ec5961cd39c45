/**
 * Hooks that OpenTelemetry's HTTP instrumentations call with the request they trace (`requestHook`,
 * `applyCustomAttributesOnSpan`, `startIncomingSpanHook`, …): the request parameter is an incoming or outgoing
 * request whatever its declared type, which is often `any` or missing in instrumentation setup code.
 */
import { ts } from '../../compiler.js';
import { skipWrappersUp, type FunctionLike } from '../syntax/ast.js';

/**
 * Per hook option of `@opentelemetry/instrumentation-http`, `-undici`, `-fetch` and `-xml-http-request`: which
 * parameter is the request. `(span, request)` hooks put it second; the span-start and ignore hooks first.
 */
const requestParameterOfHook: ReadonlyMap<string, number> = new Map([
  ['requestHook', 1],
  ['applyCustomAttributesOnSpan', 1],
  ['startIncomingSpanHook', 0],
  ['startOutgoingSpanHook', 0],
  ['startSpanHook', 0],
  ['ignoreIncomingRequestHook', 0],
  ['ignoreOutgoingRequestHook', 0],
  ['ignoreRequestHook', 0],
]);

/** The option name a function is the value of: `{ requestHook: (span, req) => … }` or `{ requestHook(span, req) {} }`. */
function optionName(fn: FunctionLike): string | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent) && ts.isIdentifier(fn.name))
    return fn.name.text;
  const { node, parent } = skipWrappersUp(fn);
  if (parent && ts.isPropertyAssignment(parent) && parent.initializer === node && ts.isIdentifier(parent.name))
    return parent.name.text;
  return undefined;
}

/** Is `parameter` the request an instrumentation hook receives? */
export function isInstrumentationHookRequest(fn: FunctionLike, parameter: ts.ParameterDeclaration): boolean {
  const name = optionName(fn);
  const index = name === undefined ? undefined : requestParameterOfHook.get(name);
  if (index === undefined || fn.parameters[index] !== parameter) return false;
  // The `(span, request)` hooks: the first parameter must be there (the span) for the second to be the request.
  return index === 0 || fn.parameters.length >= 2;
}
