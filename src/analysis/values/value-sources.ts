/**
 * Where a value comes from, and whether the set of values it can take is bounded — the question behind every
 * cardinality rule (metric labels, attribute values, span names). The answer is three-valued: `bounded` (literals,
 * enums, literal-union types, route templates, status codes…), `unbounded` (request URLs and parameters, ids,
 * generated UUIDs, timestamps, error messages…) or `unknown`; rules stay silent on `unknown`.
 *
 * The analysis is a small abstract interpreter over raw syntax: identifiers are followed to their declarations
 * (`const`/`let` assignments, destructuring, parameters to their call sites in the same file, imports of local
 * modules), and the path is kept so that a finding can say "`route` ← `path` ← `req.originalUrl`". In typed mode a
 * literal-union type settles the question before any heuristic runs.
 *
 * Over 400 lines on purpose: it is one interpreter class whose methods (expressions, declarations, parameters and
 * their call sites, members, calls) recurse into each other and share one cycle guard and one `boundedNames` set;
 * split across files they would still be one unit. Its data lives in value-vocabulary.ts, annotation reading in
 * type-bounds.ts.
 */
import { ts } from '../../compiler.js';
import {
  accessedName,
  calleeName,
  calleeReceiver,
  enclosingFunction,
  isFunctionLike,
  lineOf,
  unwrap,
  visitDescendants,
  visitSameFunction,
  type FunctionLike,
  functionNameNode,
} from '../syntax/ast.js';
import { declarationOf, isGlobalReference, type ModuleView } from '../modules/module-view.js';
import { calledFunction, isThisReference } from '../modules/called-function.js';
import { importBindingOf, originOf, originOfDeclaration } from '../modules/origin.js';
import { isRequestHandler } from '../frameworks/request-scope.js';
import { isInstrumentationHookRequest } from '../frameworks/instrumentation-hooks.js';
import { exportedType, typeNodeVerdict } from './type-bounds.js';
import {
  RequestPart,
  partReasons,
  requestParts,
  unboundedRequestMembers,
  boundedRequestMembers,
  opaqueRequestMembers,
  generators,
  preservingMethods,
  mathFunctions,
  errorNames,
  requestNames,
  requestTypes,
  contextTypes,
  statusClassHelper,
  statusMembers,
  urlPathMembers,
  unboundedName,
} from './value-vocabulary.js';

export type Verdict = 'bounded' | 'unbounded' | 'unknown';

export interface ValueSource {
  verdict: Verdict;
  /** What the value (or its unbounded part) is, in words: "a request path parameter", "a generated UUID". */
  reason: string;
  /** The unit of growth for an unbounded value: "distinct URL", "call", "user". */
  per?: string;
  /** From the expression to its source, as source text: ['route', 'path', 'req.originalUrl']. */
  chain: string[];
  /** Where the source was found (the unbounded part). */
  source?: ts.Node;
  /** True when only an identifier's name (`userId`, `email`) says it is unbounded: weaker evidence. */
  byName?: boolean;
}

export interface ValueOptions {
  /** Names (identifiers, properties) the team knows are bounded, e.g. `tenantId` in a 20-tenant system. */
  boundedNames?: readonly string[];
}

/** The `boundedNames` rule option, shared by every rule that judges values with this analysis. */
export const boundedNamesOption = {
  type: 'array',
  items: { type: 'string' },
  description:
    'Identifiers and properties known to be bounded in this codebase (e.g. `workspaceId` with a handful of workspaces): never reported by their name.',
} as const;

/**
 * The option of the value rules that turns on findings whose only evidence is a name (`userId`): off by default,
 * because a configured source id is called `id` too — "when unsure, do not report".
 */
export const nameBasedGuessesOption = {
  type: 'boolean',
  description:
    "Also report values judged unbounded by their identifier's name alone (`userId`, `session.id`, `poolName ← id`), at the rule's severity. Off by default: a name is weak evidence (a configured source id is called `id` too).",
} as const;

/** The sentence a finding adds when only a name says the value is unbounded (such findings are `doubtful`). */
export function nameOnlyCaveat(source: ValueSource): string {
  return source.byName
    ? ' (judged by the name only: if it is really a small closed set, type it as a union of literals or list it in `boundedNames`)'
    : '';
}

/** A value's chain as the findings show it: "`route` ← `path` ← `req.originalUrl`". */
export function formatChain(chain: readonly string[]): string {
  const parts: string[] = [];
  for (const part of chain) if (parts[parts.length - 1] !== part) parts.push(part);
  return parts.map((part) => (part.includes('`') ? part : `\`${part}\``)).join(' ← ');
}

