/**
 * The logger analyses on their own: which library a logger is, whether its records carry trace context, the
 * shape of log arguments, error stringification and trace scope. Files are written to a temporary directory so
 * that local modules and package.json files are followed exactly as in a run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { parseSyntaxMode } from '../src/languages/typescript/parse.js';
import { FileAnalysis } from '../src/analysis/modules/file-analysis.js';
import { ProjectFacts } from '../src/analysis/modules/project.js';
import { logCallOf } from '../src/analysis/logs/loggers.js';
import { correlationOf, defaultTraceFields } from '../src/analysis/logs/logger-correlation.js';
import {
  interpolatedValues,
  messageIndex,
  placeholderCount,
  placeholderValues,
} from '../src/analysis/logs/log-arguments.js';
import { errorStringsIn, inClassifiedErrorBranch, passesErrorObject } from '../src/analysis/values/error-values.js';
import { errorHandlerOf, failureIsSelfDescribing, handlerHandsOn } from '../src/analysis/logs/error-handlers.js';
import { packageInjections } from '../src/analysis/logs/log-injection.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import { lintSync } from '../src/engine/lint.js';
import { isTraceField, logCarriesTraceFields } from '../src/analysis/logs/trace-fields.js';

const options = { traceFields: defaultTraceFields };

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-loggers-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function analyse(dir: string, name: string, text: string): FileAnalysis {
  const path = join(dir, name);
  writeFileSync(path, text);
  const parsed = parseSyntaxMode(path, text);
  return new FileAnalysis(path, parsed.sourceFile, parsed.checker, false, new ProjectFacts());
}

/** The log calls of a file, in order. */
function logCalls(file: FileAnalysis) {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && logCallOf(file, node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return calls.map((call) => ({ call, log: logCallOf(file, call)! }));
}

function verdicts(file: FileAnalysis): Record<string, string> {
  return Object.fromEntries(
    logCalls(file).map(({ call, log }) => [
      call.expression.getText(),
      `${log.logger.library ?? 'named'}:${correlationOf(log.logger, file, options).verdict}`,
    ]),
  );
}

const tracedPackage = JSON.stringify({
  dependencies: { '@opentelemetry/api': '1', pino: '9', winston: '3', bunyan: '1' },
});

describe('logger recognition and correlation', () => {
  it('recognises each library and decides from how the logger is built', () => {
    const dir = project({ 'package.json': tracedPackage });
    const file = analyse(
      dir,
      'a.ts',
      `import pino from 'pino';
import winston from 'winston';
import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
const bunyan = require('bunyan');
const plain = pino();
const mixed = pino({ mixin: () => ({ trace_id: trace.getActiveSpan()?.spanContext().traceId }) });
const w = winston.createLogger({ format: winston.format.json() });
const b = bunyan.createLogger({ name: 'x' });
const bound = plain.child({ traceId: 't' });
const nest = new Logger('X');
plain.info('a');
mixed.info('a');
w.info('a');
b.info('a');
bound.info('a');
nest.log('a');
console.log('a');
plain.child({ a: 1 });
`,
    );
    expect(verdicts(file)).toEqual({
      'plain.info': 'pino:uncorrelated',
      'mixed.info': 'pino:correlated',
      'w.info': 'winston:uncorrelated',
      'b.info': 'bunyan:uncorrelated',
      'bound.info': 'pino:correlated',
      'nest.log': 'nest:uncorrelated',
      'console.log': 'console:uncorrelated',
    });
  });

  it('treats the instrumentation dependency as correlation for its own library only', () => {
    const dir = project({
      'package.json': JSON.stringify({
        dependencies: { '@opentelemetry/instrumentation-pino': '1', pino: '9', winston: '3' },
      }),
    });
    const file = analyse(
      dir,
      'a.js',
      `const logger = require('pino')();\nconst w = require('winston').createLogger({});\nlogger.info('x');\nw.info('x');\n`,
    );
    expect(verdicts(file)).toEqual({ 'logger.info': 'pino:correlated', 'w.info': 'winston:uncorrelated' });
  });

  it('follows local modules, factories and wrapper classes; unknown construction stays unknown', () => {
    const dir = project({
      'package.json': tracedPackage,
      'log.ts': `import pino from 'pino';\nimport { vendorMixin } from '@acme/mixins';\nexport const base = pino();\nexport const vendor = pino({ mixin: vendorMixin });\nexport const make = (name: string) => base.child({ name });\nexport class Wrapper { info(m: string) { base.info(m); } }\n`,
      'cjs.js': `module.exports = require('pino')();\n`,
    });
    const file = analyse(
      dir,
      'a.ts',
      `import { base, vendor, make, Wrapper } from './log';\nconst cjs = require('./cjs');\nconst made = make('x');\nconst wrapped = new Wrapper();\nbase.info('a');\nvendor.info('a');\nmade.info('a');\nwrapped.info('a');\ncjs.info('a');\nfunction f(logger: any) { logger.info('a'); }\n`,
    );
    expect(verdicts(file)).toEqual({
      'base.info': 'pino:uncorrelated',
      'vendor.info': 'pino:unknown',
      'made.info': 'pino:uncorrelated',
      'wrapped.info': 'pino:uncorrelated',
      'cjs.info': 'pino:uncorrelated',
      'logger.info': 'named:unknown',
    });
  });

  it('reads winston formats, including custom formats built with format()', () => {
    const dir = project({ 'package.json': tracedPackage });
    const file = analyse(
      dir,
      'a.ts',
      `import { createLogger, format } from 'winston';\nimport { trace } from '@opentelemetry/api';\nconst addTrace = format((info) => { info.span_id = trace.getActiveSpan()?.spanContext().spanId; return info; });\nconst good = createLogger({ format: format.combine(addTrace(), format.json()) });\nconst printf = createLogger({ format: format.printf((info) => \`\${info.message}\`) });\ngood.info('a');\nprintf.info('a');\n`,
    );
    expect(verdicts(file)).toEqual({ 'good.info': 'winston:correlated', 'printf.info': 'winston:uncorrelated' });
  });

  it('matches trace field names ignoring case and separators', () => {
    expect(isTraceField('traceId', defaultTraceFields)).toBe(true);
    expect(isTraceField('trace.id', defaultTraceFields)).toBe(true);
    expect(isTraceField('dd.trace_id', defaultTraceFields)).toBe(true);
    expect(isTraceField('SPAN_ID', defaultTraceFields)).toBe(true);
    expect(isTraceField('traces', defaultTraceFields)).toBe(false);
    expect(isTraceField('requestId', defaultTraceFields)).toBe(false);
    expect(isTraceField('otelTraceKey', ['otelTraceKey'])).toBe(true);
  });

  it('sees trace fields passed per call', () => {
    const dir = project({ 'package.json': tracedPackage });
    const file = analyse(
      dir,
      'a.ts',
      `import pino from 'pino';\nconst l = pino();\nl.info({ trace_id: 'x' }, 'a');\nl.info({ ...traceContext() }, 'a');\nl.info({ user: 1 }, 'a');\n`,
    );
    expect(logCalls(file).map(({ call }) => logCarriesTraceFields(file, call, options))).toEqual([true, true, false]);
  });
});

describe('log arguments', () => {
  it('counts placeholders, %% excluded', () => {
    expect(placeholderCount('a %s b %d c %o %%')).toBe(3);
    expect(placeholderCount('100%% done')).toBe(0);
  });

  it('finds the message per library and the data built into it', () => {
    const dir = project({ 'package.json': tracedPackage });
    const file = analyse(
      dir,
      'a.ts',
      `import pino from 'pino';\nimport winston from 'winston';\nconst NAME = 'svc';\nenum Mode { A = 'a' }\nconst l = pino();\nconst w = winston.createLogger({});\nexport function f(id: string) {\n  l.info({ id }, \`user \${id}\`);\n  l.info(\`\${NAME} \${Mode.A}\`);\n  w.log('info', 'x ' + id);\n  l.info('a %s', id, { lost: true });\n}\n`,
    );
    const calls = logCalls(file);
    const shapes = calls.map(({ call, log }) => {
      const index = messageIndex(file, log);
      return {
        index,
        data:
          index === undefined ? [] : interpolatedValues(file, call.arguments[index]!).map((value) => value.getText()),
      };
    });
    expect(shapes).toEqual([
      { index: 1, data: ['id'] },
      { index: 0, data: [] },
      { index: 1, data: ['id'] },
      { index: 0, data: [] },
    ]);
    const last = calls[3]!.log;
    const values = placeholderValues(last, 0)!;
    expect(values.consumed.map((value) => value.getText())).toEqual(['id']);
    expect(values.extra.map((value) => value.getText())).toEqual(['{ lost: true }']);
  });
});

describe('error values', () => {
  it('finds stringified errors and the error object passed alongside', () => {
    const dir = project({});
    const file = analyse(
      dir,
      'a.ts',
      `try { run(); } catch (err) {\n  log(\`x \${err.message}\`, { e: String(err) }, 'a' + err, JSON.stringify(err), err.toString(), { err });\n  if (err instanceof TimeoutError) log(err.message);\n}\nfunction g(result: { message: string }) { log(result.message); }\n`,
    );
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'log') calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
    const [first, classified, other] = calls;
    const found = first!.arguments.flatMap((argument) => errorStringsIn(file, argument));
    expect(found.map((item) => item.node.getText())).toEqual([
      'err.message',
      'String(err)',
      'err',
      'JSON.stringify(err)',
      'err.toString()',
    ]);
    const error = found[0]!.error;
    expect(first!.arguments.some((argument) => passesErrorObject(file, argument, error))).toBe(true);
    expect(first!.arguments.slice(0, 5).some((argument) => passesErrorObject(file, argument, error))).toBe(false);
    expect(inClassifiedErrorBranch(file, classified!, error)).toBe(true);
    expect(inClassifiedErrorBranch(file, first!, error)).toBe(false);
    expect(other!.arguments.flatMap((argument) => errorStringsIn(file, argument))).toEqual([]);
  });
});

