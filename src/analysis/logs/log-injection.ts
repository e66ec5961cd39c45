/**
 * What, in a package, can stamp trace context on log records without the logger's construction showing it: an
 * OpenTelemetry log instrumentation that is registered (`instrumentations: [new PinoInstrumentation()]`,
 * `getNodeAutoInstrumentations()`), preloaded (`node -r @opentelemetry/auto-instrumentations-node/register`, in a
 * package.json script or the package's Dockerfile) or that the package itself is; a vendor agent or distribution
 * that injects its own ids or ships log records with the active context (dd-trace, New Relic, Elastic, Splunk,
 * AWS, Azure, HyperDX, Sentry's console integration); or code that patches `console`.
 *
 * Facts are gathered once per package root (the directory of the nearest package.json) from its package.json,
 * Dockerfile and sources (`package-sources.ts`: sorted, no tests or build output), so the answer never depends on
 * which file is linted first. Each fact names the libraries it covers; the rule asks per logger library.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ts } from '../../compiler.js';
import { calleeName, visitDescendants } from '../syntax/ast.js';
import type { ModuleView } from '../modules/module-view.js';
import type { ProjectFacts } from '../modules/project.js';
import { listSources } from '../modules/package-sources.js';
import type { LoggerLibrary } from './loggers.js';

export interface Injection {
  /** What it is, for messages: "`@opentelemetry/instrumentation-pino` registered in src/tracing.ts". */
  evidence: string;
  /** An OpenTelemetry instrumentation (adds `trace_id`/`span_id`), as opposed to a vendor agent that may. */
  otel: boolean;
}

const allStructured: readonly LoggerLibrary[] = ['pino', 'winston', 'bunyan'];

/** The OpenTelemetry log instrumentations and the library each one correlates. */
const otelLogInstrumentations: Record<string, LoggerLibrary> = {
  '@opentelemetry/instrumentation-pino': 'pino',
  '@opentelemetry/instrumentation-winston': 'winston',
  '@opentelemetry/instrumentation-bunyan': 'bunyan',
  // Emits a LogRecord for each console call, in the active context (not part of auto-instrumentations-node).
  '@opentelemetry/instrumentation-console': 'console',
};
const instrumentationClasses: Record<string, LoggerLibrary> = {
  PinoInstrumentation: 'pino',
  WinstonInstrumentation: 'winston',
  BunyanInstrumentation: 'bunyan',
  ConsoleInstrumentation: 'console',
};

/**
 * Packages that, loaded in the process, stamp trace context on (or ship with the active context) the records of
 * these libraries. `otel`: an OpenTelemetry distribution whose default instrumentations include the log ones.
 * See docs/rules/require-log-trace-context.md for what each one covers and how it is switched on.
 */
interface Injector {
  name: RegExp;
  covers: readonly LoggerLibrary[];
  otel: boolean;
}
const injectors: readonly Injector[] = [
  // auto-instrumentations-node bundles instrumentation-pino, -winston and -bunyan, all enabled by default.
  { name: /^@opentelemetry\/auto-instrumentations-node(\/|$)/, covers: allStructured, otel: true },
  // EDOT Node.js, Splunk's and AWS's distributions enable the upstream log instrumentations by default.
  { name: /^@elastic\/opentelemetry-node(\/|$)/, covers: allStructured, otel: true },
  { name: /^@splunk\/otel(\/|$)/, covers: allStructured, otel: true },
  { name: /^@aws\/aws-distro-opentelemetry-node-autoinstrumentation(\/|$)/, covers: allStructured, otel: true },
  // dd-trace's logInjection (bunyan, pino, winston; JSON output), New Relic's application logging (winston, pino,
  // bunyan), Elastic's APM agent with the ECS formatters (pino, winston), Honeycomb's SDK (whatever
  // instrumentations it is given), Azure Monitor (winston, bunyan when enabled; applicationinsights and the
  // Microsoft distribution also `console`), HyperDX (console, pino, winston), Instana and Dynatrace agents.
  { name: /^dd-trace(\/|$)/, covers: allStructured, otel: false },
  { name: /^newrelic(\/|$)/, covers: allStructured, otel: false },
  { name: /^elastic-apm-node(\/|$)|^@elastic\/ecs-(pino|winston)-format$/, covers: ['pino', 'winston'], otel: false },
  { name: /^@honeycombio\/opentelemetry-node(\/|$)/, covers: allStructured, otel: false },
  { name: /^@azure\/monitor-opentelemetry(\/|$)/, covers: ['winston', 'bunyan'], otel: false },
  {
    name: /^(applicationinsights|@microsoft\/opentelemetry)(\/|$)/,
    covers: ['console', 'winston', 'bunyan'],
    otel: false,
  },
  { name: /^@hyperdx\/node-opentelemetry(\/|$)/, covers: ['console', 'pino', 'winston'], otel: false },
  { name: /^otel-console-tracer(\/|$)/, covers: ['console'], otel: false },
  { name: /^(@instana\/|@dynatrace\/)/, covers: allStructured, otel: false },
  { name: /^@google-cloud\/logging-winston$/, covers: ['winston'], otel: false },
  { name: /^@google-cloud\/logging-bunyan$/, covers: ['bunyan'], otel: false },
];

