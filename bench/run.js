#!/usr/bin/env node
// `npm run bench [-- <dir>]`: obslint's speed against the floor (reading + parsing every file with TypeScript).
// Without a directory, a synthetic service of 1,500 instrumented files is generated in a temp folder.
// Reports wall time, files/s and the ratio to the parse floor; nothing here is asserted by tests.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ts } from '../dist/src/compiler.js';
import { lintSync } from '../dist/src/engine/lint.js';
import { discover } from '../dist/src/engine/discover.js';

function syntheticCorpus(files) {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-bench-'));
  for (let i = 0; i < files; i++) {
    const folder = join(dir, 'src', `module${i % 40}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `handler${i}.ts`),
      `import { trace, SpanStatusCode } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import pino from 'pino';
const tracer = trace.getTracer('svc-${i}');
const logger = pino();
const requests = new Counter({ name: 'requests_${i}_total', help: 'Requests', labelNames: ['route', 'status'] as const });
export async function handle${i}(req: { params: { id: string }; route: { path: string } }, res: { json(v: unknown): void }) {
  const span = tracer.startSpan('handle${i}');
  try {
    const rows = await load${i}(req.params.id);
    for (const row of rows) { if (!row) continue; span.addEvent('row'); }
    requests.inc({ route: req.route.path, status: 'ok' });
    res.json(rows);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    logger.error({ err: error }, 'failed');
    throw error;
  } finally {
    span.end();
  }
}
async function load${i}(id: string): Promise<string[]> {
  return tracer.startActiveSpan('load${i}', async (span) => {
    try { return id ? [id] : []; } finally { span.end(); }
  });
}
`,
    );
  }
  return dir;
}

const target = process.argv[2] ?? syntheticCorpus(1500);
const { files } = discover([target], { cwd: process.cwd(), isIgnoredByConfig: () => false });
const code = files.filter((file) => file.kind === 'code');
const bytes = code.reduce((sum, file) => sum + file.text.length, 0);

function time(label, work, runs = 3) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  return { label, ms: median };
}

const floor = time('parse floor (read + ts.createSourceFile)', () => {
  for (const file of code)
    ts.createSourceFile(file.path, readFileSync(file.path, 'utf8'), ts.ScriptTarget.Latest, true);
});
const syntax = time('obslint syntax mode (all rules)', () => lintSync({ cwd: target, paths: ['.'], types: false }));

console.log(`corpus: ${target}\nfiles: ${code.length} code files, ${(bytes / 1e6).toFixed(2)} MB`);
for (const result of [floor, syntax]) {
  console.log(
    `${result.label.padEnd(44)} ${(result.ms / 1000).toFixed(2)} s  ${Math.round(code.length / (result.ms / 1000))} files/s`,
  );
}
console.log(`ratio to the parse floor: ${(syntax.ms / floor.ms).toFixed(2)}x`);