describe('error handlers', () => {
  it('knows whether the handler of an error hands it on, on the path through a call', () => {
    const dir = project({});
    const file = analyse(
      dir,
      'a.ts',
      `try { run(); } catch (a) { log(a.message); }\n` +
        `try { run(); } catch (b) { log(b.message); throw b; }\n` +
        `try { run(); } catch (c) { if (isRetryable(c)) { requeue(c); return; } log(c.message); }\n` +
        `try { run(); } catch (d) { log(d.message); queue.fail(d); }\n` +
        `try { JSON.parse(text); } catch (e) { log(e.message); }\n` +
        `p.catch((f) => log(f.message));\n` +
        `function helper(g: Error) { log(g.message); }\n`,
    );
    const results: Record<string, string> = {};
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'log') {
        const error = errorStringsIn(file, node.arguments[0]!)[0]!.error;
        const handler = errorHandlerOf(error);
        const name = (error as ts.NamedDeclaration).name!.getText();
        results[name] = !handler
          ? 'unknown fate'
          : handlerHandsOn(file, handler, error, node)
            ? 'handed on'
            : failureIsSelfDescribing(file, handler)
              ? 'self-describing'
              : 'swallowed';
      }
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
    expect(results).toEqual({
      a: 'swallowed',
      b: 'handed on',
      c: 'swallowed',
      d: 'handed on',
      e: 'self-describing',
      f: 'swallowed',
      g: 'unknown fate',
    });
  });
});