/** Where `expression`'s value comes from and whether it is bounded. */
export function valueSource(view: ModuleView, expression: ts.Expression, options: ValueOptions = {}): ValueSource {
  const interpreter = new Interpreter(new Set(options.boundedNames ?? []));
  const result = interpreter.scalar(interpreter.evaluate(view, expression, 0));
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The abstract values

interface Scalar extends ValueSource {
  kind: 'scalar';
  /** An unknown that names must not turn into a verdict (`req.baseUrl` is not "a URL" in the id sense). */
  settled?: boolean;
}
/** An incoming request (Express/Fastify/http `req`, Koa `ctx`, Hono `c`), or a part of it whose members are all input. */
interface RequestValue {
  kind: 'request';
  part?: RequestPart;
  chain: string[];
  node: ts.Node;
}
/** `req.route`, Fastify `routeOptions`: the matched route, whose path is a template. */
interface RouteValue {
  kind: 'route';
  chain: string[];
}
interface ErrorValue {
  kind: 'error';
  chain: string[];
  node: ts.Node;
}
/** A constant collection (`as const` array, frozen map, enum): every element has the `element` verdict. */
interface CollectionValue {
  kind: 'collection';
  element: Scalar;
  chain: string[];
}
type Abstract = Scalar | RequestValue | RouteValue | ErrorValue | CollectionValue;

// ---------------------------------------------------------------------------------------------------------------

/** A vocabulary entry for a member name, never one inherited from `Object.prototype` (`req.constructor`). */
function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** What an error object is worth as a single value (its text); its other members (`type`, `code`, `name`) are not. */
const errorObjectReason = 'an error (its message)';
const errorTextMembers = new Set(['message', 'stack']);

function bounded(reason: string, chain: string[]): Scalar {
  return { kind: 'scalar', verdict: 'bounded', reason, chain };
}
function unknown(chain: string[] = []): Scalar {
  return { kind: 'scalar', verdict: 'unknown', reason: 'unknown', chain };
}
function unbounded(reason: string, per: string, chain: string[], source: ts.Node, byName = false): Scalar {
  return { kind: 'scalar', verdict: 'unbounded', reason, per, chain, source, ...(byName ? { byName } : {}) };
}

/** The worst of several possible values: any unbounded one wins, all bounded is bounded, else unknown. */
function combine(values: Scalar[], reason = 'bounded parts'): Scalar {
  const firstUnbounded =
    values.find((value) => value.verdict === 'unbounded' && !value.byName) ??
    values.find((value) => value.verdict === 'unbounded');
  if (firstUnbounded) return firstUnbounded;
  if (values.length > 0 && values.every((value) => value.verdict === 'bounded'))
    return bounded(values.length === 1 ? values[0]!.reason : reason, values[0]!.chain);
  return unknown();
}

function text(node: ts.Node): string {
  const value = node.getText(node.getSourceFile()).replace(/\s+/g, ' ');
  return value.length > 60 ? `${value.slice(0, 57)}…` : value;
}

function withLink(value: Abstract, link: string): Abstract {
  if (value.kind === 'scalar' && value.verdict === 'bounded') return value;
  const chain = value.chain[0] === link ? value.chain : [link, ...value.chain];
  return { ...value, chain } as Abstract;
}

const maxDepth = 12;

class Interpreter {
  private readonly active = new Set<ts.Node>();

  constructor(private readonly boundedNames: ReadonlySet<string>) {}

  scalar(value: Abstract): ValueSource {
    const { kind: _kind, settled: _settled, ...rest } = this.toScalar(value);
    return rest;
  }

  /** What an object-like abstract value is worth when used as a single value (a label, a name). */
  toScalar(value: Abstract): Scalar {
    switch (value.kind) {
      case 'scalar':
        return value;
      case 'request':
        return value.part
          ? unbounded(partReasons[value.part].reason, partReasons[value.part].per, value.chain, value.node)
          : unknown(value.chain);
      case 'error':
        return unbounded(errorObjectReason, 'distinct error message', value.chain, value.node);
      case 'route':
        return unknown(value.chain);
      case 'collection':
        return unknown(value.chain);
    }
  }

  evaluate(view: ModuleView, expression: ts.Expression, depth: number): Abstract {
    if (depth > maxDepth) return unknown();
    const typed = this.byType(view, expression);
    if (typed) return typed;
    return this.evaluateSyntax(view, expression, depth);
  }

  /** Typed mode: a literal-union, boolean or enum type is bounded whatever the syntax says. */
  private byType(view: ModuleView, expression: ts.Expression): Scalar | undefined {
    if (!view.typed || !view.checker) return undefined;
    const checker = view.checker;
    let type: ts.Type;
    try {
      type = checker.getTypeAtLocation(expression);
    } catch {
      return undefined;
    }
    if (!isBoundedType(type)) return undefined;
    return bounded(`its type is \`${checker.typeToString(type)}\``, [text(expression)]);
  }

  private evaluateSyntax(view: ModuleView, node: ts.Expression, depth: number): Abstract {
    // `x as Outcome`: the asserted type, when it is a literal union in this module, bounds the value.
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      if (ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const')
        return this.evaluate(view, node.expression, depth + 1);
      const verdict = typeNodeVerdict(view, node.type);
      if (verdict === 'bounded') return bounded(`it is asserted to be \`${text(node.type)}\``, [text(node)]);
      return this.evaluate(view, node.expression, depth + 1);
    }
    if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node))
      return this.evaluate(view, node.expression, depth + 1);

    if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isBigIntLiteral(node))
      return bounded('a literal', [text(node)]);
    switch (node.kind) {
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
        return bounded('a boolean', [text(node)]);
      case ts.SyntaxKind.NullKeyword:
        return bounded('a literal', [text(node)]);
    }
    if (ts.isTemplateExpression(node)) {
      const parts = node.templateSpans.map((span) => this.toScalar(this.evaluate(view, span.expression, depth + 1)));
      return combine(parts, 'a template of bounded parts');
    }
    if (ts.isBinaryExpression(node)) return this.binary(view, node, depth);
    if (ts.isPrefixUnaryExpression(node)) {
      if (node.operator === ts.SyntaxKind.ExclamationToken) return bounded('a boolean', [text(node)]);
      return this.evaluate(view, node.operand, depth + 1);
    }
    if (ts.isTypeOfExpression(node)) return bounded('a type name', [text(node)]);
    if (ts.isVoidExpression(node)) return bounded('undefined', [text(node)]);
    if (ts.isAwaitExpression(node)) return this.evaluate(view, node.expression, depth + 1);
    if (ts.isConditionalExpression(node)) return this.conditional(view, node, depth);
    if (ts.isIdentifier(node)) return this.identifier(view, node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))
      return this.member(view, node, depth);
    if (ts.isCallExpression(node)) return this.call(view, node, depth);
    if (ts.isNewExpression(node)) {
      const name = ts.isIdentifier(node.expression) ? node.expression.text : undefined;
      if (name === 'Date')
        return node.arguments?.length
          ? this.evaluate(view, node.arguments[0]!, depth + 1)
          : unbounded('the current time', 'call', [text(node)], node);
      if (name === 'Map' || name === 'Set') return this.collectionFromEntries(view, node, depth);
      return unknown();
    }
    if (ts.isArrayLiteralExpression(node))
      return this.collectionOf(
        view,
        node.elements.filter(
          (element) => !ts.isSpreadElement(element) && !ts.isOmittedExpression(element),
        ) as ts.Expression[],
        depth,
        node,
      );
    if (ts.isObjectLiteralExpression(node)) {
      const values: ts.Expression[] = [];
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) values.push(property.initializer);
        else return unknown();
      }
      return this.collectionOf(view, values, depth, node);
    }
    return unknown();
  }

  private collectionOf(view: ModuleView, elements: readonly ts.Expression[], depth: number, node: ts.Node): Abstract {
    if (elements.length === 0) return unknown();
    const values = elements.map((element) => this.toScalar(this.evaluate(view, element, depth + 1)));
    const element = combine(values, 'an element of a constant collection');
    if (element.verdict !== 'bounded') return unknown();
    return {
      kind: 'collection',
      element: bounded(`an element of the constant \`${text(node).slice(0, 30)}\``, []),
      chain: [],
    };
  }

  private collectionFromEntries(view: ModuleView, node: ts.NewExpression, depth: number): Abstract {
    const entries = node.arguments?.[0];
    if (!entries || !ts.isArrayLiteralExpression(unwrap(entries))) return unknown();
    const elements = (unwrap(entries) as ts.ArrayLiteralExpression).elements;
    const values: ts.Expression[] = [];
    for (const element of elements) {
      const entry = unwrap(element as ts.Expression);
      if (ts.isArrayLiteralExpression(entry) && entry.elements.length === 2)
        values.push(entry.elements[1] as ts.Expression);
      else if (!ts.isArrayLiteralExpression(entry)) values.push(entry);
      else return unknown();
    }
    return this.collectionOf(view, values, depth, node);
  }

  private binary(view: ModuleView, node: ts.BinaryExpression, depth: number): Abstract {
    const operator = node.operatorToken.kind;
    switch (operator) {
      case ts.SyntaxKind.EqualsEqualsToken:
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.LessThanToken:
      case ts.SyntaxKind.LessThanEqualsToken:
      case ts.SyntaxKind.GreaterThanToken:
      case ts.SyntaxKind.GreaterThanEqualsToken:
      case ts.SyntaxKind.InstanceOfKeyword:
      case ts.SyntaxKind.InKeyword:
        return bounded('a boolean', [text(node)]);
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
        return this.evaluate(view, node.right, depth + 1);
    }
    const left = this.toScalar(this.evaluate(view, node.left, depth + 1));
    const right = this.toScalar(this.evaluate(view, node.right, depth + 1));
    return combine(
      [left, right],
      operator === ts.SyntaxKind.PlusToken ? 'a concatenation of bounded parts' : 'bounded operands',
    );
  }

  private conditional(view: ModuleView, node: ts.ConditionalExpression, depth: number): Abstract {
    // `KNOWN.includes(x) ? x : 'other'` / `KNOWN.has(x) ? x : …`: the guard bounds `x` in the true branch.
    const condition = unwrap(node.condition);
    let whenTrue: Scalar | undefined;
    if (
      ts.isCallExpression(condition) &&
      ['includes', 'has'].includes(calleeName(condition) ?? '') &&
      condition.arguments.length === 1
    ) {
      const receiver = calleeReceiver(condition);
      const guarded = condition.arguments[0]!;
      if (receiver && text(unwrap(guarded)) === text(unwrap(node.whenTrue))) {
        const collection = this.evaluate(view, receiver, depth + 1);
        if (collection.kind === 'collection')
          whenTrue = bounded(`it is checked against the constant \`${text(receiver)}\``, [text(node.whenTrue)]);
      }
    }
    whenTrue ??= this.toScalar(this.evaluate(view, node.whenTrue, depth + 1));
    const whenFalse = this.toScalar(this.evaluate(view, node.whenFalse, depth + 1));
    return combine([whenTrue, whenFalse], 'bounded alternatives');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Identifiers and declarations

  private identifier(view: ModuleView, node: ts.Identifier, depth: number): Abstract {
    if (node.text === 'undefined') return bounded('undefined', ['undefined']);
    if (this.boundedNames.has(node.text)) return bounded(`\`${node.text}\` is configured as bounded`, [node.text]);
    const declaration = declarationOf(view, node);
    if (declaration) {
      const value = this.declaration(view, declaration, depth, node);
      if (value.kind !== 'scalar' || value.verdict !== 'unknown') return withLink(value, node.text);
    }
    return this.byName(node.text, node, [node.text]);
  }

  private byName(name: string, node: ts.Node, chain: string[]): Scalar {
    if (this.boundedNames.has(name)) return bounded(`\`${name}\` is configured as bounded`, chain);
    const meaning = unboundedName(name);
    if (!meaning) return unknown(chain);
    return unbounded(meaning.reason, meaning.per, chain, node, true);
  }

  private declaration(view: ModuleView, declaration: ts.Node, depth: number, use: ts.Node): Abstract {
    if (this.active.has(declaration)) return unknown();
    this.active.add(declaration);
    try {
      return this.declarationUncached(view, declaration, depth, use);
    } finally {
      this.active.delete(declaration);
    }
  }

  private declarationUncached(view: ModuleView, declaration: ts.Node, depth: number, use: ts.Node): Abstract {
    if (ts.isEnumMember(declaration)) return bounded('an enum member', [text(declaration.name)]);
    if (ts.isEnumDeclaration(declaration))
      return {
        kind: 'collection',
        element: bounded(`a member of the enum \`${declaration.name.text}\``, []),
        chain: [],
      };

    const binding = importBindingOf(view, declaration);
    if (binding) {
      if (!view.project.isLocalModule(view.path, binding.module) || binding.name === '*') return unknown();
      const origin = originOfDeclaration(view, declaration);
      if (origin.imported) return unknown();
      if (ts.isExpression(origin.node)) return this.evaluate(origin.view, origin.node, depth + 1);
      return this.declaration(origin.view, origin.node, depth + 1, use);
    }

    if (ts.isVariableDeclaration(declaration)) return this.variable(view, declaration, depth);
    if (ts.isParameter(declaration)) return this.parameter(view, declaration, depth);
    if (ts.isBindingElement(declaration)) return this.bindingElement(view, declaration, depth);
    if (ts.isPropertyDeclaration(declaration)) {
      const annotated = declaration.type ? typeNodeVerdict(view, declaration.type) : 'unknown';
      if (annotated === 'bounded') return bounded(`it is declared as \`${text(declaration.type!)}\``, []);
      if (declaration.initializer) return this.evaluate(view, declaration.initializer, depth + 1);
      return unknown();
    }
    return unknown();
  }

  private variable(view: ModuleView, declaration: ts.VariableDeclaration, depth: number): Abstract {
    if (declaration.type && typeNodeVerdict(view, declaration.type) === 'bounded')
      return bounded(`it is declared as \`${text(declaration.type)}\``, []);
    const list = declaration.parent;
    // for (const x of COLLECTION)
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent) && list.parent.initializer === list) {
      const iterated = this.evaluate(view, list.parent.expression, depth + 1);
      if (iterated.kind === 'collection') return { ...iterated.element, chain: [text(list.parent.expression)] };
      return unknown();
    }
    if (ts.isVariableDeclarationList(list) && ts.isForInStatement(list.parent)) return unknown();
    if (ts.isCatchClause(declaration.parent)) return { kind: 'error', chain: [], node: declaration };
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    const candidates: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
    if (!isConst && ts.isIdentifier(declaration.name)) candidates.push(...this.assignmentsTo(view, declaration));
    if (candidates.length === 0) return unknown();
    if (candidates.length === 1) return this.evaluate(view, candidates[0]!, depth + 1);
    return combine(
      candidates.map((candidate) => this.toScalar(this.evaluate(view, candidate, depth + 1))),
      'bounded assignments',
    );
  }

  /** Every `name = value` in the scope of a `let`/`var`: the values it may hold. */
  private assignmentsTo(view: ModuleView, declaration: ts.VariableDeclaration): ts.Expression[] {
    const scope = enclosingFunction(declaration);
    const values: ts.Expression[] = [];
    visitDescendants(scope, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        ts.isIdentifier(node.left) &&
        node.left.text === (declaration.name as ts.Identifier).text
      ) {
        const kind = node.operatorToken.kind;
        if (
          kind >= ts.SyntaxKind.FirstAssignment &&
          kind <= ts.SyntaxKind.LastAssignment &&
          declarationOf(view, node.left) === declaration
        )
          values.push(kind === ts.SyntaxKind.EqualsToken ? node.right : node);
      }
    });
    return values;
  }

  private parameter(view: ModuleView, parameter: ts.ParameterDeclaration, depth: number): Abstract {
    const fn = parameter.parent;
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
    if (parameter.type) {
      const verdict = typeNodeVerdict(view, parameter.type);
      if (verdict === 'bounded') return bounded(`it is declared as \`${text(parameter.type)}\``, []);
      const typeName = ts.isTypeReferenceNode(parameter.type)
        ? (parameter.type.typeName.getText().split('.').pop() ?? '')
        : '';
      if (requestTypes.test(typeName)) return { kind: 'request', chain: [], node: parameter };
      if (contextTypes.test(typeName) && isFunctionLike(fn) && isRequestHandler(fn))
        return { kind: 'request', chain: [], node: parameter };
    }
    if (isFunctionLike(fn) && isInstrumentationHookRequest(fn, parameter))
      return { kind: 'request', chain: [], node: parameter };
    const nest = this.nestParameter(parameter);
    if (nest) return nest;
    if (name && errorNames.test(name) && isFunctionLike(fn) && this.isErrorCallback(fn, parameter))
      return { kind: 'error', chain: [], node: parameter };
    if (isFunctionLike(fn)) {
      const index = fn.parameters.indexOf(parameter);
      if (index === 0 && name && requestNames.test(name)) return { kind: 'request', chain: [], node: parameter };
      if (index === 0 && isRequestHandler(fn) && name && /^(ctx|c|context)$/.test(name))
        return { kind: 'request', chain: [], node: parameter };
      // COLLECTION.forEach((x) => …), .map, .filter…
      const element = this.iterationElement(view, fn, index, depth);
      if (element) return element;
      const fromCalls = this.callSiteArguments(view, fn, index, depth);
      const defaults = parameter.initializer
        ? [this.toScalar(this.evaluate(view, parameter.initializer, depth + 1))]
        : [];
      if (fromCalls) {
        const all = [...fromCalls.values, ...defaults];
        const merged = combine(all, 'bounded arguments at every call site');
        if (merged.verdict === 'unbounded') return merged;
        if (merged.verdict === 'bounded' && fromCalls.complete) return merged;
      }
    }
    return unknown();
  }

  private isErrorCallback(fn: FunctionLike, parameter: ts.ParameterDeclaration): boolean {
    const parent = fn.parent;
    if (ts.isCallExpression(parent) && fn.parameters.indexOf(parameter) === 0) {
      const method = calleeName(parent);
      if (method === 'catch' || method === 'on' || method === 'once') return true;
      if (method === 'then' && parent.arguments[1] === fn) return true;
    }
    // (err, req, res, next): Express error middleware
    return fn.parameters.length === 4 && fn.parameters[0] === parameter;
  }

  /** NestJS: `@Param('id') id`, `@Query() q`, `@Body() body`, `@Headers() h`, `@Ip() ip`, `@Req() req`. */
  private nestParameter(parameter: ts.ParameterDeclaration): Abstract | undefined {
    if (!ts.canHaveDecorators(parameter)) return undefined;
    for (const decorator of ts.getDecorators(parameter) ?? []) {
      const expression = decorator.expression;
      const callee = ts.isCallExpression(expression) ? expression.expression : expression;
      const name = ts.isIdentifier(callee) ? callee.text : undefined;
      const keyed = ts.isCallExpression(expression) && expression.arguments.length > 0;
      switch (name) {
        case 'Param':
          return keyed
            ? unbounded(partReasons.params.reason, partReasons.params.per, [], parameter)
            : { kind: 'request', part: 'params', chain: [], node: parameter };
        case 'Query':
          return keyed
            ? unbounded(partReasons.query.reason, partReasons.query.per, [], parameter)
            : { kind: 'request', part: 'query', chain: [], node: parameter };
        case 'Body':
          return keyed
            ? unbounded(partReasons.body.reason, partReasons.body.per, [], parameter)
            : { kind: 'request', part: 'body', chain: [], node: parameter };
        case 'Headers':
          return keyed
            ? unbounded(partReasons.headers.reason, partReasons.headers.per, [], parameter)
            : { kind: 'request', part: 'headers', chain: [], node: parameter };
        case 'Ip':
          return unbounded('the client IP address', 'client address', [], parameter);
        case 'Req':
        case 'Request':
          return { kind: 'request', chain: [], node: parameter };
      }
    }
    return undefined;
  }

  /** `CONST.forEach((x) => …)` and friends: `x` is an element of the collection. */
  private iterationElement(view: ModuleView, fn: FunctionLike, index: number, depth: number): Abstract | undefined {
    if (index !== 0) return undefined;
    const parent = fn.parent;
    if (!ts.isCallExpression(parent) || parent.arguments[0] !== fn) return undefined;
    if (!['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'reduce'].includes(calleeName(parent) ?? ''))
      return undefined;
    const receiver = calleeReceiver(parent);
    if (!receiver) return undefined;
    const collection = this.evaluate(view, receiver, depth + 1);
    return collection.kind === 'collection' ? collection.element : undefined;
  }

  /**
   * The arguments passed for a parameter at the function's call sites in this file. `complete` is false when the
   * function may also be called from elsewhere (exported, passed around), so only unbounded evidence counts then.
   */
  private callSiteArguments(
    view: ModuleView,
    fn: FunctionLike,
    index: number,
    depth: number,
  ): { values: Scalar[]; complete: boolean } | undefined {
    const nameNode = functionNameNode(fn);
    if (!nameNode) return undefined;
    const isMethod = ts.isMethodDeclaration(fn);
    const values: Scalar[] = [];
    let otherUses = false;
    visitDescendants(view.sourceFile, (node) => {
      if (!ts.isIdentifier(node) || node === nameNode || node.text !== nameNode.text) return;
      if (isMethod) {
        const access = node.parent;
        if (!ts.isPropertyAccessExpression(access) || access.name !== node || !isThisReference(view, access.expression))
          return;
        const call = access.parent;
        if (ts.isCallExpression(call) && call.expression === access) {
          const argument = call.arguments[index];
          if (argument) values.push(this.callArgument(view, argument, depth));
        } else otherUses = true;
        return;
      }
      if (declarationOf(view, node) !== declarationOfFunction(fn)) return;
      const call = node.parent;
      if (ts.isCallExpression(call) && call.expression === node) {
        const argument = call.arguments[index];
        if (argument && !ts.isSpreadElement(argument)) values.push(this.callArgument(view, argument, depth));
        else if (!argument) values.push(bounded('undefined', ['undefined']));
      } else otherUses = true;
    });
    if (values.length === 0) return undefined;
    const exported = isExported(fn);
    return { values, complete: !otherUses && !exported };
  }

  private callArgument(view: ModuleView, argument: ts.Expression, depth: number): Scalar {
    const value = this.toScalar(this.evaluate(view, argument, depth + 1));
    if (value.verdict !== 'unbounded') return value;
    const rest = value.chain[0] === text(argument) ? value.chain.slice(1) : value.chain;
    return { ...value, chain: [`\`${text(argument)}\` (the argument at line ${lineOf(argument)})`, ...rest] };
  }

  private bindingElement(view: ModuleView, element: ts.BindingElement, depth: number): Abstract {
    const pattern = element.parent;
    const holder = pattern.parent;
    let base: Abstract;
    if (ts.isVariableDeclaration(holder)) {
      if (ts.isVariableDeclarationList(holder.parent) && ts.isForOfStatement(holder.parent.parent)) return unknown();
      if (!holder.initializer) return unknown();
      base = this.evaluate(view, holder.initializer, depth + 1);
    } else if (ts.isParameter(holder)) {
      base = this.parameter(view, holder, depth);
    } else if (ts.isBindingElement(holder)) {
      base = this.bindingElement(view, holder, depth);
    } else return unknown();
    if (ts.isArrayBindingPattern(pattern)) return base.kind === 'collection' ? base.element : unknown();
    const property = element.propertyName ?? element.name;
    const key = ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
    if (!key) return unknown();
    const result = this.memberOf(base, key, element, depth);
    if (result.kind === 'scalar' && result.verdict === 'unknown' && ts.isIdentifier(element.name))
      return this.byName(key, element, [key]);
    return result;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Members and calls

  private member(
    view: ModuleView,
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    depth: number,
  ): Abstract {
    const name = accessedName(node);
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword && name) {
      if (this.boundedNames.has(name)) return bounded(`\`${name}\` is configured as bounded`, [text(node)]);
      const origin = originOf(view, node);
      if (origin.node !== node) {
        const value = ts.isExpression(origin.node)
          ? this.evaluate(origin.view, origin.node, depth + 1)
          : this.declaration(origin.view, origin.node, depth + 1, node);
        if (value.kind !== 'scalar' || value.verdict !== 'unknown') return withLink(value, text(node));
      }
      return this.byName(name, node, [text(node)]);
    }
    const base = this.evaluate(view, node.expression, depth + 1);
    if (!name) {
      // COLLECTION[key]: whatever the key, the result is one of the collection's elements (or undefined).
      if (base.kind === 'collection') return { ...base.element, chain: [text(node)] };
      if (base.kind === 'request' && base.part)
        return unbounded(partReasons[base.part].reason, partReasons[base.part].per, [text(node)], node);
      return unknown();
    }
    if (this.boundedNames.has(name)) return bounded(`\`${name}\` is configured as bounded`, [text(node)]);
    const value = this.memberOf(base, name, node, depth);
    if (value.kind === 'scalar' && value.verdict === 'unknown') {
      if (value.settled) return unknown([text(node)]);
      if (statusMembers.has(name)) return bounded('an HTTP status code', [text(node)]);
      const urlPart = ownEntry(urlPathMembers, name);
      if (urlPart) return unbounded(urlPart.reason, urlPart.per, [text(node)], node);
      // A member of unbounded data is unbounded (`body.user.id`) — but an error handed over as an argument keeps only
      // its text unbounded: `err.type`, `err.code` and `err.name` are codes, not messages.
      const errorObject = base.kind === 'scalar' && base.reason === errorObjectReason;
      // An error's `cause` is another error: its text is unbounded, its `type`/`code` are codes again.
      if (errorObject && name === 'cause') return { ...base, chain: [text(node), ...base.chain] };
      const errorCode = errorObject && !errorTextMembers.has(name);
      if (base.kind === 'scalar' && base.verdict === 'unbounded' && name !== 'length' && !errorCode)
        return { ...base, chain: [text(node), ...base.chain] };
      return this.byName(name, node, [text(node)]);
    }
    return withLink(value, text(node));
  }

  /** `base.name`, for each kind of abstract base. */
  private memberOf(base: Abstract, name: string, node: ts.Node, _depth: number): Abstract {
    const chain = [text(node)];
    switch (base.kind) {
      case 'request': {
        if (base.part) return unbounded(partReasons[base.part].reason, partReasons[base.part].per, chain, node);
        const part = ownEntry(requestParts, name);
        if (part) return { kind: 'request', part, chain, node };
        const raw = ownEntry(unboundedRequestMembers, name);
        if (raw) return unbounded(raw.reason, raw.per, chain, node);
        const fixed = ownEntry(boundedRequestMembers, name);
        if (fixed) return bounded(fixed, chain);
        if (name === 'route' || name === 'routeOptions' || name === 'routeConfig') return { kind: 'route', chain };
        if (name === 'req' || name === 'request' || name === 'raw') return { kind: 'request', chain, node };
        if (opaqueRequestMembers.has(name)) return { ...unknown(chain), settled: true };
        return unknown(chain);
      }
      case 'route':
        if (['path', 'url', 'pattern', 'template'].includes(name)) return bounded('the route template', chain);
        if (name === 'config') return base;
        return unknown(chain);
      case 'error':
        if (errorTextMembers.has(name))
          return unbounded(
            name === 'stack' ? 'an error stack trace' : 'an error message',
            'distinct error message',
            chain,
            node,
          );
        return unknown(chain);
      case 'collection':
        if (name === 'length' || name === 'size') return bounded('the size of a constant collection', chain);
        return { ...base.element, chain };
      case 'scalar':
        return unknown(chain);
    }
  }

  private call(view: ModuleView, node: ts.CallExpression, depth: number): Abstract {
    const callee = unwrap(node.expression);
    const calleeText =
      ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)
        ? callee.getText(view.sourceFile).replace(/\?\./g, '.')
        : '';
    for (const generator of generators) {
      if (generator.test.test(calleeText) && this.isGlobalOrPackage(view, callee))
        return unbounded(generator.reason, generator.per, [text(node)], node);
    }
    const method = calleeName(node);
    const receiver = calleeReceiver(node);
    // Request accessors: req.get('x-user'), req.header('x'), c.req.param('id'), c.req.query('q').
    if (receiver && method) {
      const base = this.evaluate(view, receiver, depth + 1);
      if (base.kind === 'request' && !base.part) {
        if (['get', 'header', 'headers'].includes(method))
          return unbounded(partReasons.headers.reason, partReasons.headers.per, [text(node)], node);
        if (method === 'param') return unbounded(partReasons.params.reason, partReasons.params.per, [text(node)], node);
        if (method === 'query' || method === 'queries')
          return unbounded(partReasons.query.reason, partReasons.query.per, [text(node)], node);
        if (method === 'json' || method === 'text' || method === 'formData' || method === 'parseBody')
          return unbounded(partReasons.body.reason, partReasons.body.per, [text(node)], node);
      }
      if (base.kind === 'request' && base.part && (method === 'get' || method === 'getAll'))
        return unbounded(partReasons[base.part].reason, partReasons[base.part].per, [text(node)], node);
      if (base.kind === 'collection' && ['get', 'find', 'at', 'findLast'].includes(method))
        return { ...base.element, chain: [text(node)] };
      if (base.kind === 'error' && method === 'toString') return this.toScalar(base);
      if (preservingMethods.has(method)) {
        const value = this.toScalar(base);
        if (
          value.verdict === 'bounded' &&
          ![
            'toString',
            'toLowerCase',
            'toUpperCase',
            'trim',
            'toFixed',
            'valueOf',
            'toLocaleLowerCase',
            'toLocaleUpperCase',
          ].includes(method)
        )
          return unknown();
        return value.verdict === 'unknown' ? value : { ...value, chain: [text(node), ...value.chain] };
      }
    }
    // Object.freeze(x) / structuredClone(x) are x.
    if ((calleeText === 'Object.freeze' || calleeText === 'structuredClone') && node.arguments[0])
      return this.evaluate(view, node.arguments[0], depth + 1);
    if (mathFunctions.has(calleeText)) {
      const values = node.arguments.map((argument) => this.toScalar(this.evaluate(view, argument, depth + 1)));
      if (values.length === 0) return unknown();
      const merged = combine(values, 'a function of bounded values');
      return merged.verdict === 'unknown'
        ? merged
        : { ...merged, chain: merged.verdict === 'unbounded' ? [text(node), ...merged.chain] : merged.chain };
    }
    // Nest: Reflect.getMetadata('path', handler) is the route template.
    if (
      calleeText === 'Reflect.getMetadata' &&
      ts.isStringLiteralLike(node.arguments[0] ?? node) &&
      (node.arguments[0] as ts.StringLiteral).text === 'path'
    ) {
      return bounded('the route template', [text(node)]);
    }
    if (method && statusClassHelper.test(method)) return bounded('a status class', [text(node)]);
    return this.functionResult(view, node, depth);
  }

  /** `Date.now()` is a generator only when `Date` is the global, not a local or imported `Date`. */
  private isGlobalOrPackage(view: ModuleView, callee: ts.Expression): boolean {
    let root: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root)) return false;
    if (isGlobalReference(view, root)) return true;
    const declaration = declarationOf(view, root);
    if (!declaration) return true;
    const binding = importBindingOf(view, declaration);
    return !!binding && !view.project.isLocalModule(view.path, binding.module);
  }

  /** A call to a function declared here or in a local module: its declared return type, or all of its returns. */
  private functionResult(view: ModuleView, call: ts.CallExpression, depth: number): Abstract {
    const target = calledFunction(view, call);
    if (!target) return unknown();
    const { view: fnView, fn } = target;
    if (this.active.has(fn)) return unknown();
    if (fn.type) {
      const verdict = typeNodeVerdict(fnView, fn.type);
      if (verdict === 'bounded')
        return bounded(
          `\`${functionNameNode(fn)?.text ?? 'the function'}\` is declared to return \`${text(fn.type)}\``,
          [text(call)],
        );
    }
    if (!fn.body) return unknown();
    this.active.add(fn);
    try {
      const returns: ts.Expression[] = [];
      if (!ts.isBlock(fn.body)) returns.push(fn.body as ts.Expression);
      else {
        let bare = false;
        visitSameFunction(fn.body, (child) => {
          if (ts.isReturnStatement(child)) {
            if (child.expression) returns.push(child.expression);
            else bare = true;
          }
        });
        if (bare) returns.push(ts.factory.createIdentifier('undefined'));
      }
      if (returns.length === 0) return unknown();
      const values = returns.map((value) =>
        value.pos < 0 ? bounded('undefined', []) : this.toScalar(this.evaluate(fnView, value, depth + 1)),
      );
      const merged = combine(values, `every return of \`${functionNameNode(fn)?.text ?? 'the function'}\` is bounded`);
      if (merged.verdict === 'unbounded') return { ...merged, chain: [text(call), ...merged.chain] };
      return merged.verdict === 'bounded' ? { ...merged, chain: [text(call)] } : merged;
    } finally {
      this.active.delete(fn);
    }
  }
}

