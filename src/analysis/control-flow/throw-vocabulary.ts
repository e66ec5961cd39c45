/**
 * The vocabulary of the throw model (throws.ts): calls and constructors known not to throw — globals, telemetry,
 * span methods, collections, registrations, hand-offs — and those whose purpose is to throw on bad input.
 */
import { listenerMethods, routeMethods } from '../frameworks/request-scope.js';

export const safeGlobals: Record<string, Set<string> | true> = {
  console: true,
  Math: true,
  JSON: new Set(['stringify']),
  Date: new Set(['now']),
  Object: new Set(['keys', 'values', 'entries', 'assign', 'freeze', 'fromEntries']),
  Array: new Set(['isArray', 'from', 'of']),
  Number: true,
  String: true,
  performance: new Set(['now']),
  process: new Set(['hrtime', 'cpuUsage', 'memoryUsage', 'uptime']),
};
export const safeFunctions = new Set(['String', 'Number', 'Boolean', 'isNaN', 'parseInt', 'parseFloat', 'Symbol']);
export const safeMethods = new Set([
  'toString',
  'push',
  'toFixed',
  'toISOString',
  'getTime',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'slice',
  'includes',
  'startsWith',
  'endsWith',
  'has',
  'get',
  'join',
]);
/** Logger and metric methods: by contract they swallow their own failures. */
export const telemetryMethods = new Set([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'log',
  'verbose',
  'inc',
  'dec',
  'set',
  'observe',
  'add',
  'record',
  'labels',
  'startTimer',
  'hrtime',
]);
/** Span methods whose names are distinctive enough to trust on any receiver. */
export const distinctiveSpanMethods = new Set([
  'setAttribute',
  'setAttributes',
  'addEvent',
  'addLink',
  'addLinks',
  'setStatus',
  'recordException',
  'isRecording',
  'spanContext',
]);
/** Collection and string operations that throw only on programming errors. */
export const collectionMethods = new Set([
  'pop',
  'shift',
  'unshift',
  'splice',
  'delete',
  'clear',
  'keys',
  'values',
  'entries',
  'concat',
  'indexOf',
  'lastIndexOf',
  'at',
  'fill',
  'reverse',
  'flat',
  'split',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'repeat',
  'charAt',
  'substring',
  'match',
  'test',
]);
/** Methods that take a callback and run it now: they throw when the callback does. */
export const callbackRunners = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
  'sort',
]);
/** Registering a route, middleware or listener runs nothing yet. */
export const registrationMethods = new Set([
  ...routeMethods,
  ...listenerMethods,
  'removeListener',
  'off',
  'register',
  'addHook',
]);
/** Handing work to another thread or process does not run it here. */
export const handOffMethods = new Set([
  'postMessage',
  'send',
  'emit',
  'setTimeout',
  'setImmediate',
  'queueMicrotask',
  'nextTick',
]);
/** Constructors that validate nothing. */
export const plainConstructors =
  /^(Map|Set|WeakMap|WeakSet|WeakRef|Date|Array|Object|Promise|AbortController|Headers|URLSearchParams|TextEncoder|TextDecoder|TraceState|EventEmitter)$/;

/** Calls whose purpose is to throw on bad input. */
export const throwingGlobals: Record<string, Set<string>> = { JSON: new Set(['parse']), Buffer: new Set(['from']) };
export const throwingFunctions = new Set([
  'require',
  'structuredClone',
  'decodeURIComponent',
  'decodeURI',
  'BigInt',
  'atob',
]);
export const throwingMethods = /^(parse|validate\w*|verify|decode|assert\w*|ensure\w*|\w+OrThrow|\w+Sync)$/;
export const throwingConstructors = /^(URL|RegExp|Function|BigInt)$/;

/** Test assertions throw only to fail a test, where a leaked span is irrelevant: not an exception path. */
export const assertionRoots = new Set(['assert', 'expect', 'should', 'sinon', 'chai']);
