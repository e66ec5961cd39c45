/**
 * What metrics are: prom-client `Counter`/`Gauge`/`Histogram`/`Summary` and OpenTelemetry instruments
 * (`meter.createCounter(…)` …), recognised where they are defined and where they are written to — through
 * variables, class fields, object properties, exports of local modules and factory functions (promlinter's blind
 * spot: it only sees inline constructors). In typed mode, declared types settle what syntax cannot.
 *
 * `metricDefinitionsIn(view)` lists the definitions of one file (name, type, label names, help, unit): the unit of a
 * project-level metric catalog. `metricWriteAt(view, call)` says which label values a call writes.
 */
import { ts } from '../compiler.js';
import { accessedName, calleeName, calleeReceiver, isFunctionLike, unwrap, visitDescendants, visitSameFunction, type FunctionLike } from './ast.js';
import { declarationOf, type ModuleView } from './module-view.js';
import { calledFunction } from './called-function.js';
import { importBindingOf, originOf, originOfDeclaration } from './origin.js';
import { otelApiMember, otelApiModule, usesOpenTelemetry } from './otel.js';

export const promClientModule = 'prom-client';

export type MetricLibrary = 'prom-client' | 'opentelemetry';
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'updowncounter'
  | 'observablecounter'
  | 'observablegauge'
  | 'observableupdowncounter';

/** A string that is fixed in the code, or the part of it that is computed at runtime. */
export type StaticText =
  | { kind: 'static'; value: string }
  | { kind: 'dynamic'; value?: undefined; part: ts.Expression; view: ModuleView }
  | { kind: 'unknown'; value?: undefined };

export interface MetricDefinition {
  library: MetricLibrary;
  type: MetricType;
  /** `new Counter(…)` / `meter.createCounter(…)`. */
  node: ts.NewExpression | ts.CallExpression;
  /** The module `node` is in. */
  view: ModuleView;
  /** The name, and the expression it comes from (a factory call's argument when produced by a factory). */
  name: StaticText;
  nameNode?: ts.Expression;
  /** prom-client `labelNames`, in order; `undefined` entries could not be read. */
  labelNames?: (string | undefined)[];
  labelNameNodes?: ts.Expression[];
  labelNamesNode?: ts.Expression;
  help: StaticText;
  helpNode?: ts.Expression;
  /** OpenTelemetry `unit` option. */
  unit?: StaticText;
  unitNode?: ts.Expression;
  /** The factory call that produced this definition, when the name came from its arguments. */
  site?: ts.CallExpression;
  /** The module of `site`. */
  siteView?: ModuleView;
}

/** A value known to be a metric; `definition` when obslint found where it is created. */
export interface MetricRef {
  library: MetricLibrary;
  type?: MetricType;
  definition?: MetricDefinition;
}

const promClasses: Record<string, MetricType> = { Counter: 'counter', Gauge: 'gauge', Histogram: 'histogram', Summary: 'summary' };
const otelFactories: Record<string, MetricType> = {
  createCounter: 'counter',
  createUpDownCounter: 'updowncounter',
  createHistogram: 'histogram',
  createGauge: 'gauge',
  createObservableCounter: 'observablecounter',
  createObservableGauge: 'observablegauge',
  createObservableUpDownCounter: 'observableupdowncounter',
};
const otelTypes: Record<string, MetricType> = {
  Counter: 'counter',
  UpDownCounter: 'updowncounter',
  Histogram: 'histogram',
  Gauge: 'gauge',
  ObservableCounter: 'observablecounter',
  ObservableGauge: 'observablegauge',
  ObservableUpDownCounter: 'observableupdowncounter',
};

/** Parameter → the argument bound to it, when following a factory function from one of its call sites. */
type Env = Map<ts.Node, { view: ModuleView; expression: ts.Expression | undefined }>;

const maxDepth = 6;

// ---------------------------------------------------------------------------------------------------------------
// Libraries

/** `Counter`, `client.Counter`, `require('prom-client').Counter`: the prom-client class an expression names. */
function promClass(view: ModuleView, expression: ts.Expression, depth = 0): MetricType | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (!declaration) return undefined;
    const binding = importBindingOf(view, declaration);
    if (binding?.module === promClientModule) return binding.name === '*' || binding.name === 'default' ? undefined : promClasses[binding.name];
    const origin = originOfDeclaration(view, declaration);
    if (origin.imported?.module === promClientModule) return promClasses[origin.imported.name];
    if (origin.node !== declaration && ts.isExpression(origin.node)) return promClass(origin.view, origin.node, depth + 1);
    return undefined;
  }
  const name = accessedName(value);
  if (name && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) && promClasses[name]) {
    return isPromClientModule(view, value.expression) ? promClasses[name] : undefined;
  }
  return undefined;
}

