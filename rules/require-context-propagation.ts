import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { calleeName, unwrap } from '../src/analysis/ast.js';
import { enclosingActiveSpanCallback, enclosingRequestHandler } from '../src/analysis/request-scope.js';
import { liveSpansAt, spanDisplayName } from '../src/analysis/live-span.js';
import {
  doesTracedWork,
  extractsIn,
  implicitSpanStarts,
  injectsAround,
  messagingBoundary,
  propagatedByInstrumentation,
  sharedEmitterListener,
  type Boundary,
} from '../src/analysis/propagation.js';
import { otelApiCall } from '../src/analysis/otel.js';
import type { FileAnalysis } from '../src/analysis/file-analysis.js';

interface Options {
  injectFunctions: string[];
  extractFunctions: string[];
  checkListeners: boolean;
}

/** Why this code runs inside a trace (request handler, active-span callback, live span), or undefined. */
function tracedScope(file: FileAnalysis, node: ts.Node): string | undefined {
  if (enclosingRequestHandler(node)) return 'in a request handler';
  const active = enclosingActiveSpanCallback(file, node);
  if (active) return `inside span ${spanDisplayName(active.call)}`;
  const live = liveSpansAt(file, node)[0];
  if (live) return `while span ${spanDisplayName(live.start)} is open`;
  return undefined;
}

const sendConsequence =
  'Trace context does not travel with the message by itself (AsyncLocalStorage stops at the thread/process/broker boundary): the receiving side starts a new root trace, and the request\'s trace ends here with no sign of the work it caused.';

function sendHelp(boundary: Boundary): string {
  const carrier =
    boundary.client === 'bullmq'
      ? 'the job data (e.g. `data.otel`)'
      : boundary.client === 'kafkajs'
        ? 'the message `headers`'
        : boundary.client === 'amqplib'
          ? 'the message `headers` option'
          : boundary.client === 'sqs'
            ? '`MessageAttributes`'
            : 'the message payload';
  const instrumentation =
    boundary.client === 'kafkajs' || boundary.client === 'amqplib' || boundary.client === 'sqs'
      ? ' Alternatively install the OpenTelemetry instrumentation for this client (it propagates automatically).'
      : boundary.client === 'bullmq'
        ? " Alternatively enable BullMQ's `telemetry` option."
        : '';
  return `Inject the current context into ${carrier}: \`const carrier = {}; propagation.inject(context.active(), carrier);\` and send \`carrier\` along; on the receiving side \`propagation.extract(ROOT_CONTEXT, carrier)\` and start spans in that context.${instrumentation}`;
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-context-propagation',
    family: 'context',
    description: 'Carry trace context across boundaries AsyncLocalStorage does not cross: worker threads, child processes, message queues and shared event emitters.',
    rationale:
      'In Node, context follows promises and timers automatically, but not messages to another thread, process or broker, nor listeners on an emitter someone else emits from. Without `propagation.inject`/`extract` (or instrumentation that does it), the receiving work starts a new, unconnected trace.',
    defaultSeverity: 'warn',
    recommended: true,
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        injectFunctions: {
          type: 'array',
          items: { type: 'string' },
          description: 'Names of project helpers that inject the current trace context into an outgoing message (e.g. `withTraceHeaders`).',
        },
        extractFunctions: {
          type: 'array',
          items: { type: 'string' },
          description: 'Names of project helpers that extract the trace context from an incoming message (e.g. `contextFromJob`).',
        },
        checkListeners: {
          type: 'boolean',
          description: 'Also report listeners registered in a request or span on shared (module-level, imported, `this`) emitters.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { injectFunctions: [], extractFunctions: [], checkListeners: true },
  },
  create(context) {
    const { file, options } = context;

    const checkBoundary = (node: ts.CallExpression | ts.NewExpression): boolean => {
      const boundary = messagingBoundary(file, node);
      if (!boundary) return false;
      if (propagatedByInstrumentation(file, boundary)) return true;
      if (boundary.direction === 'send') {
        const where = tracedScope(file, node);
        if (!where || injectsAround(file, node, options.injectFunctions)) return true;
        context.report({
          node: reportNode(node),
          message: `${boundary.description} ${where} sends a message without the trace context. ${sendConsequence}`,
          help: sendHelp(boundary),
        });
        return true;
      }
      const handler = boundary.handler!;
      const starts = implicitSpanStarts(file, handler);
      if (starts.length === 0 || extractsIn(file, handler, options.extractFunctions)) return true;
      context.report({
        node: reportNode(node),
        message: `${boundary.description[0]!.toUpperCase()}${boundary.description.slice(1)} starts span ${spanDisplayName(starts[0]!)} without extracting the sender's trace context, so every message it handles begins a new root trace, disconnected from the trace that sent it.`,
        help: 'Extract the context the sender injected and start the span in it: `const parent = propagation.extract(ROOT_CONTEXT, carrier); tracer.startActiveSpan(name, {}, parent, (span) => …)` (or use instrumentation for this client that does it).',
        related: [{ node: starts[0]!, message: 'this span becomes a new root' }],
      });
      return true;
    };

    return {
      nodes: {
        [ts.SyntaxKind.NewExpression](node) {
          checkBoundary(node as ts.NewExpression);
        },
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          if (checkBoundary(call) || !options.checkListeners) return;
          const listener = sharedEmitterListener(file, call);
          if (!listener) return;
          const where = tracedScope(file, call);
          if (!where) return;
          const work = doesTracedWork(file, listener.listener);
          if (!work) return;
          const what = ts.isCallExpression(work) && otelApiCall(file, work) ? 'uses the active span' : /^(start)/.test(calleeName(work as ts.CallExpression) ?? '') ? 'starts a span' : 'logs';
          context.report({
            node: reportNode(call),
            message: `This listener on \`${listener.emitter.getText().slice(0, 40)}\` is registered ${where} and ${what}, but it will run in the context of whoever calls \`emit()\` — not this request. Its spans and log lines land in another request's trace or in a new root trace.`,
            help: 'Bind the listener to the current context: `emitter.on(event, context.bind(context.active(), listener))`, or bind the emitter once with `context.bind(context.active(), emitter)`.',
          });
        },
      },
    };
  },
});

/** The callee of a call (`queue.add`) or the `new X` of a construction: precise and short. */
function reportNode(node: ts.CallExpression | ts.NewExpression): ts.Node {
  return ts.isCallExpression(node) ? unwrap(node.expression) : node;
}
