/**
 * Where trace context has to be carried by hand. AsyncLocalStorage follows promises and timers, but not a message
 * that leaves the process or the thread (worker threads, child processes, cluster workers, message queues), nor a
 * listener on an emitter that someone else emits from. This module recognises those boundaries, the clients they
 * belong to (followed through variables, `await`, `this` fields, local modules and type annotations), whether the
 * project has instrumentation that propagates for that client, and whether code injects or extracts context.
 *
 * Over 400 lines: the boundary recognition (client origin → messaging object → boundary → covering instrumentation)
 * is one table-driven unit keyed by `MessagingClient`. The inject/extract checks and shared-emitter listeners at the
 * end could move to files of their own; the rules import them from here, so that waits for a change to rules/.
 */
import { ts } from '../../compiler.js';
import {
  calleeName,
  calleeReceiver,
  enclosingFunction,
  isFunctionLike,
  unwrap,
  visitDescendants,
  type FunctionLike,
} from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf, type Origin } from '../modules/origin.js';
import { otelApiCall, spanOptionsArgument, spanStartKind } from '../otel/api.js';
import { calledFunction, functionValue } from '../modules/called-function.js';
import { handlersOfResultProperty, promisedRequest, sendingCall } from '../frameworks/received-messages.js';

/** What a value was built from: the package, and the constructor/function/method names applied, in order. */
export interface ClientOrigin {
  module: string;
  steps: string[];
}

const maxSteps = 6;

function typeReferenceOrigin(view: ModuleView, type: ts.TypeNode | undefined): ClientOrigin | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  const head = ts.isIdentifier(typeName) ? typeName : ts.isIdentifier(typeName.left) ? typeName.left : undefined;
  if (!head) return undefined;
  const declaration = declarationOf(view, head);
  const binding = declaration && importBindingOf(view, declaration);
  if (!binding || view.project.isLocalModule(view.path, binding.module)) return undefined;
  const name = ts.isIdentifier(typeName) ? binding.name : typeName.right.text;
  return { module: binding.module, steps: [name] };
}

/**
 * Follows a value back to a package import: `new Kafka(…).producer()` → kafkajs [Kafka, producer];
 * `await amqp.connect(url)` then `conn.createChannel()` → amqplib [connect, createChannel]; a parameter or field
 * annotated `Queue` from bullmq → bullmq [Queue].
 */
export function clientOrigin(view: ModuleView, expression: ts.Expression, depth = 0): ClientOrigin | undefined {
  if (depth > maxSteps) return undefined;
  let origin: Origin = originOf(view, expression);
  let node = origin.node;
  while (ts.isAwaitExpression(node)) {
    origin = originOf(origin.view, node.expression);
    node = origin.node;
  }
  if (origin.imported) {
    if (origin.view.project.isLocalModule(origin.view.path, origin.imported.module)) return undefined;
    return { module: origin.imported.module, steps: origin.imported.name === '*' ? [] : [origin.imported.name] };
  }
  if ((ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && node.type)
    return typeReferenceOrigin(origin.view, node.type);
  if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && ts.isCallExpression(node) && callee.text === 'require') return undefined;
    if (ts.isIdentifier(callee)) {
      const inner = clientOrigin(origin.view, callee, depth + 1);
      return inner && { module: inner.module, steps: inner.steps.length ? inner.steps : ['default'] };
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const inner = clientOrigin(origin.view, callee.expression, depth + 1);
      return inner && { module: inner.module, steps: [...inner.steps, callee.name.text] };
    }
  }
  if (ts.isPropertyAccessExpression(node)) {
    const inner = clientOrigin(origin.view, node.expression, depth + 1);
    return inner && { module: inner.module, steps: [...inner.steps, node.name.text] };
  }
  return undefined;
}

export type MessagingClient =
  'bullmq' | 'kafkajs' | 'amqplib' | 'sqs' | 'nats' | 'redis' | 'worker_threads' | 'child_process' | 'cluster';

const last = (origin: ClientOrigin) => origin.steps[origin.steps.length - 1];
const bare = (module: string) => module.replace(/^node:/, '');

