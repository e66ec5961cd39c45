/**
 * gRPC service implementations: the functions registered with `server.addService(…)` each handle one call, and the
 * gRPC server instrumentation starts a span for it.
 */
import { ts } from '../../compiler.js';
import {
  calleeName,
  calleeReceiver,
  isFunctionLike,
  unwrap,
  visitDescendants,
  type FunctionLike,
} from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';

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
    const cls =
      owner.kind === ts.SyntaxKind.ThisKeyword ? undefined : ts.isIdentifier(owner) ? originOf(view, owner) : undefined;
    if (cls && cls.view === view && ts.isClassLike(cls.node)) {
      return cls.node.members.find(
        (member) => ts.isMethodDeclaration(member) && member.name.getText(view.sourceFile) === value.name.text,
      );
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
      const value = ts.isShorthandPropertyAssignment(property)
        ? property.name
        : ts.isPropertyAssignment(property)
          ? property.initializer
          : undefined;
      const fn = value && implementationFunction(view, value);
      if (fn) found.set(fn, name);
    }
  });
  grpcCache.set(view.sourceFile, handlers);
  return handlers;
}

/** The innermost gRPC method implementation around `node`, with its method name. */
export function enclosingGrpcHandler(
  view: ModuleView,
  node: ts.Node,
): { fn: FunctionLike; method: string } | undefined {
  const handlers = grpcHandlers(view);
  if (handlers.size === 0) return undefined;
  for (let current = node.parent; current; current = current.parent) {
    const method = isFunctionLike(current) ? handlers.get(current) : undefined;
    if (method !== undefined) return { fn: current as FunctionLike, method };
  }
  return undefined;
}