describe('log injection', () => {
  it('finds what stamps trace context on records, per package and library', () => {
    const dir = project({
      'registered/package.json': JSON.stringify({ name: 'registered', dependencies: { pino: '9' } }),
      'registered/src/otel.ts': `import { NodeSDK } from '@opentelemetry/sdk-node';\nimport { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';\nnew NodeSDK({ instrumentations: [getNodeAutoInstrumentations({ '@opentelemetry/instrumentation-bunyan': { enabled: false } })] });\n`,
      'registered/test/otel.test.ts': `import { BunyanInstrumentation } from '@opentelemetry/instrumentation-bunyan';\nnew BunyanInstrumentation();\n`,
      'preloaded/package.json': JSON.stringify({
        name: 'preloaded',
        scripts: { start: 'node --import @elastic/opentelemetry-node dist/main.js' },
      }),
      'docker/package.json': JSON.stringify({ name: 'docker' }),
      'docker/Dockerfile': 'FROM node:22\nCMD ["node", "-r", "newrelic", "main.js"]\n',
      'agents/package.json': JSON.stringify({ name: 'agents', dependencies: { '@hyperdx/node-opentelemetry': '1' } }),
      'plain/package.json': JSON.stringify({ name: 'plain', dependencies: { pino: '9', '@opentelemetry/api': '1' } }),
    });
    const facts = new ProjectFacts();
    const at = (name: string) => {
      const found = packageInjections({ path: join(dir, name, 'src/x.ts'), project: facts } as FileAnalysis);
      return Object.fromEntries([...found].map(([library, injection]) => [library, injection.otel ? 'otel' : 'agent']));
    };
    // bunyan's is disabled in the service; constructed in a test file, it registers nothing in production.
    expect(at('registered')).toEqual({ pino: 'otel', winston: 'otel' });
    expect(at('preloaded')).toEqual({ pino: 'otel', winston: 'otel', bunyan: 'otel' });
    expect(at('docker')).toEqual({ pino: 'agent', winston: 'agent', bunyan: 'agent' });
    expect(at('agents')).toEqual({ console: 'agent', pino: 'agent', winston: 'agent' });
    expect(at('plain')).toEqual({});
  });
});