/** Which messaging client (and which of its objects) a value is. */
export function messagingObject(
  view: ModuleView,
  expression: ts.Expression,
): { client: MessagingClient; role: string } | undefined {
  const origin = clientOrigin(view, expression);
  if (!origin) return undefined;
  const module = bare(origin.module);
  const tail = last(origin);
  switch (module) {
    case 'bullmq':
    case 'bull':
      if (tail === 'Queue' || (module === 'bull' && tail === 'default')) return { client: 'bullmq', role: 'queue' };
      if (tail === 'Worker') return { client: 'bullmq', role: 'worker' };
      return undefined;
    case 'kafkajs':
      if (tail === 'producer' || tail === 'Producer') return { client: 'kafkajs', role: 'producer' };
      if (tail === 'consumer' || tail === 'Consumer') return { client: 'kafkajs', role: 'consumer' };
      return undefined;
    case 'amqplib':
    case 'amqplib/callback_api':
      if (
        tail === 'createChannel' ||
        tail === 'createConfirmChannel' ||
        tail === 'Channel' ||
        tail === 'ConfirmChannel'
      )
        return { client: 'amqplib', role: 'channel' };
      return undefined;
    case 'nats':
    case '@nats-io/transport-node':
    case '@nats-io/nats-core':
      if (tail === 'connect' || tail === 'NatsConnection') return { client: 'nats', role: 'connection' };
      if (tail === 'subscribe' || tail === 'Subscription') return { client: 'nats', role: 'subscription' };
      return undefined;
    case '@aws-sdk/client-sqs':
    case 'aws-sdk':
    case 'aws-sdk/clients/sqs':
      // The aggregated v3 client and the v2 client have methods (`sqs.receiveMessage(…)`); `SQSClient` takes commands.
      if (tail === 'SQS' || (module === 'aws-sdk/clients/sqs' && tail === 'default'))
        return { client: 'sqs', role: 'client' };
      return undefined;
    case 'sqs-consumer':
      if (tail === 'Consumer') return { client: 'sqs', role: 'consumer-factory' };
      return undefined;
    case 'ioredis':
    case 'redis':
      if (
        tail === 'default' ||
        tail === 'Redis' ||
        tail === 'createClient' ||
        tail === 'duplicate' ||
        tail === 'RedisClientType'
      )
        return { client: 'redis', role: 'client' };
      return undefined;
    case 'worker_threads':
      if (tail === 'Worker') return { client: 'worker_threads', role: 'worker' };
      if (tail === 'parentPort') return { client: 'worker_threads', role: 'parent-port' };
      return undefined;
    case 'child_process':
      if (tail === 'fork') return { client: 'child_process', role: 'child' };
      return undefined;
    case 'cluster':
      if (tail === 'fork') return { client: 'cluster', role: 'child' };
      return undefined;
    default:
      return undefined;
  }
}

export interface Boundary {
  client: MessagingClient;
  /** 'send' for producers and cross-thread/process messages, 'receive' for consumer registrations. */
  direction: 'send' | 'receive';
  /** Where to report. */
  node: ts.Node;
  /** e.g. 'BullMQ `queue.add`'. */
  description: string;
  /**
   * For receive boundaries: what handles each message — a callback, or the body of a loop over received messages
   * (`for (const m of Messages)`, `for await (const m of subscription)`).
   */
  handlers?: ts.Node[];
}

function propertyFunction(
  view: ModuleView,
  object: ts.Expression | undefined,
  names: readonly string[],
): FunctionLike | undefined {
  if (!object) return undefined;
  const value = unwrap(object);
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  for (const property of value.properties) {
    if (!property.name || !names.includes(property.name.getText())) continue;
    if (ts.isMethodDeclaration(property)) return property;
    if (ts.isPropertyAssignment(property)) return functionValue(view, property.initializer);
  }
  return undefined;
}

function hasProperty(object: ts.Expression | undefined, name: string): boolean {
  if (!object) return false;
  const value = unwrap(object);
  return ts.isObjectLiteralExpression(value) && value.properties.some((property) => property.name?.getText() === name);
}

