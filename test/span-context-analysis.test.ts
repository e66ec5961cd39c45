/**
 * Focused tests for the analyses behind the span and context rules: live spans, promise production, error
 * recording and propagation boundaries. Each builds a syntax-mode module from a snippet.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { parseSyntaxMode } from '../src/languages/typescript/parse.js';
import { FileAnalysis } from '../src/analysis/modules/file-analysis.js';
import { ProjectFacts } from '../src/analysis/modules/project.js';
import { liveSpansAt, inScopeAt } from '../src/analysis/spans/live-span.js';
import { producesPromise } from '../src/analysis/control-flow/promises.js';
import { errorRecordingIn, statusIsError } from '../src/analysis/spans/error-recording.js';
import {
  messagingBoundary,
  messageLoopBoundary,
  propagatedByInstrumentation,
  injectsAround,
  sharedEmitterListener,
  implicitSpanStarts,
  extractsIn,
} from '../src/analysis/context/propagation.js';
import { untracedChildLaunch } from '../src/analysis/context/child-process-env.js';
import { handlersOfResultProperty } from '../src/analysis/frameworks/received-messages.js';
import { fixturesDir } from './helpers/paths.js';

const header =
  "import { trace, SpanStatusCode, context, propagation } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n";

function analyse(code: string, path = join(fixturesDir, '__virtual__', 'snippet.ts')): FileAnalysis {
  const parsed = parseSyntaxMode(path, header + code);
  return new FileAnalysis(path, parsed.sourceFile, parsed.checker, false, new ProjectFacts(() => undefined));
}

/** The first node of `kind` whose text starts with `prefix`. */
function find<T extends ts.Node>(file: FileAnalysis, kind: ts.SyntaxKind, prefix = ''): T {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === kind && node.getText(file.sourceFile).startsWith(prefix)) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  if (!found) throw new Error(`no ${ts.SyntaxKind[kind]} starting with ${prefix}`);
  return found as T;
}

const liveNames = (file: FileAnalysis, node: ts.Node) =>
  liveSpansAt(file, node).map((span) => (span.start.arguments[0] as ts.StringLiteral).text);

describe('live spans', () => {
  it('a span is live between its start and its end, on every path', () => {
    const file = analyse(`
      async function f(x: boolean) {
        before();
        const span = tracer.startSpan('a');
        if (x) { span.end(); return; }
        during();
        span.end();
        after();
      }`);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'before'))).toEqual([]);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'during'))).toEqual(['a']);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'after'))).toEqual([]);
  });

  it('a catch clause is inside the span when the try can throw before the end', () => {
    const file = analyse(`
      async function f() {
        const span = tracer.startSpan('a');
        try { await work(); } catch (e) { handle(e); } finally { span.end(); }
        try { await more(); } catch (e2) { handle(e2); }
      }`);
    const [first, second] = [
      find(file, ts.SyntaxKind.CatchClause, 'catch (e)'),
      find(file, ts.SyntaxKind.CatchClause, 'catch (e2)'),
    ];
    expect(liveNames(file, first)).toEqual(['a']);
    expect(liveNames(file, second)).toEqual([]);
  });

  it('the startActiveSpan callback span, and outer spans through promise handlers and array callbacks', () => {
    const file = analyse(`
      function f(items: string[]) {
        const outer = tracer.startSpan('outer');
        tracer.startActiveSpan('inner', (span) => { inside(); span.end(); });
        items.forEach((item) => each(item));
        return work().catch((err) => onError(err)).finally(() => outer.end());
      }`);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'inside'))).toEqual(['inner', 'outer']);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'each'))).toEqual(['outer']);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'onError'))).toEqual(['outer']);
  });

  it('stops at listeners and, on request, at activation callbacks', () => {
    const file = analyse(`
      function f(emitter: any) {
        const span = tracer.startSpan('a');
        emitter.on('x', () => listener());
        context.with(context.active(), () => synchronous());
        span.end();
      }`);
    expect(liveNames(file, find(file, ts.SyntaxKind.CallExpression, 'listener'))).toEqual([]);
    const sync = find(file, ts.SyntaxKind.CallExpression, 'synchronous');
    expect(liveNames(file, sync)).toEqual(['a']);
    expect(liveSpansAt(file, sync, { stopAtActivation: true })).toEqual([]);
  });

  it('through local functions only on request, and only for spans ended in callbacks alone', () => {
    const file = analyse(`
      function f(run: () => Promise<void>) {
        const span = tracer.startSpan('a');
        const wrap = (p: Promise<void>) => p.catch((e) => { span.end(); throw e; });
        return wrap(run()).then(() => span.end());
      }
      function g(run: () => Promise<void>) {
        const span = tracer.startSpan('b');
        const later = (p: Promise<void>) => p.catch((e) => { throw e; });
        span.end();
        return later(run());
      }`);
    const handler = (prefix: string) => find(file, ts.SyntaxKind.ArrowFunction, prefix);
    const names = (node: ts.Node) =>
      liveSpansAt(file, node, { throughLocalFunctions: true }).map(
        (span) => (span.start.arguments[0] as ts.StringLiteral).text,
      );
    expect(liveNames(file, handler('(e) => { span.end()'))).toEqual([]);
    expect(names(handler('(e) => { span.end()'))).toEqual(['a']);
    expect(names(handler('(e) => { throw e'))).toEqual([]);
  });

  it('knows when a span variable is out of scope', () => {
    const file = analyse(`
      async function f() {
        try { const span = tracer.startSpan('a'); await work(); span.end(); } catch (e) { handle(e); }
      }`);
    const clause = find(file, ts.SyntaxKind.CatchClause);
    const span = liveSpansAt(file, clause)[0]!;
    expect(span).toBeDefined();
    expect(inScopeAt(span.variable!, clause)).toBe(false);
  });
});

