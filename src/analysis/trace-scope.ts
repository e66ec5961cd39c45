/**
 * Is there a trace to join at this node? Inside a request handler (the server instrumentation has started a span
 * for the request) or while a span is open (a `startActiveSpan` callback, or after `tracer.startSpan` and before
 * its `end()`). Start-up code, CLIs and module top level are neither: records written there belong to no trace.
 */
import { ts } from '../compiler.js';
import { calleeName, isFunctionLike, skipWrappersUp, type FunctionLike } from './ast.js';
import type { ModuleView } from './module-view.js';
import { liveSpansAt, spanDisplayName } from './live-span.js';
import { enclosingActiveSpanCallback, isRequestHandler } from './request-scope.js';

export type TraceScope =
  | { kind: 'span'; start: ts.CallExpression; description: string }
  | { kind: 'request'; handler: FunctionLike; description: string };

/** Server events that are not requests: `server.on('listening', …)` runs at start-up, not in a request. */
const requestEvents = new Set(['request', 'upgrade', 'checkContinue', 'checkExpectation', 'stream', 'connect']);

function registeredForNonRequestEvent(fn: FunctionLike): boolean {
  const { node, parent } = skipWrappersUp(fn);
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
  const name = calleeName(parent);
  if (name !== 'on' && name !== 'once' && name !== 'addListener') return false;
  const event = parent.arguments[0];
  return !!event && ts.isStringLiteralLike(event) && !requestEvents.has(event.text);
}

function registration(fn: FunctionLike): string {
  if (ts.isMethodDeclaration(fn)) return `\`${fn.name.getText()}\``;
  const { node, parent } = skipWrappersUp(fn);
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const first = parent.arguments[0];
    const path = first && ts.isStringLiteralLike(first) ? `'${first.text}', ` : '';
    return `\`${parent.expression.getText()}(${path}…)\``;
  }
  return '';
}

/** The innermost request handler around `node`, `server.on('listening')`-style callbacks excluded. */
export function enclosingRequestHandlerStrict(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && isRequestHandler(current) && !registeredForNonRequestEvent(current)) return current;
  }
  return undefined;
}

/** The span or request whose trace records written at `node` belong to, if any. */
export function traceScopeAt(view: ModuleView, node: ts.Node): TraceScope | undefined {
  const live = liveSpansAt(view, node)[0];
  if (live) return { kind: 'span', start: live.start, description: `while the span ${spanDisplayName(live.start)} is open` };
  // After `span.end()` in a `startActiveSpan` callback the span is still the active one: records still join it.
  const active = enclosingActiveSpanCallback(view, node);
  if (active) return { kind: 'span', start: active.call, description: `inside the span ${spanDisplayName(active.call)}` };
  const handler = enclosingRequestHandlerStrict(node);
  if (handler) {
    const where = registration(handler);
    return { kind: 'request', handler, description: `in a request handler${where ? ` (${where})` : ''}` };
  }
  return undefined;
}
