/**
 * Is a metric's name built from runtime data — one metric per value (`queue_${queue.name}_depth`) — or only from
 * configuration fixed per deployment or per component (`${prefix}_requests_total`, `opts.prefix ?? 'worker'`,
 * `${this.name}.messages.enqueued` with a name given to the constructor)?
 *
 * The name is searched for a part whose value varies between calls of the code that defines the metric: a
 * parameter of an ordinary function or callback (not a constructor's options, not one named like a name or
 * prefix that a wrapper hands through), a loop variable, or a member of one (`env.slug`, `tenant.slug`). Module
 * constants, imports, `process.env`, instance fields (`this.name`), option objects and values with a literal
 * default (`x ?? 'name'`) are configuration. Anything else is unknown and is not reported (precision first).
 */
import { ts } from '../../compiler.js';
import { isFunctionLike, unwrap, type FunctionLike } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf } from '../modules/origin.js';
import type { MetricDefinition } from './instruments.js';

export type RuntimeSource =
  /** `function` is the function's name when it has one (a callback has none). */
  { kind: 'parameter'; function?: string } | { kind: 'loop'; variable: string };

export interface RuntimeNamePart {
  /** The expression whose value varies: `env.slug`, `queueName`. */
  node: ts.Expression;
  source: RuntimeSource;
}

/** Identifiers that hold a configured name or prefix — what a metric wrapper or a configurable component passes on. */
const configuredIdentifier =
  /^(?:name|metricName|metricsName|baseName|service|serviceName|app|appName|component|componentName|meterName|scope)$|(?:prefix|namespace|subsystem)$/i;
/** Properties that hold a configured prefix, whatever object they are read from. */
const configuredProperty = /(?:prefix|namespace|subsystem)$/i;
/** Objects that hold configuration: `opts.name`, `this.options.queue`, `metricsConfig.service`. */
const configurationObject = /(?:^opts|options|config|configuration|^cfg|^conf|settings)$/i;

const maxDepth = 6;

/**
 * The part of a definition's name that is runtime data, or undefined when the name is static, configured, handed
 * through unchanged (a wrapper's `name` parameter) or cannot be judged.
 */
export function runtimeNamePart(definition: MetricDefinition): RuntimeNamePart | undefined {
  if (definition.name.kind !== 'dynamic' || !definition.nameNode) return undefined;
  const nameView = viewOf(definition, definition.nameNode);
  const value = unwrap(definition.nameNode);
  // A name passed as a whole (`new Counter({ name })`, `meter.createCounter(name)`) is handed through: only a name
  // composed around a value is built here.
  const composed = ts.isTemplateExpression(value) || ts.isBinaryExpression(value) || ts.isCallExpression(value);
  if (!composed) return undefined;
  // The part obslint could not read first (it is already followed through a factory's arguments), then the rest.
  return (
    runtimePart(definition.name.view, definition.name.part, 0) ??
    (nameView ? runtimePart(nameView, value, 0) : undefined)
  );
}

function viewOf(definition: MetricDefinition, node: ts.Node): ModuleView | undefined {
  const file = node.getSourceFile();
  for (const view of [
    definition.view,
    definition.siteView,
    definition.name.kind === 'dynamic' ? definition.name.view : undefined,
  ]) {
    if (view?.sourceFile === file) return view;
  }
  return undefined;
}

function isLiteral(expression: ts.Expression): boolean {
  const value = unwrap(expression);
  return ts.isStringLiteralLike(value) || ts.isNumericLiteral(value);
}

