/**
 * Do a logger's records carry trace context (`trace_id`, `span_id`), so that a log line can be joined to the trace
 * it was written in? Decided per logger instance (see `loggers.ts` for what an instance is):
 *
 * - by instrumentation: the package depends on, registers or preloads `@opentelemetry/instrumentation-pino` /
 *   `-winston` / `-bunyan` or `@opentelemetry/auto-instrumentations-node` (or is one), and the logger is that
 *   library's; an agent or distribution that may inject ids makes the verdict unknown (`log-injection.ts`);
 * - by construction: a pino `mixin` / `formatters.log` / `hooks.logMethod`, or a winston `format`, that reads the
 *   active span; a child logger bound with trace fields; a project wrapper or factory that does one of these, or
 *   whose methods read the active span's trace id themselves;
 * - per call: the call itself passes trace fields or the trace id (`logCarriesTraceFields`).
 *
 * Three-valued on purpose: 'unknown' (a mixin we cannot read, an injected logger, another APM agent that injects
 * its own ids) means rules stay silent.
 */
import { ts } from '../../compiler.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { calleeName, calleeReceiver, isFunctionLike, unwrap, visitDescendants } from '../syntax/ast.js';
import { packageInjections, type Injection } from './log-injection.js';
import { logCallOf, type LoggerInstance, type LoggerLibrary } from './loggers.js';
import { carriesTraceFields, isTraceField, logCarriesTraceFields, propertyKey } from './trace-fields.js';

export type CorrelationVerdict = 'correlated' | 'uncorrelated' | 'unknown';

export interface Correlation {
  verdict: CorrelationVerdict;
  /** Why, phrased to complete "This logger …" (e.g. "has no `mixin` that reads the active span"). */
  reason: string;
  /** Where the deciding logger is created, when visible. */
  site?: { view: ModuleView; node: ts.Node };
}

export interface CorrelationOptions {
  /** Field names that carry trace context; compared ignoring case and `_` `-` `.` (see `isTraceField`). */
  traceFields: readonly string[];
}

export const defaultTraceFields = ['trace_id', 'span_id'];

/** The OpenTelemetry instrumentation that injects trace context into each library's records. */
export const logInstrumentations: Partial<Record<LoggerLibrary, string>> = {
  pino: '@opentelemetry/instrumentation-pino',
  winston: '@opentelemetry/instrumentation-winston',
  bunyan: '@opentelemetry/instrumentation-bunyan',
};
export const autoInstrumentations = '@opentelemetry/auto-instrumentations-node';

/** Packages that replace Nest's default logger with pino/winston (so what Nest's `Logger` writes is theirs). */
const nestBridges =
  /^(nestjs-pino|nest-winston|nestjs-winston|@ntegral\/nestjs-|nest-bunyan|nestjs-bunyan|@nestjs-pino)|nest.*log|log.*nest/i;

/** Readers of the active span: a function mentioning one of these builds trace context. */
const spanReaders = new Set(['getActiveSpan', 'getSpan', 'getSpanContext', 'spanContext', 'getActiveSpanContext']);
/** Calls a mixin/format may make without making its verdict unknown. */
const inertReceivers = new Set(['Date', 'Math', 'JSON', 'Object', 'Array', 'Number', 'String', 'process', 'os']);
const inertFunctions = new Set(['String', 'Number', 'Boolean', 'toISOString', 'toString', 'now', 'hostname', 'assign']);
const winstonBuiltinFormats = new Set([
  'json',
  'timestamp',
  'errors',
  'simple',
  'colorize',
  'splat',
  'label',
  'metadata',
  'prettyPrint',
  'logstash',
  'align',
  'cli',
  'ms',
  'padLevels',
  'uncolorize',
]);

type Reads = 'yes' | 'no' | 'unknown';

/**
 * Does this function (a mixin, formatter, format transform) read the active span or build trace fields?
 * Local helpers it calls are followed; a call obslint cannot see into makes the answer 'unknown'.
 */
