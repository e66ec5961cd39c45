import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { calleeName, codeExcerpt, unwrap } from '../src/analysis/syntax/ast.js';
import { spanDisplayName } from '../src/analysis/spans/live-span.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import {
  doesTracedWork,
  extractsIn,
  implicitSpanStarts,
  injectsAround,
  messageLoopBoundary,
  messagingBoundary,
  propagatedByInstrumentation,
  sharedEmitterListener,
  type Boundary,
} from '../src/analysis/context/propagation.js';
import { otelApiCall } from '../src/analysis/otel/api.js';
import { untracedChildLaunch } from '../src/analysis/context/child-process-env.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  injectFunctions: string[];
  extractFunctions: string[];
  checkListeners: boolean;
}

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  sendWithoutContext: (boundary: string, where: string) =>
    `${boundary} ${where} sends a message without the trace context. Trace context does not travel with the ` +
    'message by itself (AsyncLocalStorage stops at the thread/process/broker boundary): the receiving side starts a ' +
    "new root trace, and the request's trace ends here with no sign of the work it caused.",
  /** `carrier` is one of the `…Carrier` texts, `alternative` one of the `…Alternative` ones or ''. */
  sendHelp: (carrier: string, alternative: string) =>
    `Inject the current context into ${carrier}: ` +
    '`const carrier = {}; propagation.inject(context.active(), carrier);` and send `carrier` along; on the ' +
    `receiving side \`propagation.extract(ROOT_CONTEXT, carrier)\` and start spans in that context.${alternative}`,
  bullmqCarrier: 'the job data (e.g. `data.otel`)',
  kafkajsCarrier: 'the message `headers`',
  amqplibCarrier: 'the message `headers` option',
  sqsCarrier: '`MessageAttributes`',
  natsCarrier: 'the message headers (`headers()` from nats, passed as `{ headers }`)',
  payloadCarrier: 'the message payload',
  instrumentationAlternative:
    ' Alternatively install the OpenTelemetry instrumentation for this client (it propagates automatically).',
  bullmqAlternative: " Alternatively enable BullMQ's `telemetry` option.",
  receiveWithoutContext: (consumer: string, span: string) =>
    `${consumer} starts span ${span} without extracting the sender's trace context, so the spans for its messages ` +
    'are disconnected from the trace that sent them: each begins a new root trace (or joins whatever trace happens ' +
    'to be active around the consumer).',
  receiveHelp:
    'Extract the context the sender injected and start the span in it: ' +
    '`const parent = propagation.extract(ROOT_CONTEXT, carrier); ' +
    'tracer.startActiveSpan(name, {}, parent, (span) => …)` (or use instrumentation for this client that does it).',
  newRoot: 'this span becomes a new root',
  childWithoutContext: (api: string, where: string, child: string) =>
    `\`${api}\` ${where} starts ${child}, but the \`env\` carries no trace context (no \`TRACEPARENT\`). A child ` +
    "process does not inherit the parent's active context: its spans start a new root trace, and this trace ends at " +
    'the launch with no sign of the work the child did.',
  childHelp:
    "Inject the context into the child's environment (the OpenTelemetry environment-carrier convention): " +
    '`const carrier: Record<string, string> = {}; propagation.inject(context.active(), carrier);` then ' +
    '`env: { ...process.env, TRACEPARENT: carrier.traceparent, TRACESTATE: carrier.tracestate }`; in the child, ' +
    '`propagation.extract(ROOT_CONTEXT, { traceparent: process.env.TRACEPARENT, ' +
    'tracestate: process.env.TRACESTATE })` and start its spans in that context.',
  /** `work` is one of the `listener…` texts. */
  listenerOutOfContext: (emitter: string, where: string, work: string) =>
    `This listener on \`${emitter}\` is registered ${where} and ${work}, but it will run in the context of whoever ` +
    "calls `emit()` — not this request. Its spans and log lines land in another request's trace or in a new " +
    'root trace.',
  listenerUsesActiveSpan: 'uses the active span',
  listenerStartsSpan: 'starts a span',
  listenerLogs: 'logs',
  listenerHelp:
    'Bind the listener to the current context: `emitter.on(event, context.bind(context.active(), listener))`, ' +
    'or bind the emitter once with `context.bind(context.active(), emitter)`.',
} as const;

/** Why this code runs inside a trace (a request handler, an active-span callback, an open span), or undefined. */
const tracedScope = (file: FileAnalysis, node: ts.Node): string | undefined => traceScopeAt(file, node)?.description;