describe('trace scope', () => {
  it('knows requests, spans, gRPC handlers and start-up', () => {
    const dir = project({ 'package.json': tracedPackage });
    const file = analyse(
      dir,
      'a.ts',
      `import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\nmark('top');\napp.get('/x', (req, res) => { mark('request'); });\nserver.on('listening', () => { mark('listening'); });\ntracer.startActiveSpan('s', (span) => { mark('active'); span.end(); });\nfunction work() { const span = tracer.startSpan('w'); mark('open'); span.end(); mark('closed'); }\nfunction convert(call: unknown, callback: unknown) { mark('grpc'); }\ngrpcServer.addService(svc, { convert });\n`,
    );
    const scopes: Record<string, string> = {};
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.getText() === 'mark')
        scopes[(node.arguments[0] as ts.StringLiteral).text] = traceScopeAt(file, node)?.kind ?? 'none';
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
    expect(scopes).toEqual({
      top: 'none',
      request: 'request',
      listening: 'none',
      active: 'span',
      open: 'span',
      closed: 'none',
      grpc: 'request',
    });
  });
});

describe('typed mode', () => {
  it('recognises a logger by its declared type where syntax alone cannot', () => {
    const source = `import { getLogger } from '@acme/log';\nconst log = getLogger();\nexport function f(order: { id: string }) {\n  log.info('order placed', order);\n}\n`;
    const dir = project({
      'package.json': tracedPackage,
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true, types: [] },
        include: ['src'],
      }),
      'node_modules/pino/package.json': JSON.stringify({ name: 'pino', types: 'index.d.ts' }),
      'node_modules/pino/index.d.ts': 'export interface Logger { info(...args: unknown[]): void }\n',
      'node_modules/@acme/log/package.json': JSON.stringify({ name: '@acme/log', types: 'index.d.ts' }),
      'node_modules/@acme/log/index.d.ts':
        "import type { Logger } from 'pino';\nexport declare function getLogger(): Logger;\n",
      'src/a.ts': source,
    });
    const run = (types: boolean) =>
      lintSync({ cwd: dir, paths: ['src'], onlyRules: ['no-unstructured-logs'], types }).results.flatMap((result) =>
        result.findings.map((finding) => `${finding.start.line}:${finding.start.column}`),
      );
    expect(run(false)).toEqual([]);
    expect(run(true)).toEqual(['4:28']);
  });
});
