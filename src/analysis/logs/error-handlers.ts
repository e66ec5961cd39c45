/**
 * What happens to a caught error: the handler that received it (a `catch` block, a rejection handler, an `'error'`
 * listener, an Express error middleware, an error-first callback), whether that handler hands the error on (throws,
 * returns, rejects, passes the object to other code) on the path through a given log call, and whether the failure
 * explains itself. Used to tell a log record that is the only trace left of an error from one that merely
 * summarises an error handled elsewhere.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, isFunctionLike, skipWrappersUp, unwrap, visitDescendants } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf } from '../modules/origin.js';
import { errorParameterRole } from '../values/error-values.js';
import { logCallOf } from './loggers.js';

/**
 * Where an error value ends up being handled: a `catch` block, or the body of a rejection handler, `'error'`
 * listener, Express error middleware or error-first callback. Whatever such a handler does not hand on is gone once
 * it returns. An error that arrives any other way (a parameter annotated `Error` of a helper or a retry callback, a
 * variable) has a fate obslint cannot see: no handler.
 */
export interface ErrorHandler {
  kind: 'catch' | 'rejection' | 'listener' | 'middleware' | 'callback';
  /** The statements that run with the error: the catch block or the function body. */
  body: ts.Node;
  /**
   * What failed: the `try` block of a `catch`, the promise a rejection handler is attached to, the emitter an
   * `'error'` listener is registered on.
   */
  failing?: ts.Node;
}

export function errorHandlerOf(declaration: ts.Declaration): ErrorHandler | undefined {
  if (ts.isVariableDeclaration(declaration) && ts.isCatchClause(declaration.parent)) {
    const clause = declaration.parent;
    return { kind: 'catch', body: clause.block, failing: clause.parent.tryBlock };
  }
  if (!ts.isParameter(declaration)) return undefined;
  const role = errorParameterRole(declaration);
  const fn = declaration.parent;
  if (!role || role === 'typed' || !isFunctionLike(fn) || !fn.body) return undefined;
  // `work().catch((e) => …)`: the promise the handler is attached to is what failed.
  const { parent } = skipWrappersUp(fn);
  const failing =
    (role === 'rejection' || role === 'listener') && ts.isCallExpression(parent) ? calleeReceiver(parent) : undefined;
  return { kind: role, body: fn.body, failing };
}

/** `return`, `throw`, `break`, `continue`: the statements after it in its block do not run. */
function isJump(statement: ts.Statement | undefined): boolean {
  return (
    !!statement &&
    (ts.isReturnStatement(statement) ||
      ts.isThrowStatement(statement) ||
      ts.isBreakStatement(statement) ||
      ts.isContinueStatement(statement))
  );
}

/** Does every path through `inner` leave `statement` before the statements after `statement` run? */
function leavesBefore(inner: ts.Node, statement: ts.Node): boolean {
  for (let current: ts.Node = inner; current !== statement.parent; current = current.parent) {
    if (ts.isReturnStatement(current) || ts.isThrowStatement(current)) return true;
    if (ts.isBlock(current) && isJump(current.statements[current.statements.length - 1])) return true;
    if (isFunctionLike(current)) return false;
  }
  return false;
}

/**
 * Can `a` and `b` run in the same pass through `root`? Not when they sit in the two branches of one `if`, `?:` or
 * `switch`, nor when the first of them is in a branch that returns, throws or jumps before the other is reached.
 */
export function mayRunTogether(a: ts.Node, b: ts.Node, root: ts.Node): boolean {
  const ancestors = new Map<ts.Node, ts.Node>(); // ancestor of a → its child on the way to a
  for (let child: ts.Node = a, current = a.parent; current; child = current, current = current.parent) {
    ancestors.set(current, child);
    if (current === root) break;
  }
  if (ancestors.has(b) || b === a) return true;
  let childOfB: ts.Node = b;
  let common: ts.Node | undefined = b.parent;
  while (common && !ancestors.has(common)) {
    childOfB = common;
    common = common.parent;
  }
  if (!common) return true;
  const childOfA = ancestors.get(common)!;
  if (ts.isIfStatement(common)) {
    const branches = [common.thenStatement, common.elseStatement];
    if (branches.includes(childOfA as ts.Statement) && branches.includes(childOfB as ts.Statement)) return false;
  }
  if (ts.isConditionalExpression(common) && childOfA !== common.condition && childOfB !== common.condition)
    return false;
  if (ts.isCaseBlock(common)) return false;
  const statements =
    ts.isBlock(common) || ts.isSourceFile(common) || ts.isCaseClause(common) || ts.isDefaultClause(common)
      ? common.statements
      : undefined;
  if (statements) {
    const indexA = statements.indexOf(childOfA as ts.Statement);
    const indexB = statements.indexOf(childOfB as ts.Statement);
    if (indexA >= 0 && indexB >= 0) {
      const [first, firstStatement] = indexA < indexB ? [a, childOfA] : [b, childOfB];
      if (leavesBefore(first, firstStatement)) return false;
    }
  }
  return true;
}

