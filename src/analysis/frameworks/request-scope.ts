/**
 * Is this code handling a request (Express, Fastify, Koa, Hono, NestJS, `http.createServer`)? Start-up code, CLIs
 * and module top level are not — there is no request trace to join or to lose there.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, isFunctionLike, skipWrappersUp, type FunctionLike } from '../syntax/ast.js';

/** Methods that register a route or middleware (`app.get('/x', handler)`, `router.use(…)`). */
export const routeMethods = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'options',
  'head',
  'route',
]);
/** Methods that register an event listener. */
export const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener']);
/**
 * Server events whose listeners handle a request that HTTP instrumentation traces (`'listening'`, `'error'` are
 * start-up; `'upgrade'` and `'connect'` hand over a raw socket with no span around it).
 */
const requestEvents = new Set(['request', 'stream', 'checkContinue', 'checkExpectation']);
const serverFactories = new Set(['createServer', 'createSecureServer']);
const requestNames = /^(req|request)$/i;
const responseNames = /^(res|response|reply|rep)$/i;
const requestTypes =
  /^(Request|IncomingMessage|FastifyRequest|Context|ParameterizedContext|HonoRequest|ExpressRequest|Http2ServerRequest)$/;
const nestRouteDecorators = new Set([
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'All',
  'Options',
  'Head',
  'MessagePattern',
  'EventPattern',
  'GrpcMethod',
  'Query',
  'Mutation',
  'Subscription',
  'Resolver',
]);

function parameterName(fn: FunctionLike, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

function parameterTypeName(parameter: ts.ParameterDeclaration): string | undefined {
  const type = parameter.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  return ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
}

/** `request?: Request`, `request: Request = defaultRequest`: the function also runs without a request. */
function isOptional(parameter: ts.ParameterDeclaration): boolean {
  return !!parameter.questionToken || !!parameter.initializer;
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((decorator) => {
    const expression = decorator.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  });
}

/** Does this function, by its own shape or by where it is registered, handle an incoming request? */
export function isRequestHandler(fn: FunctionLike): boolean {
  const first = parameterName(fn, 0);
  const second = parameterName(fn, 1);
  // (req, res[, next]) / (request, reply)
  if (first && second && requestNames.test(first) && responseNames.test(second)) return true;
  // Koa: (ctx, next); a typed request parameter anywhere in the list.
  if (first === 'ctx' && second === 'next') return true;
  // An optional request (`logError(error, request?: Request)`) is a helper that may run without one: not a handler.
  if (
    fn.parameters.some((parameter) => !isOptional(parameter) && requestTypes.test(parameterTypeName(parameter) ?? ''))
  )
    return true;
  // NestJS controller methods.
  if (ts.isMethodDeclaration(fn) && decoratorNames(fn).some((name) => nestRouteDecorators.has(name))) return true;
  // Registered as a route handler or server callback: app.get('/x', fn), router.use(fn), http.createServer(fn).
  const { node, parent } = skipWrappersUp(fn);
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const name = calleeName(parent);
    if (name && serverFactories.has(name)) return true;
    if (name && listenerMethods.has(name)) {
      const event = parent.arguments[0];
      return !!event && ts.isStringLiteralLike(event) && requestEvents.has(event.text);
    }
    const receiver = calleeReceiver(parent);
    if (
      name &&
      routeMethods.has(name) &&
      receiver &&
      /^(app|router|server|api|routes?|fastify|hono|instance|r)$/i.test(receiver.getText().split('.').pop() ?? '')
    ) {
      const firstArgument = parent.arguments[0];
      // `app.get('setting')` reads a setting; route registrations pass a path or a handler.
      return (
        !!firstArgument &&
        (ts.isStringLiteralLike(firstArgument) ||
          ts.isTemplateExpression(firstArgument) ||
          isFunctionLike(firstArgument) ||
          parent.arguments.length > 1)
      );
    }
  }
  return false;
}

/** The innermost enclosing function that handles a request, if any (nested callbacks inside a handler count). */
export function enclosingRequestHandler(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && isRequestHandler(current)) return current;
  }
  return undefined;
}
