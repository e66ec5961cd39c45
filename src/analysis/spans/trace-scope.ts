/**
 * Is there a trace to join at this node? Inside a request handler (the server instrumentation has started a span
 * for the request) or while a span is open (a `startActiveSpan` callback, or after `tracer.startSpan` and before
 * its `end()`). Start-up code, CLIs and module top level are neither: records written there belong to no trace.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ts } from '../../compiler.js';
import { listSources } from '../modules/package-sources.js';
import { skipWrappersUp, type FunctionLike } from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import { enclosingActiveSpanCallback, liveSpansAt, spanDisplayName } from './live-span.js';
import { enclosingRequestHandler } from '../frameworks/request-scope.js';
import { usesOpenTelemetry } from '../otel/api.js';
import { nestRequestCaller } from '../frameworks/nest-request-scope.js';
import { enclosingGrpcHandler } from '../frameworks/grpc-handlers.js';

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

/** The span or request whose trace records written at `node` belong to, if any. */
export function traceScopeAt(view: ModuleView, node: ts.Node): TraceScope | undefined {
  const live = liveSpansAt(view, node)[0];
  if (live)
    return { kind: 'span', start: live.start, description: `while the span ${spanDisplayName(live.start)} is open` };
  // After `span.end()` in a `startActiveSpan` callback the span is still the active one: records still join it.
  const active = enclosingActiveSpanCallback(view, node);
  if (active)
    return { kind: 'span', start: active.call, description: `inside the span ${spanDisplayName(active.call)}` };
  const grpc = enclosingGrpcHandler(view, node);
  if (grpc) return { kind: 'request', handler: grpc.fn, description: `in the gRPC handler for \`${grpc.method}\`` };
  const handler = enclosingRequestHandler(node);
  if (handler) {
    const where = registration(handler);
    return { kind: 'request', handler, description: `in a request handler${where ? ` (${where})` : ''}` };
  }
  const nest = nestRequestCaller(view, node);
  if (nest)
    return {
      kind: 'request',
      handler: nest.method,
      description: `in \`${nest.method.name.getText()}\`, which the route handler \`${nest.handler}\` calls`,
    };
  return undefined;
}

/** Does the project trace at all? Without OpenTelemetry there is no trace for a log record to join. */
export function tracingInUse(view: ModuleView): boolean {
  if (tracingImport.test(view.sourceFile.text)) return true;
  const project = workspaceProjectTraces(view);
  if (project !== undefined) return project;
  return usesOpenTelemetry(view) || view.project.usesPackage(view.path, /^@opentelemetry\//);
}

/**
 * An import of OpenTelemetry, or of a workspace library that wraps it (`@acme/util/nestjs/tracing`,
 * `@acme/telemetry`, `./otel`).
 */
const tracingImport =
  /(?:from\s*|require\(\s*|import\(\s*)['"][^'"]*(?:@opentelemetry\/|[/-]tracing\b|[/@-]telemetry\b|[/-]otel\b)[^'"]*['"]/;

/** Per Nx project directory: does any of its sources import tracing? */
const projectTracing = new Map<string, boolean>();

/**
 * In a workspace whose projects have no package.json of their own (Nx: a `project.json` per project, dependencies
 * hoisted to the root), the root's OpenTelemetry dependency says nothing about one project: a project traces when
 * its own sources import OpenTelemetry or a workspace tracing library. Undefined when the file is not in such a
 * project.
 */
function workspaceProjectTraces(view: ModuleView): boolean | undefined {
  const info = view.project.packageFor(view.path);
  if (!info) return undefined;
  const packageDir = dirname(info.path);
  for (let dir = dirname(view.path); dir.length > packageDir.length && dir.startsWith(packageDir); dir = dirname(dir)) {
    if (!existsSync(join(dir, 'project.json'))) continue;
    let traces = projectTracing.get(dir);
    if (traces === undefined) {
      traces = listSources(dir).some((path) => tracingImport.test(view.project.text(path) ?? ''));
      projectTracing.set(dir, traces);
    }
    return traces;
  }
  return undefined;
}