function isPromClientModule(view: ModuleView, expression: ts.Expression): boolean {
  const value = unwrap(expression);
  if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'require') {
    const argument = value.arguments[0];
    return !!argument && ts.isStringLiteralLike(argument) && argument.text === promClientModule;
  }
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  const binding = declaration && importBindingOf(view, declaration);
  return !!binding && binding.module === promClientModule && (binding.name === '*' || binding.name === 'default');
}

const usesPromCache = new WeakMap<ts.SourceFile, boolean>();

/** The module imports prom-client, or its package depends on it. */
export function usesPromClient(view: ModuleView): boolean {
  let cached = usesPromCache.get(view.sourceFile);
  if (cached === undefined) {
    cached = /['"]prom-client['"]/.test(view.sourceFile.text) || view.project.dependsOn(view.path, promClientModule);
    usesPromCache.set(view.sourceFile, cached);
  }
  return cached;
}

type TypeVerdict = 'yes' | 'no' | 'unknown';

/** Typed mode: the declared type of an expression, when it comes from prom-client or the OTel API. */
function metricByType(view: ModuleView, expression: ts.Expression): MetricRef | 'no' | undefined {
  if (!view.typed || !view.checker) return undefined;
  let type: ts.Type;
  try {
    type = view.checker.getTypeAtLocation(expression);
  } catch {
    return undefined;
  }
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
  if (!symbol) return undefined;
  if (/[/\\]prom-client[/\\]/.test(file) && promClasses[symbol.name]) return { library: 'prom-client', type: promClasses[symbol.name] };
  if (/[/\\]@opentelemetry[/\\]api[/\\]/.test(file) && otelTypes[symbol.name]) return { library: 'opentelemetry', type: otelTypes[symbol.name] };
  if (file.includes('node_modules')) return 'no';
  return undefined;
}

function meterByType(view: ModuleView, expression: ts.Expression): TypeVerdict {
  if (!view.typed || !view.checker) return 'unknown';
  const type = view.checker.getTypeAtLocation(expression);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? '';
  if (symbol?.name === 'Meter' && file.includes('@opentelemetry')) return 'yes';
  if (file.includes('node_modules')) return 'no';
  return 'unknown';
}

function annotationName(node: ts.Node): { name: string; qualifier?: ts.EntityName; identifier?: ts.Identifier } | undefined {
  if (!(ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) || !node.type) return undefined;
  const type = node.type;
  if (!ts.isTypeReferenceNode(type)) return undefined;
  if (ts.isIdentifier(type.typeName)) return { name: type.typeName.text, identifier: type.typeName };
  return { name: type.typeName.right.text, qualifier: type.typeName.left };
}

/** `Meter` / `api.Meter` annotations from `@opentelemetry/api`. */
function annotatedFrom(view: ModuleView, node: ts.Node, module: string): string | undefined {
  const annotation = annotationName(node);
  if (!annotation) return undefined;
  if (annotation.identifier) {
    const declaration = declarationOf(view, annotation.identifier);
    const binding = declaration && importBindingOf(view, declaration);
    return binding?.module === module ? binding.name : undefined;
  }
  const qualifier = annotation.qualifier;
  if (qualifier && ts.isIdentifier(qualifier)) {
    const declaration = declarationOf(view, qualifier);
    const binding = declaration && importBindingOf(view, declaration);
    if (binding?.module === module && (binding.name === '*' || binding.name === 'default')) return annotation.name;
  }
  return undefined;
}

function nameOf(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if ((ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name)) return node.name.text;
  return undefined;
}

/** Is this an OpenTelemetry `Meter`: `metrics.getMeter()`, `provider.getMeter()`, a `Meter` annotation or type? */
export function isMeter(view: ModuleView, expression: ts.Expression): boolean {
  const byType = meterByType(view, expression);
  if (byType !== 'unknown') return byType === 'yes';
  const origin = originOf(view, expression);
  const node = origin.node;
  if (ts.isCallExpression(node) && calleeName(node) === 'getMeter') {
    const receiver = calleeReceiver(node);
    if (receiver && otelApiMember(origin.view, receiver) === 'metrics') return true;
    return usesOpenTelemetry(origin.view);
  }
  if (annotatedFrom(origin.view, node, otelApiModule) === 'Meter') return true;
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isObjectLiteralExpression(node)) return false;
  const name = nameOf(node) ?? nameOf(unwrap(expression));
  return usesOpenTelemetry(view) && !!name && /meter$/i.test(name);
}

// ---------------------------------------------------------------------------------------------------------------
// Static text (names, help, units, label names)

