/**
 * Pull consumers hand their messages back as a value, not to a callback: `const { Messages } = await
 * sqs.send(new ReceiveMessageCommand(…))`, `for await (const m of nc.subscribe(subject))`. The code that handles
 * each message is then a loop body or an array callback over that value. This module follows a receive call's
 * result to those handlers, so that the propagation analysis can ask what they do with each message.
 */
import { ts } from '../../compiler.js';
import { functionValue } from '../modules/called-function.js';
import { calleeName, enclosingFunction, skipWrappersUp, visitDescendants } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';

const iterationMethods = new Set(['forEach', 'map', 'flatMap']);
const maxHops = 3;

/** Climbs past wrappers, `await`, and `x ?? []` / `x || []` defaults: the node whose parent uses the value. */
function climb(node: ts.Node): ts.Node {
  let current = node;
  for (;;) {
    const { node: wrapped, parent } = skipWrappersUp(current);
    current = wrapped;
    if (!parent) return current;
    if (ts.isAwaitExpression(parent)) {
      current = parent;
      continue;
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.left === current &&
      (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** Identifiers in the declaring scope that refer to `declaration` (its own name excluded). */
function referencesOf(view: ModuleView, declaration: ts.Declaration, name: ts.Identifier): ts.Identifier[] {
  const scope = enclosingFunction(declaration);
  const found: ts.Identifier[] = [];
  visitDescendants(scope, (node) => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && declarationOf(view, node) === declaration)
      found.push(node);
  });
  return found;
}

/**
 * The handlers of a collection of messages: the body of `for (const m of messages)`, the callback of
 * `messages.forEach/map(fn)`, followed through `const list = messages ?? []` a few variables deep.
 */
export function messageHandlersOf(view: ModuleView, messages: ts.Expression, hops = 0): ts.Node[] {
  const node = climb(messages);
  const parent = node.parent;
  if (!parent) return [];
  if (ts.isForOfStatement(parent) && parent.expression === node) return [parent.statement];
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node && iterationMethods.has(parent.name.text)) {
    const call = parent.parent;
    if (call && ts.isCallExpression(call) && call.expression === parent) {
      const handler = functionValue(view, call.arguments[0]);
      return handler ? [handler] : [];
    }
    return [];
  }
  if (
    ts.isVariableDeclaration(parent) &&
    parent.initializer === node &&
    ts.isIdentifier(parent.name) &&
    hops < maxHops
  ) {
    return referencesOf(view, parent, parent.name).flatMap((reference) => messageHandlersOf(view, reference, hops + 1));
  }
  return [];
}

/**
 * The handlers of the messages in a receive result's `property` (`Messages` for SQS): `result.Messages`,
 * `const { Messages } = result`, `(await client.send(cmd)).Messages`.
 */
export function handlersOfResultProperty(view: ModuleView, result: ts.Node, property: string, hops = 0): ts.Node[] {
  const node = climb(result);
  const parent = node.parent;
  if (!parent) return [];
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    return parent.name.text === property ? messageHandlersOf(view, parent) : [];
  }
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== node) return [];
  if (ts.isIdentifier(parent.name)) {
    if (hops >= maxHops) return [];
    return referencesOf(view, parent, parent.name).flatMap((reference) =>
      handlersOfResultProperty(view, reference, property, hops + 1),
    );
  }
  if (ts.isObjectBindingPattern(parent.name)) {
    const element = parent.name.elements.find((binding) => {
      const key = binding.propertyName ?? binding.name;
      return (ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === property;
    });
    if (element && ts.isIdentifier(element.name)) {
      return referencesOf(view, element, element.name).flatMap((reference) => messageHandlersOf(view, reference));
    }
  }
  return [];
}

/**
 * The call whose awaited result is the response of a request object: `client.send(command)` for an AWS SDK v3
 * command, `client.receiveMessage(params).promise()` for v2. Undefined when the command is built elsewhere.
 */
export function sendingCall(command: ts.Node): ts.Node | undefined {
  const { node, parent } = skipWrappersUp(command);
  if (
    !parent ||
    !ts.isCallExpression(parent) ||
    !parent.arguments.includes(node as ts.Expression) ||
    calleeName(parent) !== 'send'
  )
    return undefined;
  return parent;
}

/** `request.promise()` (AWS SDK v2) or the request itself (v3 aggregated clients return promises). */
export function promisedRequest(request: ts.CallExpression): ts.Node {
  const { node, parent } = skipWrappersUp(request);
  if (
    parent &&
    ts.isPropertyAccessExpression(parent) &&
    parent.name.text === 'promise' &&
    parent.parent &&
    ts.isCallExpression(parent.parent)
  )
    return parent.parent;
  return node;
}
