/**
 * The shape of a log call's arguments, per library: which argument is the message, what runtime data was
 * interpolated into it, and which arguments the library drops or formats into text.
 *
 * - pino / bunyan: `log.info([fields], message, ...printfValues)`; pino drops values without a placeholder,
 *   bunyan `util.format`s them onto the message text.
 * - winston: `logger.info(message, ...meta)`, `logger.log(level, message, ...meta)`; meta objects become fields.
 * - NestJS: `logger.log(message, context?)` / `logger.error(message, stack?, context?)`.
 * - console: `console.log(message, ...values)`.
 */
import { ts } from '../../compiler.js';
import { accessedName, calleeName, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf, originOf } from '../modules/origin.js';
import { type LogCall } from './loggers.js';
import { argumentConventions } from './log-conventions.js';

/** printf placeholders understood by pino (quick-format-unescaped), bunyan and winston (`util.format`). */
const placeholderPattern = /%[sdifjoOc]/g;

/** Number of value placeholders in a format string (`%%` is a literal percent sign). */
export function placeholderCount(text: string): number {
  return (text.replace(/%%/g, '').match(placeholderPattern) ?? []).length;
}

/** The literal text of a message, substitutions left out: what placeholders can appear in. */
function literalText(expression: ts.Expression): string | undefined {
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value)) return value.text;
  if (ts.isTemplateExpression(value))
    return value.head.text + value.templateSpans.map((span) => span.literal.text).join('');
  return undefined;
}

/** `util.format(…)` / `format(…)` imported from `util` / `node:util`. */
function isUtilFormat(view: ModuleView, call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  const name = calleeName(call);
  if (name !== 'format') return false;
  const owner = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : callee;
  if (!ts.isIdentifier(owner)) return false;
  const declaration = declarationOf(view, owner);
  const binding = declaration && importBindingOf(view, declaration);
  return !!binding && (binding.module === 'util' || binding.module === 'node:util');
}

/** Could this argument be the message string (as opposed to a fields object or an error)? */
export function isStringLike(view: ModuleView, expression: ts.Expression): boolean {
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value) || ts.isTemplateExpression(value)) return true;
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isStringLike(view, value.left) || isStringLike(view, value.right);
  if (ts.isCallExpression(value) && isUtilFormat(view, value)) return true;
  if (view.typed && view.checker) {
    const type = view.checker.getTypeAtLocation(value);
    return (type.flags & ts.TypeFlags.StringLike) !== 0;
  }
  return false;
}

/** The index of the message argument, or undefined when the call has no recognisable message. */
export function messageIndex(view: ModuleView, log: LogCall): number | undefined {
  const args = log.call.arguments;
  const library = argumentConventions(log);
  if (library === 'winston' && log.method === 'log')
    return args.length >= 2 && isStringLike(view, args[0]!) ? 1 : undefined;
  if (args[0] && isStringLike(view, args[0])) return 0;
  // pino/bunyan (and unknown libraries, which mostly follow pino): a fields object or error comes first.
  if ((library === 'pino' || library === 'bunyan' || library === undefined) && args[1] && isStringLike(view, args[1]))
    return 1;
  return undefined;
}

/** Constants of Node's built-in modules that end up in messages (`${EOL}`). */
const platformConstants = new Set(['os.EOL', 'path.sep', 'path.delimiter']);

