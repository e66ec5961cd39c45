/**
 * How a recognised logger is written about and called: its name in messages, the argument order of its methods
 * (fields first or message first) for advice that is true for the library, and the level a method logs at.
 */
import type { LogCall, LoggerInstance, LoggerLibrary } from './loggers.js';
import { ts } from '../../compiler.js';
import { type ModuleView } from '../modules/module-view.js';

/** For messages: "pino logger", "winston logger", "`console`", "NestJS `Logger`". */
export function describeLogger(logger: LoggerInstance): string {
  switch (logger.library) {
    case 'console':
      return '`console`';
    case 'nest':
      return 'NestJS `Logger`';
    case undefined:
      return 'logger';
    default:
      return `${logger.library} logger`;
  }
}

/**
 * The library whose argument conventions a call follows: a project wrapper class has its own method signatures,
 * so nothing is assumed about them.
 */
export function argumentConventions(log: LogCall): LoggerLibrary | undefined {
  return log.logger.source.kind === 'wrapper' ? undefined : log.logger.library;
}

/**
 * Whose call conventions an error or fields should be passed in, for advice: the library, or `nest-pino` for Nest's
 * `Logger` routed through nestjs-pino (message or object first, a trailing string is the context, an Error message
 * becomes `err`). Undefined for project wrappers and loggers known only by name: their methods' signatures are
 * their own.
 */
export type LogConventions = LoggerLibrary | 'nest-pino';

export function adviceConventions(view: ModuleView, log: LogCall): LogConventions | undefined {
  const { logger } = log;
  if (logger.source.kind === 'wrapper' || logger.source.kind === 'named') return undefined;
  if (
    logger.source.kind === 'injected' &&
    logger.source.bridge?.module === 'nestjs-pino' &&
    logger.source.bridge.name === 'Logger'
  )
    return 'nest-pino';
  if (logger.library === 'nest') {
    const views = logger.source.kind === 'console' || !('view' in logger.source) ? [view] : [view, logger.source.view];
    if (views.some((at) => at.project.usesPackage(at.path, 'nestjs-pino'))) return 'nest-pino';
  }
  return logger.library;
}

/** The level a log call writes at: its method, or the level `winston.log('error', …)` names. */
export function logLevelOf(log: LogCall): string {
  if (log.method === 'log' && log.logger.library === 'winston') {
    const first = log.call.arguments[0];
    if (first && ts.isStringLiteralLike(first)) return first.text;
    return 'unknown';
  }
  if (log.method === 'log') return 'info';
  return log.method;
}
