/**
 * Error values and the ways code turns them into strings. An error value is a `catch` binding, the parameter of a
 * rejection handler (`.catch(e => …)`, `.then(_, e => …)`), of an `'error'` listener, of an Express error
 * middleware, an error-first callback's `err`, a parameter typed `…Error` / `…Exception`, a `new XError(…)`
 * constant, or (typed mode) anything whose type has `message` and `stack`.
 *
 * A stringification loses the type and the stack: `err.message`, `String(err)`, `err.toString()`,
 * `JSON.stringify(err)` (which is `{}` for an Error), `${err}` in a template, `'…' + err`.
 */
import { ts } from '../../compiler.js';
import {
  calleeName,
  calleeReceiver,
  isFunctionLike,
  skipWrappersUp,
  unwrap,
  visitDescendants,
  type FunctionLike,
} from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';

export interface ErrorString {
  /** The expression that produces the string. */
  node: ts.Expression;
  /** The error variable it was made from. */
  error: ts.Declaration;
  /** How, for messages: "`err.message`", "`String(err)`". */
  how: string;
}

const errorTypeName = /(^|\.)\w*(Error|Exception)$/;

function callbackOf(fn: FunctionLike): { call: ts.CallExpression; index: number } | undefined {
  const { node, parent } = skipWrappersUp(fn);
  if (!parent || !ts.isCallExpression(parent)) return undefined;
  const index = parent.arguments.indexOf(node as ts.Expression);
  return index < 0 ? undefined : { call: parent, index };
}

/** `Error`, `grpc.ServiceError`, `ServiceError | null`, `HttpException | undefined`: an error type, nullable or not. */
function isErrorTypeNode(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isParenthesizedTypeNode(type)) return isErrorTypeNode(type.type);
  if (ts.isTypeReferenceNode(type)) return errorTypeName.test(type.typeName.getText());
  if (ts.isUnionTypeNode(type)) {
    const members = type.types.filter((member) => !isNullishTypeNode(member));
    return members.length > 0 && members.every(isErrorTypeNode);
  }
  return false;
}

function isNullishTypeNode(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
}

/**
 * What hands a parameter an error: the function is a rejection handler, an `'error'` listener, an Express error
 * middleware or a Node error-first callback — or only its annotation says so (`typed`: a helper or a retry callback
 * that receives an error from code it cannot see). `logs/error-handlers.ts` builds on it.
 */
export type ErrorParameterRole = 'rejection' | 'listener' | 'middleware' | 'callback' | 'typed';

export function errorParameterRole(parameter: ts.ParameterDeclaration): ErrorParameterRole | undefined {
  const fn = parameter.parent;
  if (!isFunctionLike(fn)) return undefined;
  const position = fn.parameters.indexOf(parameter);
  const typed = isErrorTypeNode(parameter.type);
  if (position !== 0) return typed ? 'typed' : undefined;
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : '';
  // Express error middleware: (err, req, res, next).
  const second = fn.parameters[1];
  if (fn.parameters.length === 4 && second && ts.isIdentifier(second.name) && /^(req|request)$/.test(second.name.text))
    return 'middleware';
  const registration = callbackOf(fn);
  if (registration) {
    const method = calleeName(registration.call);
    if (method === 'catch' && registration.index === 0 && calleeReceiver(registration.call)) return 'rejection';
    if (method === 'then' && registration.index === 1) return 'rejection';
    const event = registration.call.arguments[0];
    if ((method === 'on' || method === 'once') && event && ts.isStringLiteralLike(event) && event.text === 'error')
      return 'listener';
    // Node's error-first callbacks: fs.readFile(path, (err, data) => …).
    if (/^(err|error)$/.test(name) && registration.index === registration.call.arguments.length - 1) return 'callback';
  }
  return typed ? 'typed' : undefined;
}

function parameterHoldsError(parameter: ts.ParameterDeclaration): boolean {
  return errorParameterRole(parameter) !== undefined;
}

