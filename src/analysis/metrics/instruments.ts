/**
 * What metrics are: prom-client `Counter`/`Gauge`/`Histogram`/`Summary` and OpenTelemetry instruments
 * (`meter.createCounter(…)` …), recognised where they are defined and where they are written to — through
 * variables, class fields, object properties, exports of local modules and factory functions (promlinter's blind
 * spot: it only sees inline constructors). In typed mode, declared types settle what syntax cannot.
 *
 * `metricDefinitionsIn(view)` lists the definitions of one file (name, type, label names, help, unit): the unit of a
 * project-level metric catalog. `metricOf(view, expression)` says which metric a value holds; writes.ts
 * builds on it for the calls that write label values.
 *
 * Over 400 lines on purpose: recognising a metric where it is defined and where it is used is one recursion —
 * `metricOf` follows factories to `metricDefinitionAt`, and definitions inside factories are read through the same
 * argument bindings (`Env`). Writes, wrapper writes, names and the catalog already live in their own files.
 */
import { ts } from '../../compiler.js';
import {
  accessedName,
  calleeName,
  calleeReceiver,
  isFunctionLike,
  unwrap,
  visitDescendants,
  visitSameFunction,
  type FunctionLike,
  functionNameNode,
} from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { calledFunction, calledInstanceMethod } from '../modules/called-function.js';
import {
  Env,
  ObjectAt,
  StaticText,
  bindingValue,
  objectLiteralOf,
  propertyKey,
  propertyOfObject,
  staticText,
  stringList,
} from '../values/static-text.js';
import { importBindingOf, originOf, originOfDeclaration } from '../modules/origin.js';
import { otelApiMember, otelApiModule, usesOpenTelemetry } from '../otel/api.js';
import {
  isPromClientModule,
  promClientDependency,
  promClientImportPattern,
  promClientTypesPath,
} from './prom-client.js';

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
  /** Registered by the library (`node` is the `collectDefaultMetrics()` call), not written in the project. */
  source?: 'collectDefaultMetrics';
}

/** A value known to be a metric; `definition` when obslint found where it is created. */
export interface MetricRef {
  library: MetricLibrary;
  type?: MetricType;
  definition?: MetricDefinition;
}

const promClasses: Record<string, MetricType> = {
  Counter: 'counter',
  Gauge: 'gauge',
  Histogram: 'histogram',
  Summary: 'summary',
};
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
    if (binding && isPromClientModule(binding.module))
      return binding.name === '*' || binding.name === 'default' ? undefined : promClasses[binding.name];
    const origin = originOfDeclaration(view, declaration);
    if (origin.imported && isPromClientModule(origin.imported.module)) return promClasses[origin.imported.name];
    if (origin.node !== declaration && ts.isExpression(origin.node))
      return promClass(origin.view, origin.node, depth + 1);
    return undefined;
  }
  const name = accessedName(value);
  if (name && (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) && promClasses[name]) {
    return isPromClientModuleObject(view, value.expression) ? promClasses[name] : undefined;
  }
  return undefined;
}

function isPromClientModuleObject(view: ModuleView, expression: ts.Expression): boolean {
  const value = unwrap(expression);
  if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === 'require') {
    const argument = value.arguments[0];
    return !!argument && ts.isStringLiteralLike(argument) && isPromClientModule(argument.text);
  }
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  const binding = declaration && importBindingOf(view, declaration);
  return !!binding && isPromClientModule(binding.module) && (binding.name === '*' || binding.name === 'default');
}

const usesPromCache = new WeakMap<ts.SourceFile, boolean>();