function bindingValue(env: Env | undefined, declaration: ts.Node): { view: ModuleView; expression: ts.Expression | undefined } | undefined {
  return env?.get(declaration);
}

/** A string fixed in the code: literals, constants, templates and concatenations of them, factory arguments. */
export function staticText(view: ModuleView, expression: ts.Expression, env?: Env, depth = 0): StaticText {
  if (depth > maxDepth) return { kind: 'unknown' };
  const value = unwrap(expression);
  if (ts.isStringLiteralLike(value)) return { kind: 'static', value: value.text };
  if (ts.isNumericLiteral(value)) return { kind: 'static', value: value.text };
  if (ts.isTemplateExpression(value)) {
    let result = value.head.text;
    for (const span of value.templateSpans) {
      const part = staticText(view, span.expression, env, depth + 1);
      if (part.kind !== 'static') return part;
      result += part.value + span.literal.text;
    }
    return { kind: 'static', value: result };
  }
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticText(view, value.left, env, depth + 1);
    if (left.kind !== 'static') return left;
    const right = staticText(view, value.right, env, depth + 1);
    if (right.kind !== 'static') return right;
    return { kind: 'static', value: left.value + right.value };
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (!declaration) return { kind: 'dynamic', part: value, view };
    const bound = bindingValue(env, declaration);
    if (bound) return bound.expression ? staticText(bound.view, bound.expression, undefined, depth + 1) : { kind: 'unknown' };
    if (ts.isParameter(declaration) || ts.isBindingElement(declaration)) return { kind: 'dynamic', part: value, view };
    const origin = originOfDeclaration(view, declaration);
    if (origin.imported) return { kind: 'dynamic', part: value, view };
    if (ts.isExpression(origin.node) && origin.node !== value) return staticText(origin.view, origin.node, undefined, depth + 1);
    if (ts.isVariableDeclaration(origin.node)) return { kind: 'dynamic', part: value, view };
    return { kind: 'unknown' };
  }
  if (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) {
    const name = accessedName(value);
    const object = name ? objectLiteralOf(view, value.expression, env, depth + 1) : undefined;
    const property = object && name ? propertyOf(object.view, object.node, name, object.env, depth + 1) : undefined;
    if (property) return staticText(property.view, property.expression, property.env, depth + 1);
    return { kind: 'dynamic', part: value, view };
  }
  if (ts.isCallExpression(value) || ts.isConditionalExpression(value) || ts.isBinaryExpression(value)) return { kind: 'dynamic', part: value, view };
  return { kind: 'unknown' };
}

interface ObjectAt {
  view: ModuleView;
  node: ts.ObjectLiteralExpression;
  env?: Env;
}

/** The object literal an expression holds (through constants, fields, imports and factory arguments). */
export function objectLiteralOf(view: ModuleView, expression: ts.Expression, env?: Env, depth = 0): ObjectAt | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isObjectLiteralExpression(value)) return { view, node: value, env };
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const bound = declaration && bindingValue(env, declaration);
    if (bound) return bound.expression ? objectLiteralOf(bound.view, bound.expression, undefined, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOf(owner.view, owner.node, value.name.text, owner.env, depth + 1);
    return property ? objectLiteralOf(property.view, property.expression, property.env, depth + 1) : undefined;
  }
  const origin = originOf(view, value);
  if (origin.node !== value && ts.isExpression(origin.node)) return objectLiteralOf(origin.view, origin.node, undefined, depth + 1);
  return undefined;
}