const listenerMethods = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
/** Every method `messagingBoundary` recognises on a messaging client (listeners aside). */
const boundaryMethods = new Set([
  'add',
  'addBulk',
  'send',
  'sendBatch',
  'run',
  'publish',
  'sendToQueue',
  'consume',
  'subscribe',
  'create',
  'sendMessage',
  'sendMessageBatch',
  'receiveMessage',
  'postMessage',
]);

/** Is this call or `new` a messaging boundary? */
export function messagingBoundary(view: ModuleView, node: ts.CallExpression | ts.NewExpression): Boundary | undefined {
  if (ts.isNewExpression(node)) {
    const constructed = clientOrigin(view, node.expression);
    if (!constructed) return undefined;
    const module = bare(constructed.module);
    const name = last(constructed);
    const args = node.arguments ?? [];
    if (module === 'worker_threads' && name === 'Worker' && hasProperty(args[1], 'workerData')) {
      return { client: 'worker_threads', direction: 'send', node, description: '`new Worker(…, { workerData })`' };
    }
    if (module === 'bullmq' && name === 'Worker') {
      const handler = functionValue(view, args[1]);
      return (
        handler && {
          client: 'bullmq',
          direction: 'receive',
          node,
          description: 'the BullMQ `Worker` processor',
          handlers: [handler],
        }
      );
    }
    if (module === '@aws-sdk/client-sqs' && (name === 'SendMessageCommand' || name === 'SendMessageBatchCommand')) {
      return { client: 'sqs', direction: 'send', node, description: `SQS \`${name}\`` };
    }
    if (module === '@aws-sdk/client-sqs' && name === 'ReceiveMessageCommand') {
      const send = sendingCall(node);
      const handlers = send ? handlersOfResultProperty(view, send, 'Messages') : [];
      return handlers.length
        ? {
            client: 'sqs',
            direction: 'receive',
            node,
            description: 'the loop over SQS `ReceiveMessageCommand` messages',
            handlers,
          }
        : undefined;
    }
    if (module === 'sqs-consumer' && name === 'Consumer') return sqsConsumer(view, node, args[0]);
    return undefined;
  }
  const method = calleeName(node);
  const receiver = calleeReceiver(node);
  // Following the receiver to its client is the costly part: only for the methods that cross a boundary below.
  if (!method || !receiver || !(boundaryMethods.has(method) || listenerMethods.has(method))) return undefined;
  const object = messagingObject(view, receiver);
  if (!object) return undefined;
  const at = node;
  switch (object.client) {
    case 'bullmq':
      if (object.role === 'queue' && (method === 'add' || method === 'addBulk'))
        return { client: 'bullmq', direction: 'send', node: at, description: `BullMQ \`queue.${method}\`` };
      return undefined;
    case 'kafkajs':
      if (object.role === 'producer' && (method === 'send' || method === 'sendBatch'))
        return { client: 'kafkajs', direction: 'send', node: at, description: `kafkajs \`producer.${method}\`` };
      if (object.role === 'consumer' && method === 'run') {
        const handler = propertyFunction(view, node.arguments[0], ['eachMessage', 'eachBatch']);
        return (
          handler && {
            client: 'kafkajs',
            direction: 'receive',
            node: at,
            description: 'the kafkajs `consumer.run` handler',
            handlers: [handler],
          }
        );
      }
      return undefined;
    case 'amqplib':
      if (method === 'publish' || method === 'sendToQueue')
        return { client: 'amqplib', direction: 'send', node: at, description: `amqplib \`channel.${method}\`` };
      if (method === 'consume') {
        const handler = functionValue(view, node.arguments[1]);
        return (
          handler && {
            client: 'amqplib',
            direction: 'receive',
            node: at,
            description: 'the amqplib `channel.consume` handler',
            handlers: [handler],
          }
        );
      }
      return undefined;
    case 'nats':
      if (object.role !== 'connection') return undefined;
      if (method === 'publish') return { client: 'nats', direction: 'send', node: at, description: 'NATS `publish`' };
      if (method === 'subscribe') {
        // `nc.subscribe(subject, { callback })`; without a callback the subscription is iterated (`messageLoopBoundary`).
        const handler = propertyFunction(view, node.arguments[1], ['callback']);
        return (
          handler && {
            client: 'nats',
            direction: 'receive',
            node: at,
            description: 'the NATS `subscribe` callback',
            handlers: [handler],
          }
        );
      }
      return undefined;
    case 'sqs':
      if (object.role === 'consumer-factory')
        return method === 'create' ? sqsConsumer(view, node, node.arguments[0]) : undefined;
      if (method === 'sendMessage' || method === 'sendMessageBatch')
        return { client: 'sqs', direction: 'send', node: at, description: `SQS \`${method}\`` };
      if (method === 'receiveMessage') {
        const handlers = handlersOfResultProperty(view, promisedRequest(node), 'Messages');
        return handlers.length
          ? {
              client: 'sqs',
              direction: 'receive',
              node: at,
              description: 'the loop over SQS `receiveMessage` messages',
              handlers,
            }
          : undefined;
      }
      return undefined;
    case 'redis':
      if (method === 'publish') return { client: 'redis', direction: 'send', node: at, description: 'Redis `publish`' };
      if (method === 'on' && stringArgument(node, 0) === 'message') {
        const handler = functionValue(view, node.arguments[1]);
        return (
          handler && {
            client: 'redis',
            direction: 'receive',
            node: at,
            description: "the Redis `on('message')` subscriber",
            handlers: [handler],
          }
        );
      }
      if (method === 'subscribe' && node.arguments.length >= 2) {
        const handler = functionValue(view, node.arguments[1]);
        return (
          handler && {
            client: 'redis',
            direction: 'receive',
            node: at,
            description: 'the Redis `subscribe` listener',
            handlers: [handler],
          }
        );
      }
      return undefined;
    case 'worker_threads':
      if (method === 'postMessage' && object.role === 'worker')
        return { client: 'worker_threads', direction: 'send', node: at, description: '`worker.postMessage`' };
      if (listenerMethods.has(method) && object.role === 'parent-port' && stringArgument(node, 0) === 'message') {
        const handler = functionValue(view, node.arguments[1]);
        return (
          handler && {
            client: 'worker_threads',
            direction: 'receive',
            node: at,
            description: "the worker's `parentPort.on('message')` handler",
            handlers: [handler],
          }
        );
      }
      return undefined;
    case 'child_process':
    case 'cluster':
      if (method === 'send')
        return {
          client: object.client,
          direction: 'send',
          node: at,
          description: `\`${object.client === 'cluster' ? 'cluster worker' : 'child'}.send\``,
        };
      return undefined;
  }
}

