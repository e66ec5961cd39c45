/**
 * Child processes started with an environment the code builds itself. A child process shares nothing with its
 * parent's AsyncLocalStorage; the OpenTelemetry convention for handing it the trace is the environment
 * (`TRACEPARENT`, `TRACESTATE`, `BAGGAGE`: the specification's environment-variable carriers).
 *
 * Two facts have to hold before a launch is worth reporting, and obslint asks for both:
 * - the code builds the child's `env` (an object literal, directly or through a local `const`): there is a place to
 *   put the context, and the author chose what the child sees. No `env` option (or `env: process.env`) inherits the
 *   parent's environment unchanged — nothing was built, and nothing obslint can point at;
 * - the child is evidently traced: a Node process (`fork`, `process.execPath`, `node …`, `tsx`, `ts-node`), or an env
 *   that configures OpenTelemetry for it (`OTEL_*` keys, `NODE_OPTIONS` loading a tracing setup). A `git`, `ffmpeg`
 *   or `convert` child has no tracer: there is no trace for it to continue.
 */
import { ts } from '../../compiler.js';
import { calleeName, enclosingFunction, unwrap, visitDescendants } from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import { originOf } from '../modules/origin.js';
import { clientOrigin } from './propagation.js';

const launchFunctions = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
const nodeCommands = /^(node|nodejs|tsx|ts-node)$/;
/** The environment-variable carrier names of W3C trace context (any case: `traceparent` is what a W3C propagator writes). */
const traceparentKey = /^traceparent$/i;
const tracingSetup = /opentelemetry|otel|tracing|instrument/i;

export interface ChildLaunch {
  /** `spawn`, `execFile`, `fork`, … */
  api: string;
  /** What is launched and why obslint believes it is traced, for the message: 'a Node child process with an `env` built here'. */
  child: string;
}

const bare = (module: string) => module.replace(/^node:/, '');

/** `spawn`/`exec`/`execFile`/`fork` (and their `Sync` forms, and `promisify(exec)`) from `child_process`. */
const mentionCache = new WeakMap<ts.SourceFile, boolean>();

function mentionsChildProcess(sourceFile: ts.SourceFile): boolean {
  let mentions = mentionCache.get(sourceFile);
  if (mentions === undefined) mentionCache.set(sourceFile, (mentions = sourceFile.text.includes('child_process')));
  return mentions;
}

function launchApi(view: ModuleView, call: ts.CallExpression): string | undefined {
  // Launch functions come from `child_process` imported in this module (directly or through `promisify`).
  if (!mentionsChildProcess(view.sourceFile)) return undefined;
  let origin = clientOrigin(view, call.expression);
  if (!origin || bare(origin.module) !== 'child_process') {
    // `const run = promisify(execFile)`: the launch function is the argument of `promisify`.
    const callee = unwrap(call.expression);
    const created = ts.isIdentifier(callee) ? originOf(view, callee) : undefined;
    if (
      created &&
      ts.isCallExpression(created.node) &&
      calleeName(created.node) === 'promisify' &&
      created.node.arguments[0]
    ) {
      origin = clientOrigin(created.view, created.node.arguments[0]);
    }
  }
  if (!origin || bare(origin.module) !== 'child_process') return undefined;
  const name = origin.steps[origin.steps.length - 1];
  return name && launchFunctions.has(name) ? name : undefined;
}

/** The value of an expression when it is an object literal, directly or through a local variable. */
function objectLiteral(view: ModuleView, expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const value = unwrap(expression);
  if (ts.isObjectLiteralExpression(value)) return value;
  if (ts.isIdentifier(value)) {
    const node = originOf(view, value).node;
    if (ts.isObjectLiteralExpression(node)) return node;
  }
  return undefined;
}

function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

const isProcessEnv = (expression: ts.Expression): boolean => {
  const value = unwrap(expression);
  return (
    ts.isPropertyAccessExpression(value) &&
    value.name.text === 'env' &&
    ts.isIdentifier(value.expression) &&
    value.expression.text === 'process'
  );
};

interface EnvFacts {
  /** The env sets `TRACEPARENT` (or spreads something obslint cannot see, which might). */
  carries: boolean;
  /** Keys and values that configure OpenTelemetry in the child. */
  configuresTracing: boolean;
}

