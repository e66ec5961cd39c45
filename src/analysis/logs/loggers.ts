/**
 * What a logger is: pino, winston `createLogger`, bunyan `createLogger`, `console`, NestJS `Logger` — recognised at
 * the call site by following the receiver through variables, imports, local modules (ESM and CommonJS), wrapper
 * factories and classes, `this.logger` fields and constructor injection; in typed mode also by declared type.
 *
 * The result says which library writes the records and where the instance comes from (a factory call we can read,
 * a child of another logger, an injected instance whose creation we cannot see, …). Whether those records carry
 * trace context is decided from that source in `logger-correlation.ts`; how the call's arguments are shaped is in
 * `log-arguments.ts`.
 */
import { ts } from '../../compiler.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf, type ImportBinding, type Origin } from '../modules/origin.js';
import {
  calleeName,
  calleeReceiver,
  isFunctionLike,
  unwrap,
  visitDescendants,
  type FunctionLike,
} from '../syntax/ast.js';

export type LoggerLibrary = 'pino' | 'winston' | 'bunyan' | 'log4js' | 'console' | 'nest';

export type LoggerSource =
  /** `pino(…)`, `winston.createLogger(…)`, `bunyan.createLogger(…)`, `new Logger(…)` (Nest): options are readable. */
  | { kind: 'factory'; view: ModuleView; call: ts.CallExpression | ts.NewExpression }
  /** `parent.child(bindings)`. */
  | { kind: 'child'; view: ModuleView; call: ts.CallExpression; parent: LoggerInstance }
  /** The global `console`. */
  | { kind: 'console' }
  /** The library's own default instance: `winston.info(…)`, Nest's static `Logger.log(…)`. */
  | { kind: 'default'; view: ModuleView; node: ts.Node }
  /**
   * An instance whose creation is not visible: injected, a typed parameter, `request.log` of a framework. `bridge`
   * names the bridge class its type comes from (`Logger` of nestjs-pino follows Nest's call conventions over pino).
   */
  | { kind: 'injected'; view: ModuleView; node: ts.Node; via: string; bridge?: { module: string; name: string } }
  /** A project class whose methods delegate to another logger. */
  | { kind: 'wrapper'; view: ModuleView; wrapper: ts.ClassLikeDeclaration; delegate: LoggerInstance }
  /** Only the name says "logger" (`this.logger`, `req.log` without any other evidence). */
  | { kind: 'named'; node: ts.Node };

export interface LoggerInstance {
  /** The library that formats and writes the records; undefined when only the name is known. */
  library: LoggerLibrary | undefined;
  source: LoggerSource;
}