/** `object[name]` in an object literal: assignments, shorthands and spreads (`{ ...base, name }`). */
export function propertyOf(view: ModuleView, object: ts.ObjectLiteralExpression, name: string, env?: Env, depth = 0): { view: ModuleView; expression: ts.Expression; env?: Env; key: ts.Node } | undefined {
  if (depth > maxDepth) return undefined;
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index]!;
    if (ts.isPropertyAssignment(property) && propertyKey(property.name) === name) return { view, expression: property.initializer, env, key: property.name };
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return { view, expression: property.name, env, key: property.name };
    if ((ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) && propertyKey(property.name) === name) return undefined;
    if (ts.isSpreadAssignment(property)) {
      const spread = objectLiteralOf(view, property.expression, env, depth + 1);
      const found = spread && propertyOf(spread.view, spread.node, name, spread.env, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The elements of a constant string array (`['a', 'b'] as const`, `[...BASE, 'c']`). */
function stringList(view: ModuleView, expression: ts.Expression, env?: Env, depth = 0): { values: (string | undefined)[]; nodes: ts.Expression[] } | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  if (ts.isArrayLiteralExpression(value)) {
    const values: (string | undefined)[] = [];
    const nodes: ts.Expression[] = [];
    for (const element of value.elements) {
      if (ts.isSpreadElement(element)) {
        const inner = stringList(view, element.expression, env, depth + 1);
        if (!inner) return undefined;
        values.push(...inner.values);
        nodes.push(...inner.nodes);
        continue;
      }
      const text = staticText(view, element, env, depth + 1);
      values.push(text.kind === 'static' ? text.value : undefined);
      nodes.push(element);
    }
    return { values, nodes };
  }
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    const bound = declaration && bindingValue(env, declaration);
    if (bound) return bound.expression ? stringList(bound.view, bound.expression, undefined, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value)) {
    const owner = objectLiteralOf(view, value.expression, env, depth + 1);
    const property = owner && propertyOf(owner.view, owner.node, value.name.text, owner.env, depth + 1);
    if (property) return stringList(property.view, property.expression, property.env, depth + 1);
  }
  const origin = originOf(view, value);
  if (origin.node !== value && ts.isExpression(origin.node)) return stringList(origin.view, origin.node, undefined, depth + 1);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Definitions

function definitionShape(view: ModuleView, node: ts.Node): { library: MetricLibrary; type: MetricType; config?: ts.Expression; nameArgument?: ts.Expression } | undefined {
  if (ts.isNewExpression(node)) {
    const type = promClass(view, node.expression);
    return type ? { library: 'prom-client', type, config: node.arguments?.[0] } : undefined;
  }
  if (ts.isCallExpression(node)) {
    const method = calleeName(node);
    const type = method ? otelFactories[method] : undefined;
    const receiver = calleeReceiver(node);
    if (type && receiver && isMeter(view, receiver)) return { library: 'opentelemetry', type, nameArgument: node.arguments[0], config: node.arguments[1] };
  }
  return undefined;
}

/** The metric defined by `node` (`new Counter({…})`, `meter.createHistogram(…)`), or undefined. */
export function metricDefinitionAt(view: ModuleView, node: ts.Node, env?: Env, site?: { call: ts.CallExpression; view: ModuleView }): MetricDefinition | undefined {
  const shape = definitionShape(view, node);
  if (!shape) return undefined;
  const definition: MetricDefinition = {
    library: shape.library,
    type: shape.type,
    node: node as ts.NewExpression | ts.CallExpression,
    view,
    name: { kind: 'unknown' },
    help: { kind: 'unknown' },
    ...(site ? { site: site.call, siteView: site.view } : {}),
  };
  const config = shape.config && objectLiteralOf(view, shape.config, env);
  const read = (key: string) => (config ? propertyOf(config.view, config.node, key, config.env) : undefined);
  /** Where a property's value really comes from: a factory argument when it is bound to a parameter. */
  const sourceOf = (expression: ts.Expression, at: ModuleView, atEnv?: Env): ts.Expression => {
    const value = unwrap(expression);
    if (ts.isIdentifier(value)) {
      const declaration = declarationOf(at, value);
      const bound = declaration && bindingValue(atEnv, declaration);
      if (bound?.expression) return bound.expression;
    }
    return expression;
  };
  if (shape.library === 'prom-client') {
    const name = read('name');
    if (name) {
      definition.name = staticText(name.view, name.expression, name.env);
      definition.nameNode = sourceOf(name.expression, name.view, name.env);
    }
    const help = read('help');
    if (help) {
      definition.help = staticText(help.view, help.expression, help.env);
      definition.helpNode = sourceOf(help.expression, help.view, help.env);
    } else if (config) definition.help = { kind: 'static', value: '' };
    const labels = read('labelNames');
    if (labels) {
      const list = stringList(labels.view, labels.expression, labels.env);
      if (list) {
        definition.labelNames = list.values;
        definition.labelNameNodes = list.nodes;
      }
      definition.labelNamesNode = labels.expression;
    } else if (config) definition.labelNames = [];
  } else {
    if (shape.nameArgument) {
      definition.name = staticText(view, shape.nameArgument, env);
      definition.nameNode = sourceOf(shape.nameArgument, view, env);
    }
    const description = read('description');
    if (description) {
      definition.help = staticText(description.view, description.expression, description.env);
      definition.helpNode = description.expression;
    }
    const unit = read('unit');
    if (unit) {
      definition.unit = staticText(unit.view, unit.expression, unit.env);
      definition.unitNode = unit.expression;
    }
  }
  return definition;
}

/** Parameters of `fn` bound to the arguments of `call` (plain and object-destructured parameters). */
function bindArguments(fn: FunctionLike, call: ts.CallExpression, callView: ModuleView): Env {
  const env: Env = new Map();
  fn.parameters.forEach((parameter, index) => {
    const argument = call.arguments[index];
    if (ts.isIdentifier(parameter.name)) env.set(parameter, { view: callView, expression: argument ?? parameter.initializer });
    else if (ts.isObjectBindingPattern(parameter.name)) {
      const object = argument && objectLiteralOf(callView, argument);
      for (const element of parameter.name.elements) {
        const key = element.propertyName ? propertyKey(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        const property = object && key ? propertyOf(object.view, object.node, key, object.env) : undefined;
        env.set(element, { view: property?.view ?? callView, expression: property?.expression ?? element.initializer });
      }
    }
  });
  return env;
}

function enclosingFunctionOf(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return undefined;
}

/** Does the definition's name or labels depend on a parameter of the function around it (a factory)? */
function dependsOnParameters(definition: MetricDefinition, fn: FunctionLike): boolean {
  const parts = [definition.name, definition.help, definition.unit].filter((text): text is StaticText => !!text);
  for (const part of parts) {
    if (part.kind !== 'dynamic') continue;
    const value = unwrap(part.part);
    if (!ts.isIdentifier(value)) continue;
    const declaration = declarationOf(part.view, value);
    if (declaration && (fn.parameters as readonly ts.Node[]).includes(declaration)) return true;
    if (declaration && ts.isBindingElement(declaration) && fn.parameters.some((parameter) => isAncestorOf(parameter, declaration))) return true;
  }
  if (definition.node.arguments?.[0] && ts.isIdentifier(unwrap(definition.node.arguments[0]))) {
    const declaration = declarationOf(definition.view, unwrap(definition.node.arguments[0]) as ts.Identifier);
    if (declaration && (fn.parameters as readonly ts.Node[]).includes(declaration)) return true;
  }
  return false;
}

function isAncestorOf(ancestor: ts.Node, node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

function functionName(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) return fn.parent.name;
  return undefined;
}

/** Calls to `fn` in `view`'s file (by name; methods through `this.name(…)`). */
function callsOf(view: ModuleView, fn: FunctionLike): ts.CallExpression[] {
  const name = functionName(fn);
  if (!name) return [];
  const calls: ts.CallExpression[] = [];
  const target = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : fn;
  visitDescendants(view.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && callee.text === name.text && !ts.isMethodDeclaration(fn)) {
      if (declarationOf(view, callee) === target) calls.push(node);
    } else if (ts.isMethodDeclaration(fn) && ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name.text) calls.push(node);
  });
  return calls;
}