function sendHelp(boundary: Boundary): string {
  const carrier =
    boundary.client === 'bullmq'
      ? messages.bullmqCarrier
      : boundary.client === 'kafkajs'
        ? messages.kafkajsCarrier
        : boundary.client === 'amqplib'
          ? messages.amqplibCarrier
          : boundary.client === 'sqs'
            ? messages.sqsCarrier
            : boundary.client === 'nats'
              ? messages.natsCarrier
              : messages.payloadCarrier;
  const alternative =
    boundary.client === 'kafkajs' || boundary.client === 'amqplib' || boundary.client === 'sqs'
      ? messages.instrumentationAlternative
      : boundary.client === 'bullmq'
        ? messages.bullmqAlternative
        : '';
  return messages.sendHelp(carrier, alternative);
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-context-propagation',
    family: 'context',
    description:
      'Carry trace context across boundaries AsyncLocalStorage does not cross: worker threads, child processes, message queues and shared event emitters.',
    rationale:
      'In Node, context follows promises and timers automatically, but not messages to another thread, process or broker, nor listeners on an emitter someone else emits from. Without `propagation.inject`/`extract` (or instrumentation that does it), the receiving work starts a new, unconnected trace.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        injectFunctions: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Names of project helpers that inject the current trace context into an outgoing message (e.g. `withTraceHeaders`).',
        },
        extractFunctions: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Names of project helpers that extract the trace context from an incoming message (e.g. `contextFromJob`).',
        },
        checkListeners: {
          type: 'boolean',
          description:
            'Also report listeners registered in a request or span on shared (module-level, imported, `this`) emitters.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { injectFunctions: [], extractFunctions: [], checkListeners: true },
  },
  typescript(context) {
    const { file, options } = context;

    const reported = new Set<ts.Node>();

    const checkBoundary = (node: ts.CallExpression | ts.NewExpression | ts.ForOfStatement): boolean => {
      const boundary = ts.isForOfStatement(node) ? messageLoopBoundary(file, node) : messagingBoundary(file, node);
      if (!boundary) return false;
      if (propagatedByInstrumentation(file, boundary)) return true;
      if (boundary.direction === 'send') {
        const where = tracedScope(file, node);
        if (!where || injectsAround(file, node, options.injectFunctions)) return true;
        context.report({
          node: reportNode(boundary.node),
          message: messages.sendWithoutContext(boundary.description, where),
          help: sendHelp(boundary),
        });
        return true;
      }
      // The first handler that starts spans in the ambient context without extracting the sender's.
      const starts = (boundary.handlers ?? [])
        .filter((handler) => !extractsIn(file, handler, options.extractFunctions))
        .flatMap((handler) => implicitSpanStarts(file, handler));
      if (starts.length === 0) return true;
      const at = reportNode(boundary.node);
      if (reported.has(at)) return true;
      reported.add(at);
      context.report({
        node: at,
        message: messages.receiveWithoutContext(
          `${boundary.description[0]!.toUpperCase()}${boundary.description.slice(1)}`,
          spanDisplayName(starts[0]!),
        ),
        help: messages.receiveHelp,
        related: [{ node: starts[0]!, message: messages.newRoot }],
      });
      return true;
    };

    /** A child process whose `env` the code builds, for a traced (Node/OpenTelemetry-configured) child, without the context. */
    const checkChildLaunch = (call: ts.CallExpression): boolean => {
      const launch = untracedChildLaunch(file, call);
      if (!launch) return false;
      const where = tracedScope(file, call);
      if (!where || injectsAround(file, call, options.injectFunctions)) return true;
      context.report({
        node: reportNode(call),
        message: messages.childWithoutContext(launch.api, where, launch.child),
        help: messages.childHelp,
      });
      return true;
    };

    return {
      nodes: {
        [ts.SyntaxKind.NewExpression](node) {
          checkBoundary(node as ts.NewExpression);
        },
        [ts.SyntaxKind.ForOfStatement](node) {
          checkBoundary(node as ts.ForOfStatement);
        },
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          if (checkBoundary(call) || checkChildLaunch(call) || !options.checkListeners) return;
          const listener = sharedEmitterListener(file, call);
          if (!listener) return;
          const where = tracedScope(file, call);
          if (!where) return;
          const work = doesTracedWork(file, listener.listener);
          if (!work) return;
          const what =
            ts.isCallExpression(work) && otelApiCall(file, work)
              ? messages.listenerUsesActiveSpan
              : /^(start)/.test(calleeName(work as ts.CallExpression) ?? '')
                ? messages.listenerStartsSpan
                : messages.listenerLogs;
          context.report({
            node: reportNode(call),
            message: messages.listenerOutOfContext(codeExcerpt(listener.emitter), where, what),
            help: messages.listenerHelp,
          });
        },
      },
    };
  },
});

/** The callee of a call (`queue.add`) or the `new X` of a construction: precise and short. */
function reportNode(node: ts.Node): ts.Node {
  return ts.isCallExpression(node) ? unwrap(node.expression) : node;
}