/** Calls that only ask about the error: `isRetryable(err)`, `if (shouldIgnore(err))`. */
const predicateName = /^(is|has|should|can|was|were|matches|check|contains|includes|must)([A-Z_]|$)/;

function isConditionPosition(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if (
      ts.isParenthesizedExpression(parent) ||
      (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)
    ) {
      current = parent;
      continue;
    }
    if (
      ts.isBinaryExpression(parent) &&
      (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      current = parent;
      continue;
    }
    if (
      (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) &&
      parent.expression === current
    )
      return true;
    if (ts.isConditionalExpression(parent) && parent.condition === current) return true;
    return false;
  }
}

const comparisons = new Set([
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.PlusEqualsToken,
]);

/** Does this use of the error keep the object (hand it to other code, return it, store it), not only read it? */
function keepsErrorObject(identifier: ts.Identifier): boolean {
  const { node: value, parent } = skipWrappersUp(identifier);
  if (ts.isPropertyAccessExpression(parent) && parent.expression === value) return parent.name.text === 'stack';
  if (ts.isElementAccessExpression(parent) && parent.expression === value) return false;
  if (ts.isTemplateSpan(parent) || ts.isTypeOfExpression(parent) || ts.isPrefixUnaryExpression(parent)) return false;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    if (
      operator === ts.SyntaxKind.PlusToken ||
      operator === ts.SyntaxKind.InstanceOfKeyword ||
      operator === ts.SyntaxKind.InKeyword
    )
      return false;
    if (comparisons.has(operator)) return false;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken && parent.left === value) return false;
    if (operator === ts.SyntaxKind.EqualsToken && parent.left === value) return false;
  }
  if (ts.isConditionalExpression(parent) && parent.condition === value) return false;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === value) return false;
  if (ts.isCallExpression(parent) && parent.expression !== value) {
    if (/^(String|stringify)$/.test(calleeName(parent) ?? '')) return false;
    if (predicateName.test(calleeName(parent) ?? '') || isConditionPosition(parent)) return false;
  }
  return true;
}

/**
 * Is the error handed on by its handler on a path through `at` (the log call being judged, which is not counted
 * itself)? It is when the handler throws, or the error object itself (or its stack) is returned, passed to other
 * code (`reject(err)`, `next(err)`, `span.recordException(err)`, `queue.fail(id, err)`, another log call), stored or
 * wrapped — anywhere that can run together with `at`. Reading `err.message`, `err.code`, `err instanceof X` and
 * predicates (`isRetryable(err)`) keep nothing.
 */
export function handlerHandsOn(view: ModuleView, handler: ErrorHandler, error: ts.Declaration, at: ts.Node): boolean {
  let found = false;
  visitDescendants(handler.body, (node) => {
    if (found || node === at) return 'skip';
    if (
      ts.isThrowStatement(node) &&
      !isFunctionLike(enclosingFunctionOrHandler(node, handler.body)) &&
      mayRunTogether(node, at, handler.body)
    ) {
      found = true;
      return 'skip';
    }
    if (
      ts.isIdentifier(node) &&
      declarationOf(view, node) === error &&
      !isDeclarationName(node) &&
      keepsErrorObject(node) &&
      mayRunTogether(node, at, handler.body)
    )
      found = true;
    return undefined;
  });
  return found;
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isParameter(parent) || ts.isVariableDeclaration(parent)) && parent.name === identifier;
}