/** The module imports prom-client (either package name), or its package depends on it. */
export function usesPromClient(view: ModuleView): boolean {
  let cached = usesPromCache.get(view.sourceFile);
  if (cached === undefined) {
    cached =
      promClientImportPattern.test(view.sourceFile.text) || view.project.usesPackage(view.path, promClientDependency);
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
  if (promClientTypesPath.test(file) && promClasses[symbol.name])
    return { library: 'prom-client', type: promClasses[symbol.name] };
  if (/[/\\]@opentelemetry[/\\]api[/\\]/.test(file) && otelTypes[symbol.name])
    return { library: 'opentelemetry', type: otelTypes[symbol.name] };
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

function annotationName(
  node: ts.Node,
): { name: string; qualifier?: ts.EntityName; identifier?: ts.Identifier } | undefined {
  if (!(ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) || !node.type)
    return undefined;
  const type = node.type;
  if (!ts.isTypeReferenceNode(type)) return undefined;
  if (ts.isIdentifier(type.typeName)) return { name: type.typeName.text, identifier: type.typeName };
  return { name: type.typeName.right.text, qualifier: type.typeName.left };
}

/** `Meter` / `api.Meter` annotations from `@opentelemetry/api` (or another package `isModule` accepts). */
function annotatedFrom(view: ModuleView, node: ts.Node, isModule: (module: string) => boolean): string | undefined {
  const annotation = annotationName(node);
  if (!annotation) return undefined;
  if (annotation.identifier) {
    const declaration = declarationOf(view, annotation.identifier);
    const binding = declaration && importBindingOf(view, declaration);
    return binding && isModule(binding.module) ? binding.name : undefined;
  }
  const qualifier = annotation.qualifier;
  if (qualifier && ts.isIdentifier(qualifier)) {
    const declaration = declarationOf(view, qualifier);
    const binding = declaration && importBindingOf(view, declaration);
    if (binding && isModule(binding.module) && (binding.name === '*' || binding.name === 'default'))
      return annotation.name;
  }
  return undefined;
}

export function nameOf(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (
    (ts.isParameter(node) || ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) &&
    ts.isIdentifier(node.name)
  )
    return node.name.text;
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
  if (annotatedFrom(origin.view, node, (module) => module === otelApiModule) === 'Meter') return true;
  if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isObjectLiteralExpression(node)) return false;
  const name = nameOf(node) ?? nameOf(unwrap(expression));
  return usesOpenTelemetry(view) && !!name && /meter$/i.test(name);
}

// ---------------------------------------------------------------------------------------------------------------
// Definitions

function definitionShape(
  view: ModuleView,
  node: ts.Node,
): { library: MetricLibrary; type: MetricType; config?: ts.Expression; nameArgument?: ts.Expression } | undefined {
  if (ts.isNewExpression(node)) {
    const type = promClass(view, node.expression);
    return type ? { library: 'prom-client', type, config: node.arguments?.[0] } : undefined;
  }
  if (ts.isCallExpression(node)) {
    const method = calleeName(node);
    const type = method ? otelFactories[method] : undefined;
    const receiver = calleeReceiver(node);
    if (type && receiver && isMeter(view, receiver))
      return { library: 'opentelemetry', type, nameArgument: node.arguments[0], config: node.arguments[1] };
  }
  return undefined;
}

/** The metric defined by `node` (`new Counter({…})`, `meter.createHistogram(…)`), or undefined. */
export function metricDefinitionAt(
  view: ModuleView,
  node: ts.Node,
  env?: Env,
  site?: { call: ts.CallExpression; view: ModuleView },
): MetricDefinition | undefined {
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
  const read = (key: string) => (config ? propertyOfObject(config, key) : undefined);
  /** Where a property's value really comes from: a factory argument when it is bound to a parameter. */
  const sourceOf = (expression: ts.Expression, at: ModuleView, atEnv?: Env, depth = 0): ts.Expression => {
    if (depth > maxDepth) return expression;
    const value = unwrap(expression);
    if (ts.isIdentifier(value)) {
      const declaration = declarationOf(at, value);
      const bound = declaration && bindingValue(atEnv, declaration, at);
      // Through a factory that passes its parameter on: the outermost argument.
      if (bound?.expression) return sourceOf(bound.expression, bound.view, bound.env, depth + 1);
    }
    return expression;
  };
  if (shape.library === 'prom-client') {
    const name = read('name');
    if (name) {
      definition.name = staticText(name.view, name.expression, name.env);
      definition.nameNode = sourceOf(name.expression, name.view, name.env);
    }
    // An option the literal does not have is known to be absent only when no spread could hold it.
    // A key a `...rest` took out was the factory's to handle (it may set it back): unknown, not absent.
    const absent = (key: string) => !!config && !hasOpaqueSpread(config) && !config.omit?.has(key);
    const help = read('help');
    if (help) {
      definition.help = staticText(help.view, help.expression, help.env);
      definition.helpNode = sourceOf(help.expression, help.view, help.env);
    } else if (absent('help')) definition.help = { kind: 'static', value: '' };
    const labels = read('labelNames');
    if (labels) {
      const list = stringList(labels.view, labels.expression, labels.env);
      if (list) {
        definition.labelNames = list.values;
        definition.labelNameNodes = list.nodes;
      }
      definition.labelNamesNode = labels.expression;
    } else if (absent('labelNames')) definition.labelNames = [];
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

/** Does an options literal spread something obslint cannot read (`{ ...options, name }`)? */
function hasOpaqueSpread(config: ObjectAt, depth = 0): boolean {
  if (depth > maxDepth) return true;
  return config.node.properties.some((property) => {
    if (!ts.isSpreadAssignment(property)) return false;
    const spread = objectLiteralOf(config.view, property.expression, config.env);
    return !spread || hasOpaqueSpread(spread, depth + 1);
  });
}

/**
 * Parameters of `fn` bound to the arguments of `call` (plain and object-destructured parameters). `callEnv` is the
 * binding the call itself is read under, when the call is inside another factory (`createGauge(definition)`).
 */
function bindArguments(fn: FunctionLike, call: ts.CallExpression, callView: ModuleView, callEnv?: Env): Env {
  const env: Env = new Map();
  fn.parameters.forEach((parameter, index) => {
    const argument = call.arguments[index];
    if (ts.isIdentifier(parameter.name))
      env.set(parameter, { view: callView, expression: argument ?? parameter.initializer, env: argument && callEnv });
    else if (ts.isObjectBindingPattern(parameter.name)) {
      // The whole argument, for a `...rest` element (static-text reads the rest from it).
      if (argument) env.set(parameter, { view: callView, expression: argument, env: callEnv });
      const object = argument && objectLiteralOf(callView, argument, callEnv);
      for (const element of parameter.name.elements) {
        if (element.dotDotDotToken) continue;
        const key = element.propertyName
          ? propertyKey(element.propertyName)
          : ts.isIdentifier(element.name)
            ? element.name.text
            : undefined;
        const property = object && key ? propertyOfObject(object, key) : undefined;
        env.set(element, {
          view: property?.view ?? callView,
          expression: property?.expression ?? element.initializer,
          env: property ? property.env : undefined,
        });
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
    if (declaration && isParameterOf(declaration, fn)) return true;
  }
  // The options themselves come from a parameter: `new Gauge(options)`, `new Gauge({ ...options, registers })`,
  // `const { ttl, ...rest } = options; new Gauge(rest)`.
  const options =
    definition.library === 'prom-client' ? definition.node.arguments?.[0] : definition.node.arguments?.[1];
  return !!options && optionsFromParameter(definition.view, options, fn);
}

function isParameterOf(declaration: ts.Node, fn: FunctionLike): boolean {
  if ((fn.parameters as readonly ts.Node[]).includes(declaration)) return true;
  return ts.isBindingElement(declaration) && fn.parameters.some((parameter) => isAncestorOf(parameter, declaration));
}

/** An options expression that is, spreads, or destructures a parameter of `fn` (through `const`s). */
function optionsFromParameter(view: ModuleView, expression: ts.Expression, fn: FunctionLike, depth = 0): boolean {
  if (depth > maxDepth) return false;
  const value = unwrap(expression);
  if (ts.isObjectLiteralExpression(value))
    return value.properties.some(
      (property) => ts.isSpreadAssignment(property) && optionsFromParameter(view, property.expression, fn, depth + 1),
    );
  if (!ts.isIdentifier(value)) return false;
  const declaration = declarationOf(view, value);
  if (!declaration) return false;
  if (isParameterOf(declaration, fn)) return true;
  // `const { ttl, ...rest } = options` / `const config = { ...options }` inside the factory.
  const variable = ts.isBindingElement(declaration) ? declaration.parent.parent : declaration;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer || !isAncestorOf(fn, variable)) return false;
  if (ts.isBindingElement(declaration) && !declaration.dotDotDotToken) return false;
  return optionsFromParameter(view, variable.initializer, fn, depth + 1);
}

function isAncestorOf(ancestor: ts.Node, node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current; current = current.parent)
    if (current === ancestor) return true;
  return false;
}

/** Calls to `fn` in `view`'s file (by name; methods through `this.name(…)`). */
function callsOf(view: ModuleView, fn: FunctionLike): ts.CallExpression[] {
  const name = functionNameNode(fn);
  if (!name) return [];
  const calls: ts.CallExpression[] = [];
  const target = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? fn.parent : fn;
  visitDescendants(view.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && callee.text === name.text && !ts.isMethodDeclaration(fn)) {
      if (declarationOf(view, callee) === target) calls.push(node);
    } else if (
      ts.isMethodDeclaration(fn) &&
      ts.isPropertyAccessExpression(callee) &&
      callee.expression.kind === ts.SyntaxKind.ThisKeyword &&
      callee.name.text === name.text
    )
      calls.push(node);
  });
  return calls;
}

/**
 * A factory is a called function with a body (a declared-only function cannot be followed): a function, or a
 * method of an instance of a local class (`monitor.registerGauge({ name, … })`).
 */
export function calledFactory(
  view: ModuleView,
  call: ts.CallExpression,
): { view: ModuleView; fn: FunctionLike } | undefined {
  const callee = unwrap(call.expression);
  const target = ts.isIdentifier(callee)
    ? calledFunction(view, call)
    : ts.isPropertyAccessExpression(callee)
      ? calledInstanceMethod(view, call)
      : undefined;
  return target?.fn.body ? target : undefined;
}

/**
 * Metric definitions inside a factory function whose configuration comes from the factory's parameters, and calls
 * to other factories that may pass those parameters on (`registerGauge(definition) { createGauge(definition) }`).
 */
function factoryDefinitionNodes(fn: FunctionLike, view: ModuleView): ts.Node[] {
  const nodes: ts.Node[] = [];
  if (!fn.body) return nodes;
  visitSameFunction(fn.body, (node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && definitionShape(view, node)) nodes.push(node);
    else if (ts.isCallExpression(node) && forwardsParameter(view, node, fn) && calledFactory(view, node))
      nodes.push(node);
  });
  return nodes;
}

/** A call inside `fn` whose first argument is (or spreads) one of `fn`'s parameters. */
function forwardsParameter(view: ModuleView, call: ts.CallExpression, fn: FunctionLike): boolean {
  const first = call.arguments[0];
  return !!first && optionsFromParameter(view, first, fn);
}

/** How many factories deep a call site is followed (`registerGauge` → `createGauge` → `new Gauge`). */
const maxFactoryDepth = 3;

/**
 * `createCounter({ name: 'x_total', help, labelNames })` where `createCounter` (here or in a local module) wraps
 * `new Counter(options)` — directly or through another factory it passes its options to: the definition it
 * produces, named by this call's arguments. `env` binds the call's own arguments when it is inside a factory.
 */
export function factoryDefinitionAt(
  view: ModuleView,
  call: ts.CallExpression,
  env?: Env,
  site: { call: ts.CallExpression; view: ModuleView } = { call, view },
  depth = 0,
): MetricDefinition | undefined {
  // Following a callee into other modules is costly and most calls cannot be metric factories: a factory call
  // names its metric with a string first argument or an options object with `name`.
  if (depth > maxFactoryDepth || !mayNameAMetric(call)) return undefined;
  if (definitionShape(view, call)) return undefined;
  const target = calledFactory(view, call);
  if (!target) return undefined;
  const nodes = factoryDefinitionNodes(target.fn, target.view);
  if (nodes.length !== 1) return undefined;
  const node = nodes[0]!;
  const bound = bindArguments(target.fn, call, view, env);
  if (!definitionShape(target.view, node))
    return factoryDefinitionAt(target.view, node as ts.CallExpression, bound, site, depth + 1);
  const plain = metricDefinitionAt(target.view, node);
  if (!plain || !dependsOnParameters(plain, target.fn)) return undefined;
  // The factory names the metric itself: it is defined there, once, whatever the calls pass.
  if (plain.name.kind === 'static') return undefined;
  return metricDefinitionAt(target.view, node, bound, site);
}

function mayNameAMetric(call: ts.CallExpression): boolean {
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  if (!first) return false;
  if (
    ts.isStringLiteralLike(first) ||
    ts.isTemplateExpression(first) ||
    ts.isIdentifier(first) ||
    ts.isPropertyAccessExpression(first)
  )
    return true;
  return (
    ts.isObjectLiteralExpression(first) &&
    first.properties.some((property) => property.name !== undefined && propertyKey(property.name) === 'name')
  );
}

/** Is `produced` one that the same-module expansion (`callsOf`) lists: a direct call of the function around it? */
function expandedInModule(view: ModuleView, call: ts.CallExpression, produced: MetricDefinition): boolean {
  if (produced.view.sourceFile !== view.sourceFile) return false;
  const callee = unwrap(call.expression);
  const direct =
    ts.isIdentifier(callee) ||
    (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
  return direct && calledFactory(view, call)?.fn === enclosingFunctionOf(produced.node);
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
      // A call to a factory declared in another module, or reaching the definition through another factory or an
      // instance's method (direct calls of a same-module factory are expanded below).
      if (ts.isCallExpression(node)) {
        const produced = factoryDefinitionAt(view, node);
        if (produced && !expandedInModule(view, node, produced)) definitions.push(produced);
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
  const at = (definition: MetricDefinition) =>
    (definition.siteView?.sourceFile === view.sourceFile && definition.site
      ? definition.site
      : definition.node
    ).getStart(view.sourceFile);
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
    const holder = ts.isMethodDeclaration(current)
      ? current
      : ts.isPropertyAssignment(current.parent)
        ? current.parent
        : undefined;
    if (
      !holder ||
      !holder.name ||
      propertyKey(holder.name) !== 'collect' ||
      !ts.isObjectLiteralExpression(holder.parent)
    )
      return undefined;
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
      const property = owner && propertyOfObject(owner, name);
      if (property) {
        const followed = metricOf(property.view, property.expression, depth + 1);
        if (followed) return followed;
      }
    }
  }
  const annotatedProm = annotatedFrom(origin.view, node, isPromClientModule);
  if (annotatedProm && promClasses[annotatedProm]) return { library: 'prom-client', type: promClasses[annotatedProm] };
  const annotatedOtel = annotatedFrom(origin.view, node, (module) => module === otelApiModule);
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
  else
    visitSameFunction(
      fn.body,
      (node) => void (ts.isReturnStatement(node) && node.expression && returns.push(node.expression)),
    );
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