/** A value that is the same on every run: literals, `const` literals, enum members, `SomeClass.name`. */
export function isConstantValue(view: ModuleView, expression: ts.Expression, depth = 0): boolean {
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value) || ts.isNumericLiteral(value) || ts.isBigIntLiteral(value)) return true;
  if (
    value.kind === ts.SyntaxKind.TrueKeyword ||
    value.kind === ts.SyntaxKind.FalseKeyword ||
    value.kind === ts.SyntaxKind.NullKeyword
  )
    return true;
  if (ts.isTemplateExpression(value))
    return value.templateSpans.every((span) => isConstantValue(view, span.expression, depth + 1));
  if (depth > 3) return false;
  // `enabled ? 'enabled' : 'disabled'`: one of two fixed texts.
  if (ts.isConditionalExpression(value))
    return isConstantValue(view, value.whenTrue, depth + 1) && isConstantValue(view, value.whenFalse, depth + 1);
  if (ts.isPropertyAccessExpression(value)) {
    // `os.EOL` where `import os from 'os'`.
    const module = ts.isIdentifier(value.expression) ? declarationOf(view, value.expression) : undefined;
    const namespace = module && importBindingOf(view, module);
    if (
      namespace &&
      (namespace.name === '*' || namespace.name === 'default') &&
      platformConstants.has(`${namespace.module.replace(/^node:/, '')}.${value.name.text}`)
    )
      return true;
    // `UsersService.name`, `this.constructor.name`: a class name.
    if (value.name.text === 'name') {
      const owner = unwrap(value.expression);
      if (
        owner.kind === ts.SyntaxKind.ThisKeyword ||
        (ts.isPropertyAccessExpression(owner) && owner.name.text === 'constructor')
      )
        return true;
      if (ts.isIdentifier(owner)) {
        const origin = originOf(view, owner);
        if (ts.isClassLike(origin.node) || ts.isFunctionDeclaration(origin.node)) return true;
      }
    }
    const origin = originOf(view, value.expression);
    if (ts.isEnumDeclaration(origin.node)) return true;
    // `Service.MESSAGE` where `static readonly MESSAGE = '…'`.
    if (ts.isClassLike(origin.node)) {
      const member = origin.node.members.find(
        (m) => ts.isPropertyDeclaration(m) && m.name.getText(origin.view.sourceFile) === value.name.text,
      );
      const isStatic =
        !!member &&
        ts.getModifiers(member as ts.PropertyDeclaration)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
      const isReadonly =
        !!member &&
        ts.getModifiers(member as ts.PropertyDeclaration)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
      const initializer = member && ts.isPropertyDeclaration(member) ? member.initializer : undefined;
      return !!(isStatic && isReadonly && initializer && isConstantValue(origin.view, initializer, depth + 1));
    }
    if (ts.isObjectLiteralExpression(origin.node)) {
      const property = origin.node.properties.find(
        (p) => ts.isPropertyAssignment(p) && p.name.getText(origin.view.sourceFile) === value.name.text,
      );
      return (
        !!property && ts.isPropertyAssignment(property) && isConstantValue(origin.view, property.initializer, depth + 1)
      );
    }
    return false;
  }
  if (ts.isIdentifier(value)) {
    if (value.text === 'undefined') return true;
    const declaration = declarationOf(view, value);
    if (!declaration || ts.isParameter(declaration) || ts.isBindingElement(declaration)) return false;
    // `import { EOL } from 'os'`: a platform constant.
    const imported = importBindingOf(view, declaration);
    if (imported && platformConstants.has(`${imported.module.replace(/^node:/, '')}.${imported.name}`)) return true;
    // `let`/`var` may be reassigned: only `const` (and imports of constants) count.
    if (ts.isVariableDeclaration(declaration) && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const))
      return false;
    const origin = originOf(view, value);
    if (ts.isEnumMember(origin.node)) return true;
    if (origin.node !== value && ts.isExpression(origin.node))
      return isConstantValue(origin.view, origin.node, depth + 1);
    return false;
  }
  return false;
}

/**
 * The runtime values a message is built from: template substitutions, concatenated operands and `util.format`
 * arguments that are not constants. Empty when the message is constant.
 */
export function interpolatedValues(view: ModuleView, message: ts.Expression): ts.Expression[] {
  const value = unwrap(message);
  if (ts.isTemplateExpression(value))
    return value.templateSpans.map((span) => span.expression).filter((part) => !isConstantValue(view, part));
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const operands: ts.Expression[] = [];
    const flatten = (node: ts.Expression) => {
      const inner = unwrap(node);
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        flatten(inner.left);
        flatten(inner.right);
      } else operands.push(inner);
    };
    flatten(value);
    return operands.flatMap((operand) =>
      ts.isTemplateExpression(operand)
        ? interpolatedValues(view, operand)
        : isConstantValue(view, operand)
          ? []
          : [operand],
    );
  }
  if (ts.isCallExpression(value) && isUtilFormat(view, value))
    return value.arguments.slice(1).filter((argument) => !isConstantValue(view, argument));
  return [];
}

/** Arguments after the message consumed by its printf placeholders (`'user %s', id` → `[id]`). */
export function placeholderValues(
  log: LogCall,
  index: number,
): { consumed: ts.Expression[]; extra: ts.Expression[] } | undefined {
  const args = log.call.arguments;
  const message = args[index];
  const text = message && literalText(message);
  if (text === undefined) return undefined;
  const rest = args.slice(index + 1).filter((argument) => !ts.isSpreadElement(argument));
  if (rest.length !== args.length - index - 1) return undefined; // a spread: cannot count
  const count = placeholderCount(text);
  return { consumed: rest.slice(0, count), extra: rest.slice(count) };
}

/** The name a message part is known by, for messages: `userId`, `req.params.id`, `order.total`. */
export function describeValue(expression: ts.Expression): string {
  const text = unwrap(expression).getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** A field name suggested for a value: `userId` for `user.id`, `id` for `req.params.id`. */
export function suggestedFieldName(expression: ts.Expression): string {
  const value = unwrap(expression);
  if (ts.isIdentifier(value)) return value.text;
  const name = accessedName(value);
  if (name && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))) {
    const owner = unwrap(value.expression);
    const ownerName = ts.isIdentifier(owner) ? owner.text : accessedName(owner);
    if (name === 'id' && ownerName && !/^(params|query|body|req|request)$/.test(ownerName)) return `${ownerName}Id`;
    return name;
  }
  if (ts.isCallExpression(value)) return calleeName(value) ?? 'value';
  return 'value';
}