/** A factory is a called function with a body (a declared-only function cannot be followed). */
export function calledFactory(view: ModuleView, call: ts.CallExpression): { view: ModuleView; fn: FunctionLike } | undefined {
  if (!ts.isIdentifier(unwrap(call.expression))) return undefined;
  const target = calledFunction(view, call);
  return target?.fn.body ? target : undefined;
}

/** Metric definitions inside a factory function whose configuration comes from the factory's parameters. */
function factoryDefinitionNodes(fn: FunctionLike, view: ModuleView): ts.Node[] {
  const nodes: ts.Node[] = [];
  if (!fn.body) return nodes;
  visitSameFunction(fn.body, (node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && definitionShape(view, node)) nodes.push(node);
  });
  return nodes;
}

/**
 * `createCounter({ name: 'x_total', help, labelNames })` where `createCounter` (here or in a local module) wraps
 * `new Counter(options)`: the definition it produces, named by this call's arguments.
 */
export function factoryDefinitionAt(view: ModuleView, call: ts.CallExpression): MetricDefinition | undefined {
  // Following a callee into other modules is costly and most calls cannot be metric factories: a factory call
  // names its metric with a string first argument or an options object with `name`.
  if (!mayNameAMetric(call)) return undefined;
  if (definitionShape(view, call)) return undefined;
  const target = calledFactory(view, call);
  if (!target) return undefined;
  const nodes = factoryDefinitionNodes(target.fn, target.view);
  if (nodes.length !== 1) return undefined;
  const plain = metricDefinitionAt(target.view, nodes[0]!);
  if (!plain || !dependsOnParameters(plain, target.fn)) return undefined;
  return metricDefinitionAt(target.view, nodes[0]!, bindArguments(target.fn, call, view), { call, view });
}

function mayNameAMetric(call: ts.CallExpression): boolean {
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  if (!first) return false;
  if (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || ts.isIdentifier(first) || ts.isPropertyAccessExpression(first)) return true;
  return ts.isObjectLiteralExpression(first) && first.properties.some((property) => property.name !== undefined && propertyKey(property.name) === 'name');
}

const definitionsCache = new WeakMap<ModuleView, MetricDefinition[]>();

/**
 * Every metric defined in a file, in source order. A definition inside a factory whose name comes from the
 * factory's parameters is listed once per call site in the file (with `site` set), so that each produced metric
 * has its real name; a factory never called in the file is listed once with a dynamic name.
 */