/** What an `env` object literal sets, through spreads of `process.env` and of local object literals. */
function envFacts(view: ModuleView, env: ts.ObjectLiteralExpression, depth = 0): EnvFacts {
  const facts: EnvFacts = { carries: false, configuresTracing: false };
  for (const property of env.properties) {
    if (ts.isSpreadAssignment(property)) {
      if (isProcessEnv(property.expression)) continue;
      const spread = depth < 3 ? objectLiteral(view, property.expression) : undefined;
      if (!spread) {
        // `...carrier`, `...otelEnv()`: it may well hold the context. Unknown is not a finding.
        facts.carries = true;
        continue;
      }
      const inner = envFacts(view, spread, depth + 1);
      facts.carries ||= inner.carries;
      facts.configuresTracing ||= inner.configuresTracing;
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) {
      // A computed key: could be `[carrierKey]`.
      facts.carries = true;
      continue;
    }
    if (traceparentKey.test(name)) facts.carries = true;
    if (/^OTEL_/.test(name)) facts.configuresTracing = true;
    const value = propertyValue(property);
    if (name === 'NODE_OPTIONS' && value && tracingSetup.test(value.getText(view.sourceFile)))
      facts.configuresTracing = true;
  }
  return facts;
}

/** Does the command start a Node process? `process.execPath`, `process.argv[0]`, `'node'`, `'node script.js'`. */
function startsNode(api: string, command: ts.Expression | undefined): boolean {
  if (!command) return false;
  const value = unwrap(command);
  const text = value.getText();
  if (/^process\.(execPath|argv\[0\])$/.test(text)) return true;
  const literal = ts.isStringLiteralLike(value)
    ? value.text
    : ts.isTemplateExpression(value)
      ? value.head.text
      : undefined;
  if (literal === undefined) return false;
  // exec/execSync run a shell command line: its first word is the program.
  const program =
    api.startsWith('exec') && !api.startsWith('execFile') ? (literal.trimStart().split(/\s+/)[0] ?? '') : literal;
  return nodeCommands.test(program.split('/').pop() ?? '');
}

/** Does any enclosing function mention `TRACEPARENT` (e.g. `env.TRACEPARENT = carrier.traceparent`)? */
function mentionsTraceparent(node: ts.Node): boolean {
  for (let fn: ts.Node = enclosingFunction(node); !ts.isSourceFile(fn); fn = enclosingFunction(fn)) {
    let found = false;
    visitDescendants(fn, (child) => {
      if (found) return 'skip';
      if ((ts.isIdentifier(child) || ts.isStringLiteralLike(child)) && traceparentKey.test(child.text)) found = true;
    });
    if (found) return true;
  }
  return false;
}

/**
 * A child-process launch that builds the child's environment, for a child that is evidently traced, without putting
 * the trace context in it. (Injection through `propagation.inject` is the caller's question: see `injectsAround`.)
 */
export function untracedChildLaunch(view: ModuleView, call: ts.CallExpression): ChildLaunch | undefined {
  const api = launchApi(view, call);
  if (!api) return undefined;
  // The options object: the first object literal after the command (`args` arrays and callbacks are skipped).
  let options: ts.ObjectLiteralExpression | undefined;
  for (const argument of call.arguments.slice(1)) {
    options = objectLiteral(view, argument);
    if (options) break;
  }
  const envProperty = options?.properties.find((property) => propertyName(property) === 'env');
  const envValue = envProperty && propertyValue(envProperty);
  if (!envValue || isProcessEnv(envValue)) return undefined;
  const env = objectLiteral(view, envValue);
  // `env: buildEnv()`, `env: childEnv` from a parameter: obslint cannot see what it holds.
  if (!env) return undefined;
  // `env: { ...process.env }` is a copy of what the child would inherit anyway.
  if (env.properties.every((property) => ts.isSpreadAssignment(property) && isProcessEnv(property.expression)))
    return undefined;
  const facts = envFacts(view, env);
  if (facts.carries || mentionsTraceparent(call)) return undefined;
  if (api === 'fork' || startsNode(api, call.arguments[0]))
    return { api, child: 'a Node child process with an `env` built here' };
  if (facts.configuresTracing)
    return { api, child: 'a child process whose `env`, built here, configures OpenTelemetry' };
  return undefined;
}
