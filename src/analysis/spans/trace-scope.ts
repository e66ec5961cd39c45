/**
 * Is there a trace to join at this node? Inside a request handler (the server instrumentation has started a span
 * for the request) or while a span is open (a `startActiveSpan` callback, or after `tracer.startSpan` and before
 * its `end()`). Start-up code, CLIs and module top level are neither: records written there belong to no trace.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, isFunctionLike, skipWrappersUp, unwrap, visitDescendants, type FunctionLike } from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { liveSpansAt, spanDisplayName } from './live-span.js';
import { enclosingActiveSpanCallback, enclosingRequestHandler } from '../frameworks/request-scope.js';
import { usesOpenTelemetry } from '../otel/api.js';
import { nestRequestCaller } from '../frameworks/nest-request-scope.js';

export type TraceScope =
  | { kind: 'span'; start: ts.CallExpression; description: string }
  | { kind: 'request'; handler: FunctionLike; description: string };

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

const grpcCache = new WeakMap<ts.SourceFile, Map<ts.Node, string>>();

/** The function a gRPC implementation entry names: `fn`, `fn.bind(this)`, `Server.staticMethod`, an inline function. */
function implementationFunction(view: ModuleView, expression: ts.Expression): ts.Node | undefined {
  let value = unwrap(expression);
  if (ts.isCallExpression(value) && calleeName(value) === 'bind') value = unwrap(calleeReceiver(value) ?? value);
  if (isFunctionLike(value)) return value;
  if (ts.isIdentifier(value)) {
    const origin = originOf(view, value);
    return origin.view === view && isFunctionLike(origin.node) ? origin.node : undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = unwrap(value.expression);
    const cls = owner.kind === ts.SyntaxKind.ThisKeyword ? undefined : ts.isIdentifier(owner) ? originOf(view, owner) : undefined;
    if (cls && cls.view === view && ts.isClassLike(cls.node)) {
      return cls.node.members.find((member) => ts.isMethodDeclaration(member) && member.name.getText(view.sourceFile) === value.name.text);
    }
  }
  return undefined;
}

/**
 * gRPC service implementations registered in this module: `server.addService(Service.service, { charge, convert })`.
 * Their functions handle a request each (and gRPC server instrumentation starts a span for it).
 */
function grpcHandlers(view: ModuleView): Map<ts.Node, string> {
  let handlers = grpcCache.get(view.sourceFile);
  if (handlers) return handlers;
  handlers = new Map();
  const found = handlers;
  visitDescendants(view.sourceFile, (node) => {
    if (!ts.isCallExpression(node) || calleeName(node) !== 'addService') return;
    const implementation = node.arguments[1] && unwrap(node.arguments[1]);
    if (!implementation || !ts.isObjectLiteralExpression(implementation)) return;
    for (const property of implementation.properties) {
      const name = property.name?.getText(view.sourceFile) ?? '';
      if (ts.isMethodDeclaration(property)) found.set(property, name);
      const value = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? property.initializer : undefined;
      const fn = value && implementationFunction(view, value);
      if (fn) found.set(fn, name);
    }
  });
  grpcCache.set(view.sourceFile, handlers);
  return handlers;
}

/** The innermost gRPC method implementation around `node`, with its method name. */
function enclosingGrpcHandler(view: ModuleView, node: ts.Node): { fn: FunctionLike; method: string } | undefined {
  const handlers = grpcHandlers(view);
  if (handlers.size === 0) return undefined;
  for (let current = node.parent; current; current = current.parent) {
    const method = isFunctionLike(current) ? handlers.get(current) : undefined;
    if (method !== undefined) return { fn: current as FunctionLike, method };
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
  const grpc = enclosingGrpcHandler(view, node);
  if (grpc) return { kind: 'request', handler: grpc.fn, description: `in the gRPC handler for \`${grpc.method}\`` };
  const handler = enclosingRequestHandler(node);
  if (handler) {
    const where = registration(handler);
    return { kind: 'request', handler, description: `in a request handler${where ? ` (${where})` : ''}` };
  }
  const nest = nestRequestCaller(view, node);
  if (nest) return { kind: 'request', handler: nest.method, description: `in \`${nest.method.name.getText()}\`, which the route handler \`${nest.handler}\` calls` };
  return undefined;
}

/** Does the project trace at all? Without OpenTelemetry there is no trace for a log record to join. */
export function tracingInUse(view: ModuleView): boolean {
  return usesOpenTelemetry(view) || view.project.dependsOn(view.path, /^@opentelemetry\//);
}
