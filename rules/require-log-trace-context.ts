import { dirname, relative } from 'node:path';
import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { logCallOf, type LoggerInstance } from '../src/analysis/logs/loggers.js';
import { correlationOf, defaultTraceFields, type Correlation } from '../src/analysis/logs/logger-correlation.js';
import { traceScopeAt, tracingInUse } from '../src/analysis/spans/trace-scope.js';
import { lineOf } from '../src/analysis/syntax/ast.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';
import { describeLogger } from '../src/analysis/logs/log-conventions.js';
import { logCarriesTraceFields } from '../src/analysis/logs/trace-fields.js';

interface Options {
  traceFields: string[];
}

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  /** `scope` and `reason` come from trace-scope.ts and logger-correlation.ts; `logger` is `console` or `thisLogger`. */
  uncorrelated: (call: string, scope: string, logger: string, reason: string) =>
    `\`${call}\` writes a record ${scope}, but ${logger} ${reason}. In production the record has no ` +
    'trace_id/span_id, so it cannot be joined to the trace it was written in: opening the trace does not show it, ' +
    'and searching logs by trace id does not find it.',
  console: '`console`',
  /** `site` is `createdAtLine`, `createdAt` or ''. */
  thisLogger: (logger: string, site: string) => `this ${logger}${site}`,
  createdAtLine: (line: number) => ` (created at line ${line})`,
  createdAt: (path: string, line: number) => ` (created at ${path}:${line})`,
  createdHere: 'the logger is created here',
  pinoHelp:
    'Register `new PinoInstrumentation()` from `@opentelemetry/instrumentation-pino` (or ' +
    '`getNodeAutoInstrumentations()`) with the SDK before the logger is created; or give `pino()` a `mixin` that ' +
    "returns the active span's ids (`trace.getActiveSpan()?.spanContext()`); or log through " +
    '`logger.child({ trace_id, span_id })`.',
  winstonHelp:
    'Register `new WinstonInstrumentation()` from `@opentelemetry/instrumentation-winston` (or ' +
    "`getNodeAutoInstrumentations()`) with the SDK; or add a `format` that copies the active span's traceId and " +
    'spanId onto `info`; or log through `logger.child({ trace_id, span_id })`.',
  bunyanHelp:
    'Register `new BunyanInstrumentation()` from `@opentelemetry/instrumentation-bunyan` (or ' +
    '`getNodeAutoInstrumentations()`) with the SDK; or log through `log.child({ trace_id, span_id })` bound from ' +
    'the active span.',
  nestHelp:
    "Route Nest's logger through pino (`nestjs-pino` with `app.useLogger(app.get(Logger))`) plus " +
    "`@opentelemetry/instrumentation-pino`, or install a `LoggerService` that adds the active span's trace_id and " +
    'span_id.',
  consoleHelp:
    "Log through the service's structured logger (pino, winston or bunyan) with its OpenTelemetry log " +
    'instrumentation registered; or register `new ConsoleInstrumentation()` from ' +
    '`@opentelemetry/instrumentation-console`, which turns console calls into log records of the active trace; or ' +
    'pass the ids yourself (`trace.getActiveSpan()?.spanContext().traceId`).',
} as const;

function helpFor(logger: LoggerInstance): string {
  const library = logger.source.kind === 'wrapper' ? logger.source.delegate.library : logger.library;
  switch (library) {
    case 'pino':
      return messages.pinoHelp;
    case 'winston':
      return messages.winstonHelp;
    case 'bunyan':
      return messages.bunyanHelp;
    case 'nest':
      return messages.nestHelp;
    default:
      return messages.consoleHelp;
  }
}

function siteText(file: FileAnalysis, correlation: Correlation): string {
  const site = correlation.site;
  if (!site) return '';
  const line = lineOf(site.node, site.view.sourceFile);
  if (site.view.path === file.path) return messages.createdAtLine(line);
  return messages.createdAt(relative(dirname(file.path), site.view.path).split('\\').join('/'), line);
}

export default defineCodeRule<Options>({
  meta: {
    id: 'require-log-trace-context',
    family: 'logs',
    description:
      'Log calls in a request handler or under an open span must go through a logger whose records carry trace_id and span_id.',
    rationale:
      'Logs are joined to traces by the trace_id/span_id fields on each record. A logger that does not add them (no log instrumentation, no mixin or format reading the active span, `console`) writes records that belong to no trace: the trace view cannot show them and a trace id cannot find them.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        traceFields: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Field names that carry trace context when passed per call or bound on a child logger (include pino `logKeys` renames). Compared ignoring case and `_`, `-`, `.`; a key ending in one of them also counts (`dd.trace_id`).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { traceFields: defaultTraceFields },
  },
  typescript(context) {
    const { file, options } = context;
    const correlationOptions = { traceFields: options.traceFields };
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const log = logCallOf(file, call);
          if (!log || !log.logger.library) return;
          const scope = traceScopeAt(file, call);
          if (!scope) return;
          if (scope.kind === 'request' && !tracingInUse(file)) return;
          if (logCarriesTraceFields(file, call, correlationOptions)) return;
          const correlation = correlationOf(log.logger, file, correlationOptions);
          if (correlation.verdict !== 'uncorrelated') return;
          const what =
            log.logger.library === 'console'
              ? messages.console
              : messages.thisLogger(describeLogger(log.logger), siteText(file, correlation));
          context.report({
            node: call.expression,
            message: messages.uncorrelated(call.expression.getText(), scope.description, what, correlation.reason),
            help: helpFor(log.logger),
            related:
              correlation.site && correlation.site.view.path === file.path
                ? [{ node: correlation.site.node, message: messages.createdHere }]
                : [],
          });
        },
      },
    };
  },
});