function declarationOfFunction(fn: FunctionLike): ts.Node {
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent)) return fn.parent;
  return fn;
}

function isExported(fn: FunctionLike): boolean {
  const holder = declarationOfFunction(fn);
  const statement = ts.isVariableDeclaration(holder) ? holder.parent.parent : holder;
  if (
    ts.canHaveModifiers(statement) &&
    ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  )
    return true;
  const name = functionNameNode(fn)?.text;
  if (!name) return false;
  const sourceFile = fn.getSourceFile();
  // CommonJS and `export { name }`: any other mention at top level outside calls counts as "used elsewhere".
  return new RegExp(`(module\\.)?exports(\\.\\w+)?\\s*=[^;]*\\b${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`).test(
    sourceFile.text,
  );
}

/** Typed mode: a union of literal types (strings, numbers, booleans, enum members, undefined, null). */
export function isBoundedType(type: ts.Type): boolean {
  const flags = type.flags;
  if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  if (
    flags &
    (ts.TypeFlags.StringLiteral |
      ts.TypeFlags.NumberLiteral |
      ts.TypeFlags.BooleanLiteral |
      ts.TypeFlags.EnumLiteral |
      ts.TypeFlags.BigIntLiteral)
  )
    return true;
  if (flags & ts.TypeFlags.Boolean) return true;
  if (type.isUnion()) {
    const members = type.types.filter(
      (member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)),
    );
    return members.length > 0 && members.every(isBoundedType);
  }
  return false;
}

export { exportedType };