/** sqs-consumer: `Consumer.create({ queueUrl, handleMessage })` / `new Consumer({ … })`. */
function sqsConsumer(
  view: ModuleView,
  node: ts.CallExpression | ts.NewExpression,
  options: ts.Expression | undefined,
): Boundary | undefined {
  const handler = propertyFunction(view, options, ['handleMessage', 'handleMessageBatch']);
  return (
    handler && {
      client: 'sqs',
      direction: 'receive',
      node,
      description: 'the sqs-consumer `handleMessage` handler',
      handlers: [handler],
    }
  );
}

/**
 * `for await (const m of subscription)` over a NATS subscription (`nc.subscribe(subject)` without a callback). The
 * boundary is reported at the `subscribe` call when it is in this file, otherwise at the iterated expression.
 */
export function messageLoopBoundary(view: ModuleView, loop: ts.ForOfStatement): Boundary | undefined {
  if (!loop.awaitModifier) return undefined;
  const object = messagingObject(view, loop.expression);
  if (object?.client !== 'nats' || object.role !== 'subscription') return undefined;
  const created = originOf(view, loop.expression);
  const node = created.view === view && ts.isCallExpression(created.node) ? created.node : loop.expression;
  return {
    client: 'nats',
    direction: 'receive',
    node,
    description: 'the loop over a NATS subscription',
    handlers: [loop.statement],
  };
}

function stringArgument(call: ts.CallExpression, index: number): string | undefined {
  const argument = call.arguments[index];
  return argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
}