export type PackageInjections = Map<LoggerLibrary, Injection>;

const cache = new WeakMap<ProjectFacts, Map<string, PackageInjections>>();

/** Everything in the package of `view` that stamps trace context on records, per library. */
export function packageInjections(view: ModuleView): PackageInjections {
  const info = view.project.packageFor(view.path);
  const root = info ? dirname(info.path) : dirname(view.path);
  let perRoot = cache.get(view.project);
  if (!perRoot) cache.set(view.project, (perRoot = new Map()));
  let found = perRoot.get(root);
  if (!found) perRoot.set(root, (found = gather(view.project, root, info?.path)));
  return found;
}

function add(found: PackageInjections, libraries: readonly LoggerLibrary[], injection: Injection): void {
  for (const library of libraries) {
    const known = found.get(library);
    if (!known || (!known.otel && injection.otel)) found.set(library, injection);
  }
}

function gather(project: ProjectFacts, root: string, packageJson: string | undefined): PackageInjections {
  const found: PackageInjections = new Map();
  if (packageJson) {
    fromPackageJson(found, packageJson);
    // A shared workspace package that depends on the instrumentation usually registers it for its services.
    for (const used of project.workspacePackagesUsed(packageJson))
      fromDependencies(found, used.runtimeDependencies, used.name ?? dirname(used.path));
  }
  fromDockerfile(found, root);
  fromSources(found, project, root, packageJson);
  return found;
}

/** `-r x`, `--require=x`, `--import x`, `--loader x` in a command line or NODE_OPTIONS. */
const preloadPattern =
  /(?:^|[\s"'=])(?:-r|--require|--import|--loader|--experimental-loader)(?:\s+|=)["']?([@\w][\w@./-]*)/g;

function preloads(text: string): string[] {
  return [...text.matchAll(preloadPattern)].map((match) => match[1]!);
}

function fromPreloads(found: PackageInjections, text: string, where: string): void {
  for (const module of preloads(text)) {
    const packageName = /^(@[^/]+\/[^/]+|[^@/][^/]*)/.exec(module)?.[1] ?? module;
    const library = otelLogInstrumentations[packageName];
    if (library) add(found, [library], { evidence: `\`${module}\` preloaded in ${where}`, otel: true });
    for (const injector of injectors) {
      if (injector.name.test(module))
        add(found, injector.covers, { evidence: `\`${module}\` preloaded in ${where}`, otel: injector.otel });
    }
  }
}

/** Instrumentations and agents among dependencies; `via` names the workspace package that brings them. */
function fromDependencies(found: PackageInjections, dependencies: Iterable<string>, via?: string): void {
  const through = via ? ` (through the workspace package \`${via}\`)` : '';
  for (const dependency of dependencies) {
    const library = otelLogInstrumentations[dependency];
    if (library) add(found, [library], { evidence: `\`${dependency}\`${through}`, otel: true });
    for (const injector of injectors)
      if (injector.name.test(dependency))
        add(found, injector.covers, { evidence: `\`${dependency}\`${through}`, otel: injector.otel });
  }
}

function fromPackageJson(found: PackageInjections, path: string): void {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  // The package is the instrumentation itself (its examples and own code run with it).
  const name = typeof json.name === 'string' ? json.name : '';
  const own = otelLogInstrumentations[name];
  if (own) add(found, [own], { evidence: `the package itself (\`${name}\`)`, otel: true });
  if (name === '@opentelemetry/auto-instrumentations-node')
    add(found, allStructured, { evidence: `the package itself (\`${name}\`)`, otel: true });
  // Dependencies on an agent or distribution: it may be loaded from an environment variable or a start script
  // obslint cannot see.
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'])
    fromDependencies(found, Object.keys((json[field] as Record<string, string> | undefined) ?? {}));
  const scripts = json.scripts && typeof json.scripts === 'object' ? (json.scripts as Record<string, unknown>) : {};
  for (const command of Object.values(scripts))
    if (typeof command === 'string') fromPreloads(found, command, 'a package.json script');
  if (isHostedLibrary(json, scripts, dirname(path)))
    add(found, [...allStructured, 'console'], {
      evidence: `the application that loads the published library \`${name || 'this package'}\``,
      otel: false,
    });
}

/**
 * A published library that never runs on its own (an SDK, a framework, a plugin): its records are written in the
 * host application's process, and whatever correlates them there (a log instrumentation, an agent) is registered
 * by the host, out of this repository's sight. A package that starts itself (a `start`/`serve` script, a
 * Dockerfile) is a service, even when it is also published (`unleash-server`).
 */
function isHostedLibrary(json: Record<string, unknown>, scripts: Record<string, unknown>, root: string): boolean {
  if (json.private === true) return false;
  if (json.main === undefined && json.exports === undefined && json.module === undefined) return false;
  if (Object.keys(scripts).some((script) => /^(start|serve)(:|$)/.test(script))) return false;
  return !existsSync(join(root, 'Dockerfile'));
}

function fromDockerfile(found: PackageInjections, root: string): void {
  const path = join(root, 'Dockerfile');
  if (!existsSync(path)) return;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  // `CMD ["node", "-r", "x", …]` lists the flag and its value as separate strings.
  fromPreloads(found, text.replace(/"\s*,\s*"/g, ' '), 'the Dockerfile');
}

/** Text that makes a source file worth parsing. */
const sourceHints =
  /Instrumentation\b|getNodeAutoInstrumentations|dd-trace|newrelic|elastic-apm-node|@splunk\/otel|useAzureMonitor|consoleLoggingIntegration|captureConsoleIntegration|pinoIntegration|createSentryWinstonTransport|\bconsole(\.\w+|\[[^\]]+\])\s*=[^=]|Object\.assign\(\s*console\b/;

function fromSources(
  found: PackageInjections,
  project: ProjectFacts,
  root: string,
  packageJson: string | undefined,
): void {
  for (const path of listSources(root)) {
    // A nested package (a workspace under a monorepo root) is a package of its own.
    if (project.packageFor(path)?.path !== packageJson) continue;
    const text = project.text(path);
    if (!text || !sourceHints.test(text)) continue;
    const sourceFile = project.sourceFile(path);
    if (!sourceFile) continue;
    const where = path
      .slice(root.length + 1)
      .split('\\')
      .join('/');
    scanSource(found, sourceFile, where);
  }
}

/** Modules a file imports or requires, by local name, for telling `new PinoInstrumentation()` from a namesake. */
function importedModules(sourceFile: ts.SourceFile): Set<string> {
  const modules = new Set<string>();
  visitDescendants(sourceFile, (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier))
      modules.add(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      (calleeName(node) === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword)
    ) {
      const argument = node.arguments[0];
      if (argument && ts.isStringLiteralLike(argument)) modules.add(argument.text);
    }
    return undefined;
  });
  return modules;
}