/** Log methods per library; a call of any other method (`child`, `isLevelEnabled`, `table`) is not a log call. */
export const logMethods: Record<LoggerLibrary, ReadonlySet<string>> = {
  pino: new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  bunyan: new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  log4js: new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'mark']),
  winston: new Set(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly', 'log']),
  console: new Set(['log', 'info', 'warn', 'error', 'debug', 'trace']),
  nest: new Set(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']),
};
const namedLoggerMethods = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log', 'verbose']);
/** Every method name any logger logs with: a cheap test before following the receiver. */
const anyLogMethod = new Set([...namedLoggerMethods, ...Object.values(logMethods).flatMap((methods) => [...methods])]);

/** Packages whose default/namespace export is the logger factory or module. */
const factoryModules: Record<string, LoggerLibrary> = { pino: 'pino', winston: 'winston', bunyan: 'bunyan' };
/** Bridges that route Nest's `Logger` or an injected logger into pino / winston. */
const bridgeModules: Record<string, LoggerLibrary> = { 'nestjs-pino': 'pino', 'nest-winston': 'winston' };
/** Frameworks whose `request.log` / `app.log` is a pino logger. */
const pinoFrameworks = ['fastify', 'pino-http', 'express-pino-logger', 'hono-pino', 'koa-pino-logger'];

const loggerNames = /^_*(log|logger)$|Logger$|^LOG(GER)?$/;

export interface LogCall {
  call: ts.CallExpression;
  /** `info`, `error`, … */
  method: string;
  receiver: ts.Expression;
  logger: LoggerInstance;
}

const callCache = new WeakMap<ts.CallExpression, LogCall | null>();

/**
 * Is this call a log call (`logger.info(…)`, `console.error(…)`, `this.logger.log(…)`)? Calls without arguments are
 * not (bunyan's `log.info()` asks whether the level is enabled).
 */
export function logCallOf(view: ModuleView, call: ts.CallExpression): LogCall | undefined {
  if (callCache.has(call)) return callCache.get(call) ?? undefined;
  let result: LogCall | undefined;
  const method = calleeName(call);
  const receiver = calleeReceiver(call);
  if (method && anyLogMethod.has(method) && receiver && call.arguments.length > 0) {
    const logger = loggerOf(view, receiver);
    const methods = logger?.library ? logMethods[logger.library] : namedLoggerMethods;
    if (logger && methods.has(method)) result = { call, method, receiver, logger };
  }
  callCache.set(call, result ?? null);
  return result;
}

/** Is this expression a logger? Undefined when there is no evidence it is one. */
export function loggerOf(view: ModuleView, expression: ts.Expression, depth = 0): LoggerInstance | undefined {
  const value = unwrap(expression);
  if (ts.isIdentifier(value) && value.text === 'console') {
    // The global: undeclared in syntax mode, declared by lib.dom / @types/node in typed mode.
    const declaration = declarationOf(view, value);
    if (!declaration || declaration.getSourceFile().isDeclarationFile)
      return { library: 'console', source: { kind: 'console' } };
  }
  const byType = libraryByType(view, value);
  if (byType === 'other') return undefined;
  if (byType === 'console') return { library: 'console', source: { kind: 'console' } };
  if (depth > 6) return undefined;
  const origin = originOf(view, value);
  const found = loggerAtOrigin(origin, depth);
  if (found) return found;
  if (byType) return { library: byType, source: { kind: 'injected', view, node: value, via: 'its declared type' } };
  const framework = frameworkLogger(view, value);
  if (framework) return framework;
  if (isNamedLikeLogger(origin, value)) return { library: undefined, source: { kind: 'named', node: value } };
  return undefined;
}

/** The logger an origin node is, when that node creates or declares one. */
function loggerAtOrigin(origin: Origin, depth: number): LoggerInstance | undefined {
  const { view, node } = origin;
  if (origin.imported) return importedLogger(view, node, origin.imported, depth);
  if (ts.isCallExpression(node)) return loggerFromCall(view, node, depth);
  if (ts.isNewExpression(node)) return loggerFromNew(view, node, depth);
  if (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) {
    const annotated = libraryOfAnnotation(view, node);
    if (annotated)
      return {
        library: annotated.library,
        source: { kind: 'injected', view, node, via: annotated.via, bridge: annotated.bridge },
      };
  }
  return undefined;
}

/** `import winston from 'winston'` used as a logger, `Logger` from Nest used statically, a CommonJS local module. */
function importedLogger(
  view: ModuleView,
  node: ts.Node,
  imported: ImportBinding,
  depth: number,
): LoggerInstance | undefined {
  if (imported.module === 'winston' && (imported.name === '*' || imported.name === 'default'))
    return { library: 'winston', source: { kind: 'default', view, node } };
  if (imported.module === '@nestjs/common' && imported.name === 'Logger')
    return { library: 'nest', source: { kind: 'default', view, node } };
  return undefined;
}

/** The library whose module an expression names (`pino`, `winston`, `require('bunyan')`), by import. */
function moduleNamed(view: ModuleView, expression: ts.Expression): { module: string; name: string } | undefined {
  const value = unwrap(expression);
  if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'require') {
    const argument = value.arguments[0];
    return argument && ts.isStringLiteralLike(argument) ? { module: argument.text, name: '*' } : undefined;
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const binding = declaration && importBindingOf(view, declaration);
    if (binding) return binding;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer)
      return moduleNamed(view, declaration.initializer);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = moduleNamed(view, value.expression);
    if (owner && (owner.name === '*' || owner.name === 'default'))
      return { module: owner.module, name: value.name.text };
  }
  return undefined;
}

/** Like `moduleNamed`, for package imports only: local modules are followed through their code instead. */
function packageMember(view: ModuleView, expression: ts.Expression): { module: string; name: string } | undefined {
  const named = moduleNamed(view, expression);
  return named && !view.project.isLocalModule(view.path, named.module) ? named : undefined;
}

