import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { isFunctionLike, unwrap } from '../src/analysis/syntax/ast.js';
import { originOf } from '../src/analysis/modules/origin.js';
import {
  otelApiCall,
  otelApiMember,
  otelApiModule,
  spanContextArgument,
  spanOptionsArgument,
  spanStartKind,
} from '../src/analysis/otel/api.js';
import { spanDisplayName } from '../src/analysis/spans/live-span.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  allowIn: string[];
}

/** Everything this rule says: messages and help. */
const messages = {
  /** `what` is one of the `started…` / `contextRuns` texts, `where` says which trace the code is in (`traceScopeAt`). */
  newTrace: (what: string, where: string) =>
    `${what} ${where}. Everything started from it becomes a new, separate trace: the request's trace loses this ` +
    'work, and the new trace has no link back to the request that caused it.',
  newTraceHelp:
    'Drop the root context so the work joins the current trace (`context.active()` is the default). If a separate ' +
    'trace is really wanted, keep `root: true` but add `links: [{ context: trace.getActiveSpan()?.spanContext() }]` ' +
    'so the two traces stay connected, or list the function in `allowIn`.',
  /** `context` is `rootContext` or `deletedSpanContext`. */
  startedFrom: (span: string, context: string) => `Span ${span} is started from ${context}`,
  startedAsRoot: (span: string) => `Span ${span} is started with \`root: true\``,
  contextRuns: (method: string, context: string) => `\`context.${method}\` runs code in ${context}`,
  rootContext: '`ROOT_CONTEXT`',
  deletedSpanContext: 'a context with its span deleted',
} as const;

/** `ROOT_CONTEXT` (imported, `api.ROOT_CONTEXT`, through a `const`) or `trace.deleteSpan(…)`: a context with no span. */
function rootContextKind(file: FileAnalysis, expression: ts.Expression): 'ROOT_CONTEXT' | 'deleteSpan' | undefined {
  const origin = originOf(file, expression);
  if (origin.imported?.module === otelApiModule && origin.imported.name === 'ROOT_CONTEXT') return 'ROOT_CONTEXT';
  const node = origin.node;
  if (
    (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isIdentifier(node)) &&
    otelApiMember(origin.view, node as ts.Expression) === 'ROOT_CONTEXT'
  )
    return 'ROOT_CONTEXT';
  if (ts.isCallExpression(node)) {
    const api = otelApiCall(origin.view, node);
    if (api?.member === 'trace' && api.method === 'deleteSpan') return 'deleteSpan';
  }
  return undefined;
}

/** Names a function goes by: its declared name, a method name, or the variable/property it is assigned to. */
function functionNames(fn: ts.Node): string[] {
  const names: string[] = [];
  const named = fn as { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name))) names.push(named.name.text);
  const parent = fn.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  )
    names.push(parent.name.text);
  return names;
}

/** Why this code runs inside a trace, in words (see `traceScopeAt`: a live span, a `startActiveSpan` callback, a request, gRPC or NestJS handler). */
function tracedScope(file: FileAnalysis, node: ts.Node): string | undefined {
  return traceScopeAt(file, node)?.description;
}

export default defineCodeRule<Options>({
  meta: {
    id: 'no-root-context',
    family: 'context',
    description:
      'Do not start spans from `ROOT_CONTEXT`, `{ root: true }` or `trace.deleteSpan(…)` inside a request or a span.',
    rationale:
      "This is the JavaScript spelling of Go's `context.Background()` in a request: the work is cut out of the request's trace and starts a new trace of its own, with nothing linking the two.",
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        allowIn: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Names of functions (or methods) where starting a new trace is deliberate, e.g. background job launchers.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowIn: [] },
  },
  typescript(context) {
    const { file, options } = context;

    const allowed = (node: ts.Node): boolean => {
      if (options.allowIn.length === 0) return false;
      for (let current = node.parent; current; current = current.parent) {
        if (isFunctionLike(current) && functionNames(current).some((name) => options.allowIn.includes(name)))
          return true;
      }
      return false;
    };

    const report = (node: ts.Node, what: string, where: string) => {
      context.report({
        node,
        message: messages.newTrace(what, where),
        help: messages.newTraceHelp,
      });
    };

    const contextText = (rootKind: 'ROOT_CONTEXT' | 'deleteSpan'): string =>
      rootKind === 'ROOT_CONTEXT' ? messages.rootContext : messages.deletedSpanContext;

    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const kind = spanStartKind(file, call);
          if (kind) {
            const parent = spanContextArgument(kind, call);
            const rootKind = parent && rootContextKind(file, parent);
            if (parent && rootKind) {
              const where = tracedScope(file, call);
              if (where && !allowed(call))
                report(parent, messages.startedFrom(spanDisplayName(call), contextText(rootKind)), where);
              return;
            }
            const optionsArgument = spanOptionsArgument(kind, call);
            const literal = optionsArgument && unwrap(optionsArgument);
            if (!literal || !ts.isObjectLiteralExpression(literal)) return;
            const root = literal.properties.find(
              (property) =>
                ts.isPropertyAssignment(property) &&
                property.name.getText() === 'root' &&
                property.initializer.kind === ts.SyntaxKind.TrueKeyword,
            );
            // A root span that links back to the current one is the recommended way to detach deliberately.
            const linked = literal.properties.some((property) => property.name?.getText() === 'links');
            if (!root || linked) return;
            const where = tracedScope(file, call);
            if (where && !allowed(call)) report(root, messages.startedAsRoot(spanDisplayName(call)), where);
            return;
          }
          const api = otelApiCall(file, call);
          if (api?.member === 'context' && (api.method === 'with' || api.method === 'bind')) {
            const target = call.arguments[0];
            const rootKind = target && rootContextKind(file, target);
            if (!target || !rootKind) return;
            const where = tracedScope(file, call);
            if (where && !allowed(call)) report(target, messages.contextRuns(api.method, contextText(rootKind)), where);
          }
        },
      },
    };
  },
});