/** Typed mode: a type with `message` and `stack` (Error and its subclasses); undefined when types cannot tell. */
function errorByType(view: ModuleView, node: ts.Node): boolean | undefined {
  if (!view.typed || !view.checker) return undefined;
  const type = view.checker.getNonNullableType(view.checker.getTypeAtLocation(node));
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  return !!type.getProperty('message') && !!type.getProperty('stack');
}

/** Does this declaration hold an error? */
export function isErrorDeclaration(view: ModuleView, declaration: ts.Declaration): boolean {
  if (ts.isVariableDeclaration(declaration) && ts.isCatchClause(declaration.parent)) return true;
  if (ts.isParameter(declaration)) return parameterHoldsError(declaration) || errorByType(view, declaration) === true;
  if (
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer &&
    (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
  ) {
    const initializer = unwrap(declaration.initializer);
    if (ts.isNewExpression(initializer) && errorTypeName.test(initializer.expression.getText())) return true;
    return errorByType(view, declaration) === true;
  }
  return false;
}

/** The error declaration an expression refers to (`err`, `(err as Error)`), if it is one. */
export function errorDeclarationOf(view: ModuleView, expression: ts.Expression): ts.Declaration | undefined {
  const value = unwrap(expression);
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = declarationOf(view, value);
  return declaration && isErrorDeclaration(view, declaration) ? declaration : undefined;
}

/** Is this expression a string made from an error? */
export function errorStringOf(view: ModuleView, expression: ts.Expression, depth = 0): ErrorString | undefined {
  const value = unwrap(expression);
  if (ts.isPropertyAccessExpression(value) && value.name.text === 'message') {
    const error = errorDeclarationOf(view, value.expression);
    if (error) return { node: value, error, how: `\`${value.getText()}\`` };
  }
  if (ts.isCallExpression(value)) {
    const callee = unwrap(value.expression);
    const first = value.arguments[0];
    if (ts.isIdentifier(callee) && callee.text === 'String' && first) {
      const error = errorDeclarationOf(view, first);
      if (error) return { node: value, error, how: `\`${value.getText()}\`` };
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'toString' && value.arguments.length === 0) {
      const error = errorDeclarationOf(view, callee.expression);
      if (error) return { node: value, error, how: `\`${value.getText()}\`` };
    }
    if (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'stringify' &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'JSON' &&
      first
    ) {
      const error = errorDeclarationOf(view, first);
      if (error) return { node: value, error, how: `\`${value.getText()}\` (an Error stringifies to \`{}\`)` };
    }
  }
  // `err instanceof Error ? err.message : String(err)`: a string either way.
  if (ts.isConditionalExpression(value)) {
    const whenTrue = errorStringOf(view, value.whenTrue, depth + 1);
    const whenFalse = errorStringOf(view, value.whenFalse, depth + 1);
    const found = whenTrue ?? whenFalse;
    const other = whenTrue ? value.whenFalse : value.whenTrue;
    if (found && (whenTrue && whenFalse ? true : ts.isStringLiteralLike(unwrap(other))))
      return { node: value, error: found.error, how: found.how };
  }
  // A `const` holding such a string: `const reason = err.message; logger.error({ reason })`.
  if (ts.isIdentifier(value) && depth < 2) {
    const declaration = declarationOf(view, value);
    if (
      declaration &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer &&
      (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
    ) {
      const inner = errorStringOf(view, declaration.initializer, depth + 1);
      if (inner) return { node: value, error: inner.error, how: `\`${value.text}\` (from ${inner.how})` };
    }
  }
  return undefined;
}

/**
 * Error strings inside a logged value: the value itself, template substitutions and concatenated operands
 * (`${err}`, `'failed: ' + err` count too), and the top-level property values of an object literal.
 */
export function errorStringsIn(view: ModuleView, expression: ts.Expression, inObject = false): ErrorString[] {
  const value = unwrap(expression);
  const direct = errorStringOf(view, value);
  if (direct) return [direct];
  const inString = (part: ts.Expression): ErrorString[] => {
    const found = errorStringOf(view, part);
    if (found) return [found];
    const error = errorDeclarationOf(view, part);
    const text = unwrap(part).getText();
    if (error)
      return [
        { node: unwrap(part), error, how: ts.isTemplateSpan(part.parent) ? `\`\${${text}}\`` : `\`'…' + ${text}\`` },
      ];
    return ts.isTemplateExpression(unwrap(part)) || ts.isBinaryExpression(unwrap(part))
      ? errorStringsIn(view, part, true)
      : [];
  };
  if (ts.isTemplateExpression(value)) return value.templateSpans.flatMap((span) => inString(span.expression));
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const stringy = (node: ts.Expression): boolean => {
      const inner = unwrap(node);
      return (
        ts.isStringLiteralLike(inner) ||
        ts.isTemplateExpression(inner) ||
        (ts.isBinaryExpression(inner) &&
          inner.operatorToken.kind === ts.SyntaxKind.PlusToken &&
          (stringy(inner.left) || stringy(inner.right)))
      );
    };
    if (!stringy(value)) return [];
    return [...inString(value.left), ...inString(value.right)];
  }
  if (ts.isObjectLiteralExpression(value) && !inObject) {
    return value.properties.flatMap((property) => {
      if (ts.isPropertyAssignment(property)) return errorStringsIn(view, property.initializer, true);
      if (ts.isShorthandPropertyAssignment(property)) {
        const found = errorStringOf(view, property.name);
        return found ? [found] : [];
      }
      return [];
    });
  }
  return [];
}

/**
 * Does `node` pass the error object itself (or its stack) somewhere, not only a string made from it?
 * `{ err }`, `logger.error(err, …)`, `serialize(err)`, `err.stack` all keep the stack.
 */
export function passesErrorObject(view: ModuleView, node: ts.Node, error: ts.Declaration): boolean {
  let found = false;
  const check = (identifier: ts.Identifier) => {
    if (declarationOf(view, identifier) !== error) return;
    const { node: value, parent } = skipWrappersUp(identifier);
    if (ts.isPropertyAccessExpression(parent) && parent.expression === value) {
      if (parent.name.text === 'stack') found = true;
      return;
    }
    if (
      ts.isTemplateSpan(parent) ||
      (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken)
    )
      return;
    if (ts.isCallExpression(parent) && /^(String|stringify)$/.test(calleeName(parent) ?? '')) return;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) return;
    if (ts.isConditionalExpression(parent) && parent.condition === value) return;
    found = true;
  };
  if (ts.isIdentifier(node)) check(node);
  visitDescendants(node, (child) => {
    if (found) return 'skip';
    if (ts.isIdentifier(child)) check(child);
    return undefined;
  });
  return found;
}