function loggerFromCall(view: ModuleView, call: ts.CallExpression, depth: number): LoggerInstance | undefined {
  const callee = unwrap(call.expression);
  const named = packageMember(view, callee);
  if (named) {
    const library = factoryModules[named.module];
    if (library === 'pino' && ['*', 'default', 'pino'].includes(named.name))
      return { library, source: { kind: 'factory', view, call } };
    if ((library === 'winston' || library === 'bunyan') && named.name === 'createLogger')
      return { library, source: { kind: 'factory', view, call } };
    // log4js.getLogger('category'): its layouts and appenders come from a global `log4js.configure(…)`.
    if (named.module === 'log4js' && named.name === 'getLogger')
      return { library: 'log4js', source: { kind: 'injected', view, node: call, via: '`log4js.configure`' } };
    return undefined;
  }
  // winston.loggers.get('name') / container.get(): configured elsewhere.
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'get' || callee.name.text === 'add')) {
    const container = moduleNamed(view, callee.expression);
    if (container?.module === 'winston' && container.name === 'loggers')
      return { library: 'winston', source: { kind: 'injected', view, node: call, via: '`winston.loggers`' } };
  }
  if (calleeName(call) === 'child') {
    const receiver = calleeReceiver(call);
    const parent = receiver && loggerOf(view, receiver, depth + 1);
    if (parent && parent.source.kind !== 'named')
      return { library: parent.library, source: { kind: 'child', view, call, parent } };
    return parent ? { library: parent.library, source: { kind: 'named', node: call } } : undefined;
  }
  // A project factory: `createLogger('orders')` returning `base.child(…)` or `pino(…)`.
  const factory = localFunction(view, callee);
  if (factory) return returnedLogger(factory.view, factory.fn, depth + 1);
  return undefined;
}

function loggerFromNew(view: ModuleView, expression: ts.NewExpression, depth: number): LoggerInstance | undefined {
  const named = packageMember(view, expression.expression);
  if (named?.module === '@nestjs/common' && (named.name === 'Logger' || named.name === 'ConsoleLogger'))
    return { library: 'nest', source: { kind: 'factory', view, call: expression } };
  if (named?.module === 'bunyan' && (named.name === '*' || named.name === 'default'))
    return { library: 'bunyan', source: { kind: 'factory', view, call: expression } };
  if (named) return undefined;
  // A project wrapper class: `new AppLogger('orders')`, whose methods call a real logger.
  const origin = originOf(view, expression.expression, depth + 1);
  if (ts.isClassLike(origin.node)) {
    const delegate = delegateOfClass(origin.view, origin.node, depth + 1);
    if (delegate)
      return {
        library: delegate.library,
        source: { kind: 'wrapper', view: origin.view, wrapper: origin.node, delegate },
      };
  }
  return undefined;
}

/** The first real logger a wrapper class logs through (fields, constructor assignments, or direct calls). */
function delegateOfClass(view: ModuleView, cls: ts.ClassLikeDeclaration, depth: number): LoggerInstance | undefined {
  if (depth > 6) return undefined;
  let found: LoggerInstance | undefined;
  visitDescendants(cls, (node) => {
    if (found) return 'skip';
    if (isConsoleWriterArgument(view, node)) {
      found = { library: 'console', source: { kind: 'console' } };
      return 'skip';
    }
    if (!ts.isCallExpression(node)) return;
    const method = calleeName(node);
    const receiver = calleeReceiver(node);
    if (!method || !receiver || !namedLoggerMethods.has(method)) return;
    const inner = loggerOf(view, receiver, depth + 1);
    if (inner && inner.source.kind !== 'named' && inner.library && logMethods[inner.library].has(method)) found = inner;
  });
  return found;
}

/**
 * `this.#write(console.error, message, …)`: a console method handed to the class's own writer, as structured
 * loggers that format a record and print it do. The class writes through the console.
 */
function isConsoleWriterArgument(view: ModuleView, node: ts.Node): boolean {
  if (!ts.isPropertyAccessExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'console')
    return false;
  if (!logMethods.console.has(node.name.text)) return false;
  const call = node.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(node)) return false;
  const declaration = declarationOf(view, node.expression);
  return !declaration || declaration.getSourceFile().isDeclarationFile;
}

/**
 * A project wrapper that prints through the console but serialises each record (`console.log(JSON.stringify(…))`):
 * a service's structured logger whose lines a log pipeline parses, not a program talking to a terminal.
 */
export function writesJsonThroughConsole(logger: LoggerInstance): boolean {
  const source = logger.source;
  if (source.kind !== 'wrapper' || source.delegate.source.kind !== 'console') return false;
  let found = false;
  visitDescendants(source.wrapper, (node) => {
    if (found) return 'skip';
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'stringify' &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'JSON'
    )
      found = true;
    return undefined;
  });
  return found;
}

/** A function declared in this module or a followed local module that a callee names. */
function localFunction(view: ModuleView, callee: ts.Expression): { view: ModuleView; fn: FunctionLike } | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const origin = originOf(view, callee);
  const node = origin.node;
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node))
    return { view: origin.view, fn: node };
  return undefined;
}