export function readsTraceContext(
  view: ModuleView,
  expression: ts.Node,
  options: CorrelationOptions,
  depth = 0,
): Reads {
  let fn: ts.Node | undefined = expression;
  let fnView = view;
  if (!isFunctionLike(fn) && ts.isExpression(fn)) {
    const origin = originOf(view, fn);
    fn = origin.node;
    fnView = origin.view;
    if (ts.isVariableDeclaration(fn) && fn.initializer) fn = unwrap(fn.initializer);
  }
  if (!isFunctionLike(fn) || !fn.body || depth > 3) return 'unknown';
  let verdict: Reads = 'no';
  visitDescendants(fn.body, (node) => {
    if (verdict === 'yes') return 'skip';
    if (ts.isIdentifier(node) && spanReaders.has(node.text)) verdict = 'yes';
    else if (
      (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) &&
      isTraceField(propertyKey(node) ?? '', options.traceFields)
    )
      verdict = 'yes';
    else if (ts.isCallExpression(node)) {
      const inner = callVerdict(fnView, node, options, depth);
      if (inner === 'yes') verdict = 'yes';
      else if (inner === 'unknown') verdict = 'unknown';
    }
    return undefined;
  });
  return verdict;
}

function callVerdict(view: ModuleView, call: ts.CallExpression, options: CorrelationOptions, depth: number): Reads {
  const callee = unwrap(call.expression);
  const name = calleeName(call);
  if (name && spanReaders.has(name)) return 'yes';
  const receiver = calleeReceiver(call);
  if (receiver && ts.isIdentifier(unwrap(receiver)) && inertReceivers.has((unwrap(receiver) as ts.Identifier).text))
    return 'no';
  if (name && inertFunctions.has(name)) return 'no';
  if (ts.isIdentifier(callee)) {
    const origin = originOf(view, callee);
    if (isFunctionLike(origin.node)) return readsTraceContext(origin.view, origin.node, options, depth + 1);
  }
  return 'unknown';
}

function objectLiteralOf(
  view: ModuleView,
  expression: ts.Expression | undefined,
): { view: ModuleView; object: ts.ObjectLiteralExpression } | undefined {
  if (!expression) return undefined;
  const origin = originOf(view, expression);
  if (ts.isObjectLiteralExpression(origin.node)) return { view: origin.view, object: origin.node };
  return undefined;
}

/** The value of `key` in an object literal: the initializer, the method, or the shorthand identifier. */
function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Node | undefined {
  for (const property of object.properties) {
    if (propertyKey(property) !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    if (ts.isMethodDeclaration(property)) return property;
  }
  return undefined;
}

function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some(ts.isSpreadAssignment);
}

function merge(verdicts: Reads[]): Reads {
  if (verdicts.includes('yes')) return 'yes';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'no';
}

/** `pino(options?, destination?)`: a mixin, `formatters.log` or `hooks.logMethod` that reads the active span. */
function pinoConstruction(
  view: ModuleView,
  call: ts.CallExpression | ts.NewExpression,
  options: CorrelationOptions,
): Reads {
  const first = call.arguments?.[0];
  if (!first) return 'no';
  const literal = objectLiteralOf(view, first);
  if (!literal) {
    const value = unwrap(first);
    const looksLikeDestination =
      (ts.isCallExpression(value) && /^(destination|transport|multistream)$/.test(calleeName(value) ?? '')) ||
      /^process\.std(out|err)$/.test(value.getText());
    return looksLikeDestination ? 'no' : 'unknown';
  }
  const { object } = literal;
  const hooks: ts.Node[] = [];
  const mixin = propertyValue(object, 'mixin');
  if (mixin) hooks.push(mixin);
  for (const [group, key] of [
    ['formatters', 'log'],
    ['hooks', 'logMethod'],
  ] as const) {
    const nested = propertyValue(object, group);
    if (!nested) continue;
    const inner = ts.isExpression(nested) ? objectLiteralOf(literal.view, nested) : undefined;
    if (!inner) return 'unknown';
    if (hasSpread(inner.object)) return 'unknown';
    const value = propertyValue(inner.object, key);
    if (value) hooks.push(value);
  }
  const verdict = merge(hooks.map((hook) => readsTraceContext(literal.view, hook, options)));
  if (verdict === 'no' && hasSpread(object)) return 'unknown';
  return verdict;
}