describe('producesPromise', () => {
  const verdict = (code: string, prefix: string) => {
    const file = analyse(code);
    return producesPromise(file, find<ts.CallExpression>(file, ts.SyntaxKind.CallExpression, prefix));
  };
  it('recognises async functions, Promise annotations, known APIs and chains', () => {
    expect(verdict('async function a() {}\na();', 'a()')).toBe('yes');
    expect(verdict('function b(): Promise<void> { return x; }\nb();', 'b()')).toBe('yes');
    expect(verdict('function c(): void {}\nc();', 'c()')).toBe('no');
    expect(verdict("fetch('/x');", 'fetch')).toBe('yes');
    expect(verdict("import { readFile } from 'node:fs/promises';\nreadFile('x');", 'readFile')).toBe('yes');
    expect(verdict('anything.then(() => 1);', 'anything.then')).toBe('yes');
    expect(verdict('Promise.all([]);', 'Promise.all')).toBe('yes');
    expect(verdict('const store = { async save() {} };\nstore.save();', 'store.save')).toBe('yes');
    expect(verdict('unknownFn();', 'unknownFn')).toBe('unknown');
  });
});

describe('error recording', () => {
  const recording = (code: string, options = {}) => {
    const file = analyse(code);
    const clause = find<ts.CatchClause>(file, ts.SyntaxKind.CatchClause);
    const span = find<ts.VariableDeclaration>(file, ts.SyntaxKind.VariableDeclaration, 'span');
    return errorRecordingIn(file, clause.block, new Set([span]), new Set([clause.variableDeclaration!]), options);
  };
  const wrap = (handler: string, extra = '') =>
    `${extra}\nasync function f() { const span = tracer.startSpan('a'); try { await w(); } catch (e) { ${handler} } finally { span.end(); } }`;

  it('direct calls, numeric codes and OK', () => {
    expect(recording(wrap('span.recordException(e); span.setStatus({ code: SpanStatusCode.ERROR });'))).toEqual({
      exception: 'yes',
      status: 'yes',
    });
    expect(recording(wrap('span.setStatus({ code: 2 }); throw e;'))).toEqual({ exception: 'no', status: 'yes' });
    expect(recording(wrap('span.setStatus({ code: SpanStatusCode.OK });'))).toEqual({ exception: 'no', status: 'no' });
    expect(recording(wrap('logger.error(e); next(e);'))).toEqual({ exception: 'no', status: 'no' });
  });

  it('follows local helpers, trusts configured names, and gives up on unreadable ones', () => {
    const helper = 'function mark(s: any, err: any) { s.recordException(err); s.setStatus({ code: 2 }); }';
    expect(recording(wrap('mark(span, e);', helper))).toEqual({ exception: 'yes', status: 'yes' });
    expect(recording(wrap('failSpan(e);'), { errorRecordingFunctions: ['failSpan'] })).toEqual({
      exception: 'yes',
      status: 'yes',
    });
    expect(recording(wrap('external.report(span, e);'))).toEqual({ exception: 'unknown', status: 'unknown' });
  });

  it('built-ins handed the error and the arguments of the recording calls are not helpers that may record', () => {
    expect(
      recording(
        wrap(
          'if (e instanceof Error) span.recordException(e); else span.recordException(new Error(String(e))); throw e;',
        ),
      ),
    ).toEqual({ exception: 'yes', status: 'no' });
    expect(
      recording(wrap('span.recordException(toError(e)); span.setStatus({ code: 2, message: describe(e) });')),
    ).toEqual({ exception: 'yes', status: 'yes' });
    expect(recording(wrap('logger.warn(JSON.stringify(e));'))).toEqual({ exception: 'no', status: 'no' });
  });

  it('statusIsError', () => {
    const file = analyse('x({ code: SpanStatusCode.ERROR }); y({ code: 1 }); z(status);');
    const argument = (prefix: string) =>
      find<ts.CallExpression>(file, ts.SyntaxKind.CallExpression, prefix).arguments[0];
    expect(statusIsError(file, argument('x('))).toBe('yes');
    expect(statusIsError(file, argument('y('))).toBe('no');
    expect(statusIsError(file, argument('z('))).toBe('unknown');
  });
});