/** Instrumentation packages that inject and extract context for a client (from the nearest package.json). */
const propagatingInstrumentation: Partial<Record<MessagingClient, RegExp>> = {
  kafkajs:
    /^(@opentelemetry\/(auto-instrumentations-node|instrumentation-kafkajs)|opentelemetry-instrumentation-kafkajs)$/,
  amqplib: /^@opentelemetry\/(auto-instrumentations-node|instrumentation-amqplib)$/,
  sqs: /^@opentelemetry\/(auto-instrumentations-node|instrumentation-aws-sdk)$/,
  // No released OpenTelemetry instrumentation covers NATS (auto-instrumentations-node does not): only a dedicated one.
  nats: /^(@opentelemetry\/instrumentation-nats|opentelemetry-instrumentation-nats)$/,
  bullmq:
    /^(bullmq-otel|@appsignal\/opentelemetry-instrumentation-bullmq|@jenniferplusplus\/opentelemetry-instrumentation-bullmq|opentelemetry-instrumentation-bullmq)$/,
};

/** Does the project carry context across this client's messages without code (instrumentation, BullMQ telemetry)? */
export function propagatedByInstrumentation(view: ModuleView, boundary: Boundary): boolean {
  const pattern = propagatingInstrumentation[boundary.client];
  if (pattern && view.project.dependsOn(view.path, pattern)) return true;
  if (boundary.client === 'bullmq') {
    // `new Queue(name, { telemetry })` / `new Worker(name, fn, { telemetry })`: BullMQ propagates itself.
    if (ts.isNewExpression(boundary.node)) return hasProperty(boundary.node.arguments?.[2], 'telemetry');
    const receiver = calleeReceiver(boundary.node as ts.CallExpression);
    const created = receiver && originOf(view, receiver).node;
    if (created && ts.isNewExpression(created)) return hasProperty(created.arguments?.[1], 'telemetry');
  }
  return false;
}

function containsApiCall(
  view: ModuleView,
  node: ts.Node,
  member: string,
  method: string,
  helperNames: readonly string[],
  depth: number,
): boolean {
  let found = false;
  const inspect = (current: ts.Node): void | 'skip' => {
    if (found) return 'skip';
    if (!ts.isCallExpression(current)) return;
    const api = otelApiCall(view, current);
    if (api && api.member === member && api.method === method) {
      found = true;
      return 'skip';
    }
    const name = calleeName(current);
    if (name && helperNames.includes(name)) {
      found = true;
      return 'skip';
    }
    if (depth < 2) {
      const helper = calledFunction(view, current);
      if (helper?.fn.body && containsApiCall(helper.view, helper.fn.body, member, method, helperNames, depth + 1))
        found = true;
    }
  };
  visitDescendants(node, inspect);
  return found;
}

/** Does `propagation.inject` (or a configured/local helper that calls it) run in the functions around `node`? */
export function injectsAround(view: ModuleView, node: ts.Node, injectFunctions: readonly string[]): boolean {
  // The enclosing functions, innermost to outermost; module top level is another scope and does not count.
  for (let fn: ts.Node = enclosingFunction(node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    if (containsApiCall(view, fn, 'propagation', 'inject', injectFunctions, 0)) return true;
  }
  return false;
}

/**
 * Does the handler (a callback, or the body of a loop over received messages) extract context
 * (`propagation.extract`, directly, in a local helper it calls, or in a configured helper)?
 */
export function extractsIn(view: ModuleView, handler: ts.Node, extractFunctions: readonly string[]): boolean {
  return containsApiCall(view, handler, 'propagation', 'extract', extractFunctions, 0);
}

/** `{ root: true }` in a span's options: a deliberate new trace (the batch-consumer pattern with links), not a lost one. */
function explicitRoot(options: ts.Expression | undefined): boolean {
  if (!options) return false;
  const value = unwrap(options);
  return (
    ts.isObjectLiteralExpression(value) &&
    value.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        property.name.getText() === 'root' &&
        property.initializer.kind === ts.SyntaxKind.TrueKeyword,
    )
  );
}

/**
 * Span starts in the handler — or in helpers of the same module it calls, two levels deep — that take their parent
 * from the active context (no explicit context argument): the spans that become new roots when nothing extracted
 * the sender's context.
 */