export function metricDefinitionsIn(view: ModuleView): MetricDefinition[] {
  const cached = definitionsCache.get(view);
  if (cached) return cached;
  const definitions: MetricDefinition[] = [];
  visitDescendants(view.sourceFile, (node) => {
    if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return;
    const definition = metricDefinitionAt(view, node);
    if (!definition) {
      // A call to a factory declared in another module (same-module factories are expanded below).
      if (ts.isCallExpression(node)) {
        const produced = factoryDefinitionAt(view, node);
        if (produced && produced.view.sourceFile !== view.sourceFile) definitions.push(produced);
      }
      return;
    }
    const fn = enclosingFunctionOf(node);
    if (fn && dependsOnParameters(definition, fn)) {
      const calls = callsOf(view, fn);
      if (calls.length > 0) {
        for (const call of calls) {
          const produced = metricDefinitionAt(view, node, bindArguments(fn, call, view), { call, view });
          if (produced) definitions.push(produced);
        }
        return;
      }
    }
    definitions.push(definition);
  });
  // Source order of where each metric comes into being (the factory call for factory-made ones).
  const at = (definition: MetricDefinition) => (definition.siteView?.sourceFile === view.sourceFile && definition.site ? definition.site : definition.node).getStart(view.sourceFile);
  definitions.sort((a, b) => at(a) - at(b));
  definitionsCache.set(view, definitions);
  return definitions;
}

// ---------------------------------------------------------------------------------------------------------------
// What a value is

/** The prom-client metric whose `collect()` a `this` belongs to: `new Gauge({ collect() { this.set(…) } })`. */
function collectOwner(view: ModuleView, node: ts.Node): MetricDefinition | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current)) continue;
    if (!isFunctionLike(current)) continue;
    const holder = ts.isMethodDeclaration(current) ? current : ts.isPropertyAssignment(current.parent) ? current.parent : undefined;
    if (!holder || !holder.name || propertyKey(holder.name) !== 'collect' || !ts.isObjectLiteralExpression(holder.parent)) return undefined;
    const object = holder.parent;
    const { parent } = { parent: object.parent };
    if (ts.isNewExpression(parent) && parent.arguments?.[0] === object) return metricDefinitionAt(view, parent);
    return undefined;
  }
  return undefined;
}

/** Which metric an expression holds: followed through variables, fields, properties, imports, factories and `.labels()`. */
export function metricOf(view: ModuleView, expression: ts.Expression, depth = 0): MetricRef | undefined {
  if (depth > maxDepth) return undefined;
  const value = unwrap(expression);
  const typed = metricByType(view, value);
  if (typed === 'no') return undefined;
  if (value.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = collectOwner(view, value);
    return owner ? { library: owner.library, type: owner.type, definition: owner } : undefined;
  }
  if (ts.isCallExpression(value) && calleeName(value) === 'labels') {
    const receiver = calleeReceiver(value);
    const parent = receiver && metricOf(view, receiver, depth + 1);
    if (parent?.library === 'prom-client') return parent;
  }
  const direct = metricDefinitionAt(view, value);
  if (direct) return { library: direct.library, type: direct.type, definition: direct };
  const origin = originOf(view, value);
  const node = origin.node;
  if (node !== value) {
    const definition = metricDefinitionAt(origin.view, node);
    if (definition) return { library: definition.library, type: definition.type, definition };
  }
  if (ts.isExpression(node) && node !== value) {
    const followed = metricOf(origin.view, node, depth + 1);
    if (followed) return followed;
  }
  if (ts.isCallExpression(node)) {
    const produced = factoryResult(origin.view, node, depth);
    if (produced) return produced;
  }
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const name = accessedName(node);
    if (name && node.expression.kind !== ts.SyntaxKind.ThisKeyword) {
      const owner = objectLiteralOf(origin.view, node.expression);
      const property = owner && propertyOf(owner.view, owner.node, name, owner.env);
      if (property) {
        const followed = metricOf(property.view, property.expression, depth + 1);
        if (followed) return followed;
      }
    }
  }
  const annotatedProm = annotatedFrom(origin.view, node, promClientModule);
  if (annotatedProm && promClasses[annotatedProm]) return { library: 'prom-client', type: promClasses[annotatedProm] };
  const annotatedOtel = annotatedFrom(origin.view, node, otelApiModule);
  if (annotatedOtel && otelTypes[annotatedOtel]) return { library: 'opentelemetry', type: otelTypes[annotatedOtel] };
  return typed;
}

/**
 * `makeCounter('jobs_total')` where `makeCounter` returns `new Counter({ name, … })`: the metric it produces. A
 * factory that creates exactly one metric and returns a wrapper object (`{ counter, labels, inc }`) stands for that
 * metric: its methods delegate to it.
 */
