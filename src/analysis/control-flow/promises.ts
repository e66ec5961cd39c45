/**
 * Does this call produce a promise? Answered from evidence only: an `async` or `Promise<…>`-annotated callee (same
 * file, a followed local module, a method of a local object literal or class), a known promise API (`fetch`,
 * `fs/promises`, `Promise.all`, …), a `.then`/`.catch`/`.finally` chain, `new Promise`; in typed mode, a
 * promise-like type. Anything else is 'no' or 'unknown' — callers stay silent on both.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, unwrap, type FunctionLike } from '../syntax/ast.js';
import { declarationOf, isGlobalReference, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf } from '../modules/origin.js';
import { calledFunction } from '../modules/called-function.js';

export type PromiseVerdict = 'yes' | 'no' | 'unknown';

/** Modules whose every exported function returns a promise. */
const promiseModules = /^(node:)?(fs\/promises|dns\/promises|timers\/promises|stream\/promises|readline\/promises)$/;
const promiseStatics = new Set(['all', 'allSettled', 'race', 'any', 'resolve', 'reject']);
const globalPromiseFunctions = new Set(['fetch']);

function isAsyncFunction(fn: FunctionLike): boolean {
  return !!ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

function annotatedPromise(fn: FunctionLike): boolean {
  const type = fn.type;
  return !!type && ts.isTypeReferenceNode(type) && /^(Promise|PromiseLike)$/.test(type.typeName.getText());
}

/** A function-like's verdict from its own declaration. */
export function functionReturnsPromise(fn: FunctionLike): PromiseVerdict {
  if (isAsyncFunction(fn) || annotatedPromise(fn)) return 'yes';
  if (fn.type) return 'no';
  return 'unknown';
}

/** Typed mode: is the call's type thenable? 'unknown' for any/unknown/error types. */
function byType(view: ModuleView, call: ts.Expression): PromiseVerdict {
  if (!view.typed || !view.checker) return 'unknown';
  const type = view.checker.getTypeAtLocation(call);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => part.getProperty('then') !== undefined)) return 'yes';
  return 'no';
}

/** `obj.method(...)` where `obj` is a local object literal or `new LocalClass()` and `method` is declared there. */
function methodOfLocalValue(view: ModuleView, call: ts.CallExpression): FunctionLike | undefined {
  const receiver = calleeReceiver(call);
  const name = calleeName(call);
  if (!receiver || !name) return undefined;
  const origin = originOf(view, receiver);
  const node = origin.node;
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (property.name?.getText(origin.view.sourceFile) !== name) continue;
      if (ts.isMethodDeclaration(property)) return property;
      if (ts.isPropertyAssignment(property)) {
        const value = unwrap(property.initializer);
        if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
      }
    }
    return undefined;
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const declaration = declarationOf(origin.view, node.expression);
    if (declaration && ts.isClassDeclaration(declaration)) {
      const method = declaration.members.find(
        (member) => ts.isMethodDeclaration(member) && member.name.getText(origin.view.sourceFile) === name,
      );
      return method && ts.isMethodDeclaration(method) ? method : undefined;
    }
  }
  return undefined;
}

function fromPromiseModule(view: ModuleView, callee: ts.Expression): boolean {
  const value = unwrap(callee);
  const base = ts.isPropertyAccessExpression(value) ? unwrap(value.expression) : value;
  if (!ts.isIdentifier(base)) {
    // fs.promises.readFile(...)
    return (
      ts.isPropertyAccessExpression(base) &&
      base.name.text === 'promises' &&
      ts.isIdentifier(unwrap(base.expression)) &&
      /^fs$/.test((unwrap(base.expression) as ts.Identifier).text)
    );
  }
  const declaration = declarationOf(view, base);
  const binding = declaration && importBindingOf(view, declaration);
  if (!binding) return false;
  if (promiseModules.test(binding.module)) return true;
  // import { promises as fs } from 'fs'
  return /^(node:)?fs$/.test(binding.module) && binding.name === 'promises';
}

/** Whether evaluating `expression` yields a promise. */
export function producesPromise(view: ModuleView, expression: ts.Expression, depth = 0): PromiseVerdict {
  const value = unwrap(expression);
  if (ts.isNewExpression(value))
    return ts.isIdentifier(value.expression) &&
      value.expression.text === 'Promise' &&
      isGlobalReference(view, value.expression)
      ? 'yes'
      : 'unknown';
  if (!ts.isCallExpression(value)) return 'unknown';
  const typed = byType(view, value);
  if (typed !== 'unknown') return typed;
  const name = calleeName(value);
  const receiver = calleeReceiver(value);
  if (name === 'then') return 'yes';
  if ((name === 'catch' || name === 'finally') && receiver && depth < 6)
    return producesPromise(view, receiver, depth + 1);
  if (
    receiver &&
    ts.isIdentifier(unwrap(receiver)) &&
    (unwrap(receiver) as ts.Identifier).text === 'Promise' &&
    name &&
    promiseStatics.has(name)
  )
    return 'yes';
  const callee = unwrap(value.expression);
  if (ts.isIdentifier(callee) && globalPromiseFunctions.has(callee.text) && isGlobalReference(view, callee))
    return 'yes';
  if (fromPromiseModule(view, callee)) return 'yes';
  const local = calledFunction(view, value)?.fn ?? methodOfLocalValue(view, value);
  if (local) return functionReturnsPromise(local);
  return 'unknown';
}