function runtimePart(view: ModuleView, expression: ts.Expression, depth: number): RuntimeNamePart | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isTemplateExpression(value)) {
    for (const span of value.templateSpans) {
      const found = runtimePart(view, span.expression, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    // `opts.prefix ?? 'worker'`: a configured value with a default.
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) return undefined;
    if (operator !== ts.SyntaxKind.PlusToken) return undefined;
    return runtimePart(view, value.left, depth + 1) ?? runtimePart(view, value.right, depth + 1);
  }
  if (ts.isConditionalExpression(value)) {
    return runtimePart(view, value.whenTrue, depth + 1) ?? runtimePart(view, value.whenFalse, depth + 1);
  }
  if (ts.isCallExpression(value)) {
    // `sanitize(`…${env.slug}…`)`, `name.toLowerCase()`: the call transforms its input.
    const callee = unwrap(value.expression);
    const receiver = ts.isPropertyAccessExpression(callee)
      ? runtimePart(view, callee.expression, depth + 1)
      : undefined;
    if (receiver) return receiver;
    for (const argument of value.arguments) {
      const found = runtimePart(view, argument, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isIdentifier(value)) return runtimeIdentifier(view, value, depth);
  if (ts.isPropertyAccessExpression(value)) {
    if (configuredProperty.test(value.name.text)) return undefined;
    const found = runtimeReceiver(view, value.expression, depth);
    return found ? { node: value, source: found.source } : undefined;
  }
  if (ts.isElementAccessExpression(value)) {
    if (isLiteral(value.argumentExpression)) {
      const found = runtimeReceiver(view, value.expression, depth);
      return found ? { node: value, source: found.source } : undefined;
    }
    const key = runtimePart(view, value.argumentExpression, depth + 1);
    return key ? { node: value, source: key.source } : undefined;
  }
  return undefined;
}

/** The object a member is read from: configuration objects and `this` (a component's own settings) are not data. */
function runtimeReceiver(view: ModuleView, receiver: ts.Expression, depth: number): RuntimeNamePart | undefined {
  const value = unwrap(receiver);
  if (value.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  const name = ts.isIdentifier(value) ? value.text : ts.isPropertyAccessExpression(value) ? value.name.text : undefined;
  if (name && configurationObject.test(name)) return undefined;
  if (
    ts.isPropertyAccessExpression(value) &&
    ts.isIdentifier(value.expression) &&
    value.expression.text === 'process' &&
    value.name.text === 'env'
  )
    return undefined;
  if (ts.isPropertyAccessExpression(value) && unwrap(value.expression).kind === ts.SyntaxKind.ThisKeyword)
    return undefined;
  return runtimePart(view, value, depth + 1);
}

function runtimeIdentifier(view: ModuleView, identifier: ts.Identifier, depth: number): RuntimeNamePart | undefined {
  if (configuredIdentifier.test(identifier.text)) return undefined;
  const declaration = declarationOf(view, identifier);
  if (!declaration || importBindingOf(view, declaration)) return undefined;
  const parameter = enclosingParameter(declaration);
  if (parameter) {
    const fn = parameter.parent;
    if (!isFunctionLike(fn) || ts.isConstructorDeclaration(fn)) return undefined;
    const name = functionName(fn);
    return { node: identifier, source: { kind: 'parameter', ...(name ? { function: name } : {}) } };
  }
  const variable = enclosingVariable(declaration);
  if (!variable) return undefined;
  const list = variable.parent;
  if (ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent))) {
    return { node: identifier, source: { kind: 'loop', variable: identifier.text } };
  }
  // Module-level constants are configuration (`const prefix = process.env.METRICS_PREFIX`).
  if (ts.isVariableDeclarationList(list) && ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent))
    return undefined;
  if (!variable.initializer) return undefined;
  // `const { slug } = env` reads `env`; `const prefix = opts.prefix ?? 'worker'` is configuration.
  const found = runtimePart(view, variable.initializer, depth + 1);
  return found ? { node: identifier, source: found.source } : undefined;
}

function enclosingParameter(declaration: ts.Node): ts.ParameterDeclaration | undefined {
  for (let current: ts.Node | undefined = declaration; current; current = current.parent) {
    if (ts.isParameter(current)) return current;
    if (!ts.isBindingElement(current) && !ts.isObjectBindingPattern(current) && !ts.isArrayBindingPattern(current))
      return undefined;
  }
  return undefined;
}

function enclosingVariable(declaration: ts.Node): ts.VariableDeclaration | undefined {
  for (let current: ts.Node | undefined = declaration; current; current = current.parent) {
    if (ts.isVariableDeclaration(current)) return current;
    if (!ts.isBindingElement(current) && !ts.isObjectBindingPattern(current) && !ts.isArrayBindingPattern(current))
      return undefined;
  }
  return undefined;
}

function functionName(fn: FunctionLike): string | undefined {
  if (
    (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) &&
    fn.name &&
    ts.isIdentifier(fn.name)
  )
    return fn.name.text;
  if (
    (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
    ts.isVariableDeclaration(fn.parent) &&
    ts.isIdentifier(fn.parent.name)
  )
    return fn.parent.name.text;
  return undefined;
}