/** The logger every `return` of a factory function yields, when they all agree on the library. */
function returnedLogger(view: ModuleView, fn: FunctionLike, depth: number): LoggerInstance | undefined {
  if (!fn.body) return undefined;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(fn.body)) returned.push(fn.body);
  else {
    visitDescendants(fn.body, (node) => {
      if (isFunctionLike(node) || ts.isClassLike(node)) return 'skip';
      if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    });
  }
  if (returned.length !== 1) return undefined; // several loggers (or none): too uncertain to name one
  return loggerOf(view, returned[0]!, depth + 1);
}

/** `request.log` / `app.log` of Fastify or pino-http: pino, created by the framework. */
function frameworkLogger(view: ModuleView, value: ts.Expression): LoggerInstance | undefined {
  if (!ts.isPropertyAccessExpression(value) || value.name.text !== 'log') return undefined;
  if (!pinoFrameworks.some((name) => view.project.dependsOn(view.path, name))) return undefined;
  if (!/^(req|request|reply|res|fastify|app|server|instance)$/.test(value.expression.getText().split('.').pop() ?? ''))
    return undefined;
  return { library: 'pino', source: { kind: 'injected', view, node: value, via: 'the web framework' } };
}

/** Weak evidence, used where nothing else is known: the value is a parameter, field or member named like a logger. */
function isNamedLikeLogger(origin: Origin, value: ts.Expression): boolean {
  const node = origin.node;
  // Something we followed to its creation and it was not a logger: the name does not override that.
  if (
    origin.imported ||
    ts.isCallExpression(node) ||
    ts.isNewExpression(node) ||
    ts.isObjectLiteralExpression(node) ||
    isFunctionLike(node) ||
    ts.isClassLike(node)
  )
    return false;
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  return !!name && loggerNames.test(name);
}

/** A `Logger` annotation on a parameter, field or variable: `logger: Logger` from Nest, `pino.Logger`, … */
function libraryOfAnnotation(
  view: ModuleView,
  declaration: ts.ParameterDeclaration | ts.PropertyDeclaration | ts.VariableDeclaration,
): { library: LoggerLibrary; via: string; bridge?: { module: string; name: string } } | undefined {
  const type = declaration.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  let named: { module: string; name: string } | undefined;
  if (ts.isIdentifier(typeName)) named = moduleNamed(view, typeName);
  else {
    const owner = moduleNamed(view, typeName.left as unknown as ts.Expression);
    if (owner && (owner.name === '*' || owner.name === 'default'))
      named = { module: owner.module, name: typeName.right.text };
  }
  if (!named) return undefined;
  const text = `\`${type.getText(view.sourceFile)}\``;
  if (named.module === '@nestjs/common' && ['Logger', 'LoggerService', 'ConsoleLogger'].includes(named.name))
    return { library: 'nest', via: `its type ${text}` };
  const bridged = bridgeModules[named.module];
  if (bridged) return { library: bridged, via: `its type ${text} from ${named.module}`, bridge: named };
  if (named.module === 'log4js' && named.name === 'Logger') return { library: 'log4js', via: `its type ${text}` };
  const library = factoryModules[named.module];
  if (library && /Logger$/.test(named.name)) return { library, via: `its type ${text}` };
  return undefined;
}

/**
 * Typed mode: the library a value's declared type comes from, 'other' for a type from some other package (not a
 * logger), undefined when types cannot tell (any, error types, project types).
 */
function libraryByType(view: ModuleView, value: ts.Expression): LoggerLibrary | 'other' | undefined {
  if (!view.typed || !view.checker) return undefined;
  const type = view.checker.getTypeAtLocation(value);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
  if (!symbol || !file) return undefined;
  const path = file.replace(/\\/g, '/');
  if (/\/node_modules\/(@types\/)?pino\/|\/node_modules\/nestjs-pino\//.test(path)) return 'pino';
  if (/\/node_modules\/(winston|logform|winston-transport)\//.test(path)) return 'winston';
  if (/\/node_modules\/(@types\/)?bunyan\//.test(path)) return 'bunyan';
  if (/\/node_modules\/log4js\//.test(path)) return 'log4js';
  if (/\/node_modules\/@nestjs\/common\//.test(path) && /Logger/.test(symbol.name)) return 'nest';
  if (symbol.name === 'Console' && (/\/lib\.[\w.]*\.d\.ts$/.test(path) || /\/@types\/node\//.test(path)))
    return 'console';
  if (path.includes('/node_modules/')) return 'other';
  return undefined;
}