function factoryResult(view: ModuleView, call: ts.CallExpression, depth: number): MetricRef | undefined {
  const target = calledFactory(view, call);
  if (!target) return undefined;
  const origin = { view: target.view };
  const fn = target.fn;
  if (!fn.body) return undefined;
  const returns: ts.Expression[] = [];
  if (!ts.isBlock(fn.body)) returns.push(fn.body);
  else visitSameFunction(fn.body, (node) => void (ts.isReturnStatement(node) && node.expression && returns.push(node.expression)));
  for (const returned of returns) {
    let target: ts.Node = unwrap(returned);
    if (ts.isIdentifier(target)) {
      const inner = originOf(origin.view, target);
      target = inner.node;
    }
    const env = bindArguments(fn, call, view);
    const definition = metricDefinitionAt(origin.view, target, env, { call, view });
    if (definition) return { library: definition.library, type: definition.type, definition };
    if (ts.isExpression(target)) {
      const nested = depth < maxDepth ? metricOf(origin.view, target, depth + 1) : undefined;
      if (nested) return nested;
    }
  }
  const wrapped = factoryDefinitionAt(view, call);
  if (wrapped) return { library: wrapped.library, type: wrapped.type, definition: wrapped };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Writes

export interface LabelValue {
  /** The label name / attribute key, when known. */
  name?: string;
  /** The key node (object form), when there is one. */
  key?: ts.Node;
  /** Positional index for `labels('GET', '200')`. */
  index?: number;
  value: ts.Expression;
  view: ModuleView;
}

export interface MetricWrite {
  library: MetricLibrary;
  /** `inc`, `observe`, `labels`, `startTimer`, `end` (a timer's end function), `add`, `record`, `observe`. */
  method: string;
  call: ts.CallExpression;
  metric?: MetricRef;
  /** The label values the call writes (possibly none). */
  labels: LabelValue[];
}

const promWriteMethods = new Set(['inc', 'dec', 'set', 'observe', 'labels', 'startTimer', 'zero', 'remove', 'setToCurrentTime']);

/** Entries of a labels / attributes object. */
export function labelEntries(view: ModuleView, expression: ts.Expression, depth = 0): LabelValue[] | undefined {
  if (depth > 3) return undefined;
  const value = unwrap(expression);
  let object: ts.ObjectLiteralExpression | undefined;
  let objectView = view;
  if (ts.isObjectLiteralExpression(value)) object = value;
  else if (ts.isIdentifier(value)) {
    const origin = originOf(view, value);
    if (ts.isObjectLiteralExpression(origin.node) && origin.view.sourceFile === view.sourceFile) {
      object = origin.node;
      objectView = origin.view;
    }
  }
  if (!object) return undefined;
  const entries: LabelValue[] = [];
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyKey(property.name);
      entries.push({ name, key: property.name, value: property.initializer, view: objectView });
    } else if (ts.isShorthandPropertyAssignment(property)) {
      entries.push({ name: property.name.text, key: property.name, value: property.name, view: objectView });
    } else if (ts.isSpreadAssignment(property)) {
      const inner = labelEntries(objectView, property.expression, depth + 1);
      if (inner) entries.push(...inner);
    }
  }
  return entries;
}

/** prom-client `inc({ labels, value, exemplarLabels })`: the labels part of the object form. */
function promLabelsArgument(argument: ts.Expression | undefined): ts.Expression | undefined {
  if (!argument) return undefined;
  const value = unwrap(argument);
  if (ts.isNumericLiteral(value) || ts.isPrefixUnaryExpression(value)) return undefined;
  if (ts.isObjectLiteralExpression(value)) {
    const keys = value.properties.map((property) => (property.name ? propertyKey(property.name as ts.PropertyName) : undefined));
    const labels = value.properties.find((property) => property.name && propertyKey(property.name as ts.PropertyName) === 'labels');
    if (labels && keys.every((key) => key === 'labels' || key === 'value' || key === 'exemplarLabels')) {
      return ts.isPropertyAssignment(labels) ? labels.initializer : ts.isShorthandPropertyAssignment(labels) ? labels.name : undefined;
    }
  }
  return argument;
}

function positional(view: ModuleView, call: ts.CallExpression, metric: MetricRef | undefined): LabelValue[] {
  const names = metric?.definition?.labelNames;
  return call.arguments.map((argument, index) => ({ name: names?.[index], index, value: argument, view }));
}

function isObjectish(view: ModuleView, argument: ts.Expression | undefined): boolean {
  if (!argument) return false;
  const value = unwrap(argument);
  if (ts.isObjectLiteralExpression(value)) return true;
  if (ts.isIdentifier(value)) return ts.isObjectLiteralExpression(originOf(view, value).node);
  return false;
}