/** A winston format expression: `combine(timestamp(), addTrace(), json())`, `format((info) => …)()`. */
function winstonFormat(view: ModuleView, expression: ts.Expression, options: CorrelationOptions, depth = 0): Reads {
  if (depth > 4) return 'unknown';
  const origin = originOf(view, expression);
  const node = origin.node;
  if (!ts.isCallExpression(node)) return 'unknown';
  const callee = unwrap(node.expression);
  // format(transform)(opts): a custom format instance.
  if (ts.isCallExpression(callee))
    return calleeName(callee) === 'format' && callee.arguments[0]
      ? readsTraceContext(origin.view, callee.arguments[0], options)
      : 'unknown';
  const name = calleeName(node);
  if (name === 'combine')
    return merge(node.arguments.map((argument) => winstonFormat(origin.view, argument, options, depth + 1)));
  if (name === 'printf') return node.arguments[0] ? readsTraceContext(origin.view, node.arguments[0], options) : 'no';
  if (name === 'format' && node.arguments[0]) return readsTraceContext(origin.view, node.arguments[0], options);
  if (name && winstonBuiltinFormats.has(name)) return 'no';
  // addTraceContext() where `const addTraceContext = format((info) => …)`.
  if (ts.isIdentifier(callee)) {
    const factory = originOf(origin.view, callee);
    if (ts.isCallExpression(factory.node) && calleeName(factory.node) === 'format' && factory.node.arguments[0])
      return readsTraceContext(factory.view, factory.node.arguments[0], options);
  }
  return 'unknown';
}

function winstonConstruction(
  view: ModuleView,
  call: ts.CallExpression | ts.NewExpression,
  options: CorrelationOptions,
): Reads {
  const literal = objectLiteralOf(view, call.arguments?.[0]);
  if (!literal) return call.arguments?.length ? 'unknown' : 'no';
  const format = propertyValue(literal.object, 'format');
  if (!format || !ts.isExpression(format)) return hasSpread(literal.object) ? 'unknown' : 'no';
  return winstonFormat(literal.view, format, options);
}

/**
 * What injects trace context into this library's records in the packages of `views`: an OpenTelemetry log
 * instrumentation first, else an agent that may.
 */
function instrumentation(views: readonly ModuleView[], library: LoggerLibrary): Injection | undefined {
  const found = views
    .map((view) => packageInjections(view).get(library))
    .filter((injection) => injection !== undefined);
  return found.find((injection) => injection.otel) ?? found[0];
}

const correlated = (reason: string, site?: Correlation['site']): Correlation => ({
  verdict: 'correlated',
  reason,
  site,
});
const uncorrelated = (reason: string, site?: Correlation['site']): Correlation => ({
  verdict: 'uncorrelated',
  reason,
  site,
});
const unknown = (reason: string): Correlation => ({ verdict: 'unknown', reason });

/**
 * Do records written through this logger carry trace context? `at` is the module of the log call: its
 * package.json counts as much as the one next to where the logger is created.
 */