export function implicitSpanStarts(
  view: ModuleView,
  handler: ts.Node,
  depth = 0,
  visited = new Set<ts.Node>(),
): ts.CallExpression[] {
  const starts: ts.CallExpression[] = [];
  visited.add(handler);
  visitDescendants(handler, (node) => {
    if (!ts.isCallExpression(node)) return;
    const kind = spanStartKind(view, node);
    if (!kind) {
      // `(msg) => processMessage(msg)`: a helper of this module called by the handler runs in the handler's context.
      const helper = depth < 2 ? calledFunction(view, node) : undefined;
      if (helper?.fn.body && helper.view.sourceFile === view.sourceFile && !visited.has(helper.fn))
        starts.push(...implicitSpanStarts(view, helper.fn, depth + 1, visited));
      return;
    }
    if (explicitRoot(spanOptionsArgument(kind, node))) return;
    if (kind === 'startSpan' && node.arguments.length < 3) starts.push(node);
    if (kind === 'startActiveSpan' && node.arguments.length < 4) starts.push(node);
  });
  return starts;
}

const logMethods = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log', 'verbose', 'child']);

/** Does this function start spans, read the active span, or log (work whose trace identity matters)? */
export function doesTracedWork(view: ModuleView, fn: FunctionLike): ts.Node | undefined {
  let found: ts.Node | undefined;
  visitDescendants(fn, (node) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(node)) return;
    if (spanStartKind(view, node)) found = node;
    const api = otelApiCall(view, node);
    if (api?.member === 'trace' && (api.method === 'getActiveSpan' || api.method === 'getSpan')) found = node;
    const method = calleeName(node);
    const receiver = calleeReceiver(node);
    if (method && receiver && logMethods.has(method) && /log/i.test(unwrap(receiver).getText().split('.').pop() ?? ''))
      found = node;
  });
  return found;
}

/**
 * `emitter.on(event, listener)` on an emitter that outlives the current request: a module-level or imported
 * emitter, `process`, or a `this` field. Listeners on such emitters run in the context of whoever calls `emit()`,
 * not of the code that registered them. Emitters created locally, parameters (the request and response, which
 * HTTP instrumentation binds) and anything obslint cannot trace back are not reported.
 */
export function sharedEmitterListener(
  view: ModuleView,
  call: ts.CallExpression,
): { emitter: ts.Expression; listener: FunctionLike } | undefined {
  const method = calleeName(call);
  const receiver = calleeReceiver(call);
  if (!method || !receiver || !listenerMethods.has(method) || call.arguments.length < 2) return undefined;
  const listener = unwrap(call.arguments[1]!);
  if (!isFunctionLike(listener)) return undefined;
  const emitter = unwrap(receiver);
  let shared = false;
  if (ts.isPropertyAccessExpression(emitter) && emitter.expression.kind === ts.SyntaxKind.ThisKeyword) shared = true;
  else if (ts.isIdentifier(emitter)) {
    const declaration = declarationOf(view, emitter);
    if (!declaration) shared = emitter.text === 'process';
    else if (!ts.isParameter(declaration) && !ts.isBindingElement(declaration))
      shared = ts.isSourceFile(enclosingFunction(declaration));
    else if (ts.isBindingElement(declaration))
      shared = ts.isSourceFile(enclosingFunction(declaration)) && !!importBindingOf(view, declaration);
  }
  if (!shared) return undefined;
  if (emitterIsBound(view, emitter)) return undefined;
  return { emitter, listener };
}

/** `context.bind(ctx, emitter)` anywhere in the file binds every listener added afterwards. */
function emitterIsBound(view: ModuleView, emitter: ts.Expression): boolean {
  const text = emitter.getText();
  let bound = false;
  visitDescendants(view.sourceFile, (node) => {
    if (bound) return 'skip';
    if (!ts.isCallExpression(node)) return;
    const api = otelApiCall(view, node);
    if (
      api?.member === 'context' &&
      api.method === 'bind' &&
      node.arguments[1] &&
      unwrap(node.arguments[1]).getText() === text
    )
      bound = true;
  });
  return bound;
}