/** The innermost function between `node` and `body`, or `body` itself: a `throw` in a nested callback is its own. */
function enclosingFunctionOrHandler(node: ts.Node, body: ts.Node): ts.Node {
  for (let current = node.parent; current && current !== body; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return body;
}

/**
 * `client.on('error', …)` where `const client = new Client(…)` (pg), `createClient(…)` (redis): an emitter a package
 * created reports the failures of its own connection or stream.
 */
function createdByPackage(view: ModuleView, emitter: ts.Expression): boolean {
  const origin = originOf(view, emitter);
  const created = origin.node;
  let callee: ts.Expression | ts.EntityName;
  if (ts.isNewExpression(created) || ts.isCallExpression(created)) callee = unwrap(created.expression);
  else if (
    // `private redis?: Redis` (assigned `new Redis(…)` elsewhere): the field's declared class is the package's.
    (ts.isPropertyDeclaration(created) || ts.isParameter(created)) &&
    created.type &&
    ts.isTypeReferenceNode(created.type)
  )
    callee = created.type.typeName;
  else return false;
  while (ts.isPropertyAccessExpression(callee)) callee = unwrap(callee.expression);
  while (ts.isQualifiedName(callee)) callee = callee.left;
  if (!ts.isIdentifier(callee)) return false;
  const declaration = declarationOf(origin.view, callee);
  const binding = declaration && importBindingOf(origin.view, declaration);
  if (!binding || origin.view.project.isLocalModule(origin.view.path, binding.module)) return false;
  // A plain EventEmitter relays whatever the project's own code emits.
  return !/^(node:)?events$/.test(binding.module);
}

/** Calls whose failure explains itself: opening or closing a connection (and `JSON.parse`, `lock.release()`). */
const selfDescribingCalls = new Set([
  'connect',
  'disconnect',
  'quit',
  'close',
  'getConnection',
  'createConnection',
  'ping',
  ...fileSystemCalls(),
]);

/** `fs` calls: their errors name the operation and the path (`ENOENT: no such file or directory, open '/x'`). */
function fileSystemCalls(): string[] {
  const names = [
    'readFile',
    'writeFile',
    'appendFile',
    'readdir',
    'stat',
    'lstat',
    'access',
    'mkdir',
    'unlink',
    'copyFile',
  ];
  return [...names, ...names.map((name) => `${name}Sync`)];
}
/**
 * Sending telemetry: analytics events (`segment.track`, `posthog.capture`), metric pushes
 * (`service.recordMetric(name, value)`, `statsd.increment`). Their failures are delivery failures of a
 * fire-and-forget event: the message says what went wrong, the stack points into the SDK.
 */
const telemetryCalls = new Set([
  'track',
  'identify',
  'capture',
  'captureEvent',
  'recordMetric',
  'increment',
  'gauge',
  'histogram',
  'timing',
]);
/** Calls that do not fail in practice (conversions, clocks), ignored when judging what a `try` block does. */
const inertCalls = new Set([
  'String',
  'Number',
  'Boolean',
  'toString',
  'toISOString',
  'now',
  'stringify',
  'resolve',
  'setTimeout',
  'push',
  'join',
  'dirname',
  'basename',
  'extname',
  // `fs.existsSync` answers false on any error; it never throws.
  'existsSync',
]);

/**
 * Is the failure a handler sees self-explaining — the `try` block (or the promise a rejection handler is attached to)
 * does nothing that can fail but parse JSON, open, close or release a connection or lock, or send telemetry
 * (`JSON.parse(text)`, `await redis.connect()`, `await lock.release()`, `analytics.track(event)`)?
 * Their messages name the input or the endpoint, and their stacks point into the client library. Log calls in the
 * block do not count.
 */
export function failureIsSelfDescribing(view: ModuleView, handler: ErrorHandler): boolean {
  if (!handler.failing) return false;
  if (handler.kind === 'listener') return ts.isExpression(handler.failing) && createdByPackage(view, handler.failing);
  let describing = 0;
  let other = 0;
  const visit = (node: ts.Node): void => {
    if (callOutcome(node) !== 'skip') ts.forEachChild(node, visit);
  };
  const callOutcome = (node: ts.Node): 'skip' | undefined => {
    if (ts.isNewExpression(node) && calleeName(node) === 'Promise') return undefined;
    if (ts.isNewExpression(node)) other++;
    if (!ts.isCallExpression(node)) return undefined;
    if (logCallOf(view, node)) return 'skip';
    const name = calleeName(node) ?? '';
    const receiver = calleeReceiver(node);
    if (name === 'parse' && receiver && unwrap(receiver).getText() === 'JSON') describing++;
    else if (selfDescribingCalls.has(name)) describing++;
    // `lock.release()` (a lock client's); `manager.release(slot, id)` is the project's own logic.
    else if (name === 'release' && node.arguments.length === 0) describing++;
    else if (telemetryCalls.has(name)) describing++;
    else if (!inertCalls.has(name)) other++;
    return undefined;
  };
  visit(handler.failing);
  return describing > 0 && other === 0;
}

const statusCalls = new Set(['status', 'sendStatus', 'writeHead', 'code']);

/**
 * Does the handler answer with a client error — `res.status(400)`, `returnStatus = 422`, `{ status: 401 }`? Then it
 * has judged the failure to be the caller's (a bad signature, invalid input): an expected error, whose message is
 * the point.
 */
export function respondsWithClientError(handler: ErrorHandler): boolean {
  let found = false;
  visitDescendants(handler.body, (node) => {
    if (found) return 'skip';
    if (!ts.isNumericLiteral(node)) return undefined;
    const status = Number(node.text);
    if (status < 400 || status > 499) return undefined;
    const { parent } = skipWrappersUp(node);
    if (ts.isCallExpression(parent) && statusCalls.has(calleeName(parent) ?? '')) found = true;
    else if (ts.isPropertyAssignment(parent) && /^status(Code)?$/i.test(parent.name.getText())) found = true;
    else if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      /status/i.test(parent.left.getText())
    )
      found = true;
    return undefined;
  });
  return found;
}