/** The observable callback whose result parameter `observer` is: `instrument.addCallback((result) => …)`. */
function observableCallbackKind(view: ModuleView, receiver: ts.Expression): { kind: 'single' | 'batch'; metric?: MetricRef } | undefined {
  const value = unwrap(receiver);
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = declarationOf(view, value);
  if (!declaration || !ts.isParameter(declaration)) return undefined;
  const fn = declaration.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== declaration) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const method = calleeName(call);
  const owner = calleeReceiver(call);
  if (!owner) return undefined;
  if (method === 'addCallback') {
    const metric = metricOf(view, owner);
    if (metric) return metric.library === 'opentelemetry' ? { kind: 'single', metric } : undefined;
    return usesOpenTelemetry(view) ? { kind: 'single' } : undefined;
  }
  if (method === 'addBatchObservableCallback' && (isMeter(view, owner) || usesOpenTelemetry(view))) return { kind: 'batch' };
  return undefined;
}

/** A call that writes to a metric, with the label values it writes. */
export function metricWriteAt(view: ModuleView, call: ts.CallExpression): MetricWrite | undefined {
  const method = calleeName(call);
  if (!method) return undefined;
  const receiver = calleeReceiver(call);

  // `end(labels)`: the function returned by `histogram.startTimer()`.
  if (!receiver && ts.isIdentifier(unwrap(call.expression))) {
    if (!usesPromClient(view)) return undefined;
    const origin = originOf(view, call.expression);
    if (ts.isCallExpression(origin.node) && calleeName(origin.node) === 'startTimer') {
      const timerReceiver = calleeReceiver(origin.node);
      const metric = timerReceiver ? metricOf(origin.view, timerReceiver) : undefined;
      if (metric?.library === 'prom-client' || (!metric && usesPromClient(view))) {
        const labels = promLabelsArgument(call.arguments[0]);
        return { library: 'prom-client', method: 'end', call, metric, labels: (labels && labelEntries(view, labels)) ?? [] };
      }
    }
    return undefined;
  }
  if (!receiver) return undefined;

  if (method === 'observe') {
    const callback = observableCallbackKind(view, receiver);
    if (callback) {
      const attributes = call.arguments[callback.kind === 'single' ? 1 : 2];
      const metric = callback.kind === 'batch' && call.arguments[0] ? metricOf(view, call.arguments[0]) : callback.metric;
      return { library: 'opentelemetry', method, call, metric, labels: (attributes && labelEntries(view, attributes)) ?? [] };
    }
  }

  if (promWriteMethods.has(method)) {
    const metric = metricOf(view, receiver);
    if (metric && metric.library !== 'prom-client') return undefined;
    if (!metric) {
      // Unresolved receiver: only the unmistakable shapes, in code that uses prom-client.
      if (!usesPromClient(view)) return undefined;
      if (method === 'labels') {
        if (call.arguments.length === 0) return undefined;
      } else if (!isObjectish(view, call.arguments[0])) return undefined;
      if (method === 'set' && call.arguments.length < 2) return undefined;
    }
    if (method === 'labels' || method === 'remove') {
      if (call.arguments.length === 1 && isObjectish(view, call.arguments[0])) return { library: 'prom-client', method, call, metric, labels: labelEntries(view, call.arguments[0]!) ?? [] };
      return { library: 'prom-client', method, call, metric, labels: positional(view, call, metric) };
    }
    const labels = promLabelsArgument(call.arguments[0]);
    const entries = labels && isObjectish(view, labels) ? labelEntries(view, labels) : undefined;
    return { library: 'prom-client', method, call, metric, labels: entries ?? [] };
  }

  if (method === 'add' || method === 'record') {
    const metric = metricOf(view, receiver);
    if (metric && metric.library !== 'opentelemetry') return undefined;
    if (metric?.type) {
      const adds = metric.type === 'counter' || metric.type === 'updowncounter';
      const records = metric.type === 'histogram' || metric.type === 'gauge';
      if ((method === 'add' && !adds) || (method === 'record' && !records)) return undefined;
    }
    if (!metric) {
      if (!usesOpenTelemetry(view)) return undefined;
      const name = nameOf(unwrap(receiver));
      if (!name || !/(counter|histogram|gauge)s?$/i.test(name)) return undefined;
      if (call.arguments.length < 2 || isObjectish(view, call.arguments[0])) return undefined;
    }
    const attributes = call.arguments[1];
    return { library: 'opentelemetry', method, call, metric, labels: (attributes && labelEntries(view, attributes)) ?? [] };
  }
  return undefined;
}