export function correlationOf(
  logger: LoggerInstance,
  at: ModuleView,
  options: CorrelationOptions,
  depth = 0,
): Correlation {
  const source = logger.source;
  if (source.kind === 'console') {
    const injected = instrumentation([at], 'console');
    if (injected?.otel)
      return correlated(`is recorded by ${injected.evidence}, whose log records carry the active trace`);
    if (injected) return unknown(`may carry trace context through ${injected.evidence}`);
    return uncorrelated(
      'writes plain text without trace ids, and obslint finds nothing in this package that records it with the ' +
        'trace: no `@opentelemetry/instrumentation-console` (registered, preloaded or as a dependency), no ' +
        'console-capturing agent, no patched `console`',
    );
  }
  if (source.kind === 'named') return unknown('is not recognisably pino, winston, bunyan, console or NestJS');
  if (depth > 6) return unknown('is built through too many layers');
  const views = source.view === at ? [at] : [at, source.view];
  const library = logger.library;
  if (!library) return unknown('is of an unknown library');

  if (source.kind === 'wrapper') {
    if (wrapperPassesTraceFields(source.view, source.wrapper, options))
      return correlated(`is a project wrapper that adds trace fields to every call`);
    if (wrapperReadsTraceId(source.wrapper, options))
      return correlated("is a project wrapper that adds the active span's trace id itself");
    const inner = correlationOf(source.delegate, source.view, options, depth + 1);
    return { ...inner, reason: `is a project wrapper around a ${library} logger that ${inner.reason}` };
  }

  if (library === 'log4js') return unknown('is a log4js logger, whose layouts and context are configured globally');

  if (library === 'nest') {
    // A bridge in a workspace package (a shared logging module wiring nestjs-pino) routes the app's logs too.
    const bridge = views.map((view) => view.project.usedPackage(view.path, nestBridges)).find(Boolean);
    if (bridge) return unknown(`is routed through \`${bridge}\``);
    if (source.kind === 'injected' && /LoggerService/.test(source.via))
      return unknown('is an injected `LoggerService`');
    return uncorrelated(
      "is NestJS's built-in logger, which prints through `ConsoleLogger` and carries no trace context",
      source.kind === 'factory' ? { view: source.view, node: source.call } : undefined,
    );
  }

  const injected = instrumentation(views, library);
  if (injected?.otel)
    return correlated(
      `is correlated by ${injected.evidence}, which adds trace_id and span_id to records written while a span is active`,
    );
  if (injected) return unknown(`may be correlated by ${injected.evidence}`);

  switch (source.kind) {
    case 'child': {
      const bindings = source.call.arguments[0];
      if (bindings && carriesTraceFields(source.view, bindings, options))
        return correlated('is a child logger bound with trace fields', { view: source.view, node: source.call });
      const parent = correlationOf(source.parent, source.view, options, depth + 1);
      return parent.verdict === 'uncorrelated'
        ? { ...parent, reason: `is a child of a logger that ${parent.reason}` }
        : parent;
    }
    case 'factory': {
      const site = { view: source.view, node: source.call };
      const missing =
        `and obslint finds nothing in this package that injects them: no \`${logInstrumentations[library]}\` or ` +
        `\`${autoInstrumentations}\` (as a dependency, registered or preloaded), no agent such as dd-trace or New Relic`;
      if (library === 'pino') {
        const reads = pinoConstruction(source.view, source.call, options);
        if (reads === 'yes') return correlated('has a `mixin` that reads the active span', site);
        if (reads === 'unknown') return unknown('has options obslint cannot read');
        return uncorrelated(`has no \`mixin\` that adds the active span's ids ${missing}`, site);
      }
      if (library === 'winston') {
        const reads = winstonConstruction(source.view, source.call, options);
        if (reads === 'yes') return correlated('has a `format` that reads the active span', site);
        if (reads === 'unknown') return unknown('has a format obslint cannot read');
        return uncorrelated(`has no \`format\` that adds the active span's ids ${missing}`, site);
      }
      return uncorrelated(`is created without trace fields ${missing}`, site);
    }
    default:
      return unknown('is created where obslint cannot see');
  }
}

/** A wrapper class whose log calls pass trace fields (its methods add them for every caller). */
function wrapperPassesTraceFields(
  view: ModuleView,
  wrapper: ts.ClassLikeDeclaration,
  options: CorrelationOptions,
): boolean {
  let found = false;
  visitDescendants(wrapper, (node) => {
    if (found) return 'skip';
    if (ts.isCallExpression(node) && logCallOf(view, node) && logCarriesTraceFields(view, node, options)) found = true;
    return undefined;
  });
  return found;
}

/**
 * A wrapper class whose own code reads the active span's trace id (`trace.getSpan(context.active())
 * ?.spanContext().traceId`) and so stamps it on what it writes, whatever its log calls look like.
 */
function wrapperReadsTraceId(wrapper: ts.ClassLikeDeclaration, options: CorrelationOptions): boolean {
  let readsSpan = false;
  let namesTraceId = false;
  const traceIdFields = ['trace_id', ...options.traceFields.filter((field) => /trace/i.test(field))];
  visitDescendants(wrapper, (node) => {
    if (ts.isIdentifier(node)) {
      if (spanReaders.has(node.text)) readsSpan = true;
      if (isTraceField(node.text, traceIdFields)) namesTraceId = true;
    } else if (ts.isStringLiteralLike(node) && isTraceField(node.text, traceIdFields)) namesTraceId = true;
    return undefined;
  });
  return readsSpan && namesTraceId;
}