/**
 * Is `node` inside a branch taken only for a recognised kind of error — `if (err instanceof NotFoundError)`,
 * `if (err.code === 'ENOENT')`, `if (err?.name === 'AbortError')`? There the code has classified the error as an
 * expected one, and logging its message alone is a decision, not an accident.
 */
export function inClassifiedErrorBranch(view: ModuleView, node: ts.Node, error: ts.Declaration): boolean {
  const refersToError = (expression: ts.Expression): boolean => {
    const value = unwrap(expression);
    return ts.isIdentifier(value) && declarationOf(view, value) === error;
  };
  const classifies = (condition: ts.Expression): boolean => {
    let found = false;
    const visit = (child: ts.Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(child)) {
        const operator = child.operatorToken.kind;
        if (
          operator === ts.SyntaxKind.InstanceOfKeyword &&
          refersToError(child.left) &&
          child.right.getText() !== 'Error'
        )
          found = true;
        if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) {
          for (const side of [child.left, child.right]) {
            const value = unwrap(side);
            if (
              (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) &&
              refersToError(value.expression)
            )
              found = true;
          }
        }
      }
      ts.forEachChild(child, visit);
    };
    visit(condition);
    return found;
  };
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (isFunctionLike(parent) || ts.isCatchClause(parent)) return false;
    if (ts.isIfStatement(parent) && parent.thenStatement === current && classifies(parent.expression)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === current && classifies(parent.condition)) return true;
  }
  return false;
}