describe('propagation boundaries', () => {
  it('recognises producers through variables, await and method chains', () => {
    const file = analyse(`
      import { Queue } from 'bullmq';
      import { Kafka } from 'kafkajs';
      import amqp from 'amqplib';
      const queue = new Queue('q');
      const producer = new Kafka({}).producer();
      async function f() {
        const channel = await (await amqp.connect('x')).createChannel();
        await queue.add('job', {});
        await producer.send({});
        channel.publish('ex', 'key', Buffer.from(''));
        other.add('job', {});
      }`);
    const boundary = (prefix: string) =>
      messagingBoundary(file, find(file, ts.SyntaxKind.CallExpression, prefix))?.client;
    expect(boundary('queue.add')).toBe('bullmq');
    expect(boundary('producer.send')).toBe('kafkajs');
    expect(boundary('channel.publish')).toBe('amqplib');
    expect(boundary('other.add')).toBeUndefined();
  });

  it('sees injection in the enclosing functions and instrumentation in package.json', () => {
    const path = join(fixturesDir, 'require-context-propagation', 'instrumented', 'virtual.ts');
    const file = analyse(
      `import { Kafka } from 'kafkajs';
       const producer = new Kafka({}).producer();
       async function f() { const c = {}; propagation.inject(context.active(), c); await producer.send({ headers: c }); }
       async function g() { await producer.send({}); }`,
      path,
    );
    const sends = [
      find(file, ts.SyntaxKind.CallExpression, 'producer.send({ headers'),
      find(file, ts.SyntaxKind.CallExpression, 'producer.send({})'),
    ];
    expect(sends.map((send) => injectsAround(file, send, []))).toEqual([true, false]);
    const boundary = messagingBoundary(file, sends[1] as ts.CallExpression)!;
    expect(
      propagatedByInstrumentation(
        new FileAnalysis(path, file.sourceFile, file.checker, false, new ProjectFacts()),
        boundary,
      ),
    ).toBe(true);
  });

  it('shared emitters only', () => {
    const file = analyse(`
      import { EventEmitter } from 'node:events';
      const bus = new EventEmitter();
      function handler(req: any, res: any) {
        const local = new EventEmitter();
        bus.on('a', () => 1);
        local.on('b', () => 2);
        res.on('finish', () => 3);
        process.on('c', () => 4);
      }`);
    const shared = (prefix: string) => !!sharedEmitterListener(file, find(file, ts.SyntaxKind.CallExpression, prefix));
    expect([shared('bus.on'), shared('local.on'), shared('res.on'), shared('process.on')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('consumer handlers: callbacks, NATS iterators, SQS receive loops; explicit roots are deliberate', () => {
    const file = analyse(`
      import { connect } from 'nats';
      import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
      const sqs = new SQSClient({});
      async function f() {
        const nc = await connect({});
        nc.subscribe('a', { callback: (err, msg) => tracer.startSpan('a').end() });
        const sub = nc.subscribe('b');
        for await (const m of sub) { tracer.startSpan('b', { root: true }).end(); }
        for await (const m of others) { tracer.startSpan('c').end(); }
        const { Messages: received = [] } = await sqs.send(new ReceiveMessageCommand({}));
        const list = received;
        list.forEach((m) => tracer.startSpan('d').end());
        const result = await sqs.send(new ReceiveMessageCommand({}));
        for (const m of result.Messages ?? []) { const p = propagation.extract(context.active(), {}); tracer.startSpan('e').end(); }
      }`);
    const callback = messagingBoundary(file, find(file, ts.SyntaxKind.CallExpression, "nc.subscribe('a'"))!;
    expect(callback.client).toBe('nats');
    expect(implicitSpanStarts(file, callback.handlers![0]!)).toHaveLength(1);
    expect(messagingBoundary(file, find(file, ts.SyntaxKind.CallExpression, "nc.subscribe('b'"))).toBeUndefined();
    const [natsLoop, otherLoop] = [
      find<ts.ForOfStatement>(file, ts.SyntaxKind.ForOfStatement, 'for await (const m of sub)'),
      find<ts.ForOfStatement>(file, ts.SyntaxKind.ForOfStatement, 'for await (const m of others)'),
    ];
    const loop = messageLoopBoundary(file, natsLoop)!;
    expect(loop.node.getText()).toBe("nc.subscribe('b')");
    expect(implicitSpanStarts(file, loop.handlers![0]!)).toEqual([]);
    expect(messageLoopBoundary(file, otherLoop)).toBeUndefined();
    const receives = [] as ts.NewExpression[];
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText() === 'ReceiveMessageCommand') receives.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
    const [destructured, property] = receives.map((receive) => messagingBoundary(file, receive)!);
    expect(destructured!.handlers!.map((handler) => handler.getText())).toEqual(["(m) => tracer.startSpan('d').end()"]);
    expect(property!.handlers).toHaveLength(1);
    expect(extractsIn(file, property!.handlers![0]!, [])).toBe(true);
    expect(handlersOfResultProperty(file, find(file, ts.SyntaxKind.CallExpression, 'connect('), 'Messages')).toEqual(
      [],
    );
  });

  it('child processes: a built env for a traced child, without TRACEPARENT', () => {
    const file = analyse(`
      import { spawn, fork, execFile } from 'node:child_process';
      import * as cp from 'child_process';
      function f(id: string) {
        fork('./a.js', [], { env: { ...process.env, A: id } });
        fork('./b.js', [], { env: process.env });
        fork('./c.js');
        spawn('git', ['status'], { env: { ...process.env, B: id } });
        cp.execFile('python3', ['e.py'], { env: { OTEL_SERVICE_NAME: 'e' } });
        cp.exec('node f.js', { env: { PATH: '' } }, () => 0);
        const env = { NODE_OPTIONS: '--require ./tracing.js' };
        execFile('bin/g', [], { env });
        fork('./h.js', [], { env: { ...process.env, ...unknown } });
        fork('./j.js', [], { env: { ...process.env } });
      }
      function g(id: string) {
        spawn(process.execPath, ['d.js'], { env: { ...process.env, TRACEPARENT: id } });
        fork('./i.js', [], { env: { ...process.env } });
      }`);
    const launch = (prefix: string) => untracedChildLaunch(file, find(file, ts.SyntaxKind.CallExpression, prefix))?.api;
    expect([
      launch("fork('./a.js'"),
      launch("fork('./b.js'"),
      launch("fork('./c.js'"),
      launch("spawn('git'"),
      launch('spawn(process.execPath'),
      launch("fork('./i.js'"),
    ]).toEqual(['fork', undefined, undefined, undefined, undefined, undefined]);
    expect([
      launch("cp.execFile('python3'"),
      launch("cp.exec('node"),
      launch("execFile('bin/g'"),
      launch("fork('./h.js'"),
      launch("fork('./j.js'"),
    ]).toEqual(['execFile', 'exec', 'execFile', undefined, undefined]);
  });
});