/** `getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-pino': { enabled: false } })` turns one off. */
function disabledIn(call: ts.CallExpression): Set<string> {
  const disabled = new Set<string>();
  const options = call.arguments[0];
  if (!options || !ts.isObjectLiteralExpression(options)) return disabled;
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
    const key = ts.isStringLiteralLike(property.name) || ts.isIdentifier(property.name) ? property.name.text : '';
    const enabled = property.initializer.properties.find(
      (inner) => ts.isPropertyAssignment(inner) && inner.name.getText() === 'enabled',
    );
    if (enabled && ts.isPropertyAssignment(enabled) && enabled.initializer.kind === ts.SyntaxKind.FalseKeyword)
      disabled.add(key);
  }
  return disabled;
}

function scanSource(found: PackageInjections, sourceFile: ts.SourceFile, where: string): void {
  const modules = importedModules(sourceFile);
  for (const module of modules) {
    // Importing auto-instrumentations-node itself registers nothing: its `getNodeAutoInstrumentations()` call does
    // (with whatever it disables); its `/register` entry point and the distributions start on import.
    if (module === '@opentelemetry/auto-instrumentations-node') continue;
    for (const injector of injectors) {
      if (injector.name.test(module))
        add(found, injector.covers, { evidence: `\`${module}\` loaded in ${where}`, otel: injector.otel });
    }
  }
  visitDescendants(sourceFile, (node) => {
    if (ts.isNewExpression(node)) {
      const library = instrumentationClasses[calleeName(node) ?? ''];
      const module =
        library && Object.keys(otelLogInstrumentations).find((name) => otelLogInstrumentations[name] === library);
      if (library && module && modules.has(module))
        add(found, [library], { evidence: `\`${module}\` registered in ${where}`, otel: true });
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      if (name === 'getNodeAutoInstrumentations') {
        const disabled = disabledIn(node);
        const libraries = Object.entries(otelLogInstrumentations)
          .filter(([module, library]) => library !== 'console' && !disabled.has(module))
          .map(([, library]) => library);
        add(found, libraries, { evidence: `\`getNodeAutoInstrumentations()\` in ${where}`, otel: true });
      }
      // Sentry's logs integrations send records with the active trace.
      if (name === 'consoleLoggingIntegration' || name === 'captureConsoleIntegration')
        add(found, ['console'], { evidence: `Sentry's \`${name}()\` in ${where}`, otel: false });
      if (name === 'pinoIntegration')
        add(found, ['pino'], { evidence: `Sentry's \`pinoIntegration()\` in ${where}`, otel: false });
      if (name === 'createSentryWinstonTransport')
        add(found, ['winston'], { evidence: `Sentry's winston transport in ${where}`, otel: false });
      // Object.assign(console, { log: … }): the project replaces console's methods.
      if (name === 'assign' && node.arguments[0]?.getText() === 'console')
        add(found, ['console'], { evidence: `\`console\` patched in ${where}`, otel: false });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if (
        (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) &&
        target.expression.getText() === 'console'
      ) {
        add(found, ['console'], { evidence: `\`console\` patched in ${where}`, otel: false });
      }
    }
    return undefined;
  });
}
