/** The value-source analysis: where a value comes from, whether it is bounded, and the chain that says why. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { parseSyntaxMode } from '../src/languages/typescript/parse.js';
import { ProjectFacts } from '../src/analysis/modules/project.js';
import type { ModuleView } from '../src/analysis/modules/module-view.js';
import { formatChain, valueSource, type ValueSource } from '../src/analysis/values/value-sources.js';
import { unboundedName } from '../src/analysis/values/value-vocabulary.js';
import { objectLiteralOf, propertyOfObject, staticText } from '../src/analysis/values/static-text.js';

/** Parses `files` into a temporary directory; `probe(...)` in the first file marks the expression to judge. */
/** `main.ts` (with `others` beside it) in syntax mode, and the argument of its `probe(…)` call. */
function probeOf(source: string, others: Record<string, string> = {}): { view: ModuleView; probe: ts.Expression } {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-values-'));
  for (const [name, text] of Object.entries(others)) writeFileSync(join(dir, name), text);
  const path = join(dir, 'main.ts');
  writeFileSync(path, source);
  const { sourceFile, checker } = parseSyntaxMode(path, source);
  const view: ModuleView = { path, sourceFile, checker, typed: false, project: new ProjectFacts() };
  let probe: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'probe')
      probe = node.arguments[0];
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { view, probe: probe! };
}

function judge(source: string, others: Record<string, string> = {}, options = {}): ValueSource {
  const { view, probe } = probeOf(source, others);
  return valueSource(view, probe, options);
}

describe('unbounded sources', () => {
  it('request data, through variables, with the chain', () => {
    const result = judge(
      `app.get('/x', (req, res) => { const path = req.originalUrl; const route = path.toLowerCase(); probe(route); });`,
    );
    expect(result.verdict).toBe('unbounded');
    expect(result.reason).toBe('the request URL');
    expect(formatChain(result.chain)).toBe('`route` ← `path.toLowerCase()` ← `path` ← `req.originalUrl`');
  });

  it('destructured request parameters, headers and Hono/Koa accessors', () => {
    expect(judge(`function h(req, res) { const { id } = req.params; probe(id); }`).reason).toBe(
      'a request path parameter',
    );
    expect(judge(`function h(req, res) { probe(req.headers['user-agent']); }`).reason).toBe('a request header');
    expect(judge(`app.get('/x', (c) => { probe(c.req.param('id')); });`).reason).toBe('a request path parameter');
    expect(judge(`router.get('/x', async (ctx, next) => { probe(ctx.path); });`).verdict).toBe('unbounded');
  });

  it('NestJS parameter decorators', () => {
    expect(judge(`class C { @Get(':id') get(@Param('id') id: string) { probe(id); } }`).reason).toBe(
      'a request path parameter',
    );
  });

  it('generated ids, time, randomness, error text, JSON', () => {
    expect(judge(`import { randomUUID } from 'node:crypto'; probe(randomUUID());`).reason).toBe('a generated id');
    expect(judge(`probe(String(Date.now()));`).reason).toBe('the current time');
    expect(judge(`probe(\`r-\${Math.random()}\`);`).reason).toBe('a random number');
    expect(judge(`try { f(); } catch (err) { probe((err as Error).message); }`).reason).toBe('an error message');
    expect(judge(`p.catch((error) => probe(String(error)));`).verdict).toBe('unbounded');
    expect(judge(`probe(JSON.stringify(x));`).reason).toBe('serialized JSON');
  });

  it('parameters are followed to their call sites in the same file', () => {
    const result = judge(
      `function record(label: string) { probe(label); }\nfunction h(req, res) { record(req.query.q); }`,
    );
    expect(result.verdict).toBe('unbounded');
    expect(formatChain(result.chain)).toContain('(the argument at line 2)');
  });

  it('names that identify one entity, marked as name-only evidence', () => {
    const result = judge(`declare const userEmail: string; probe(userEmail);`);
    expect(result).toMatchObject({ verdict: 'unbounded', byName: true });
    expect(unboundedName('user_id')?.per).toBe('user');
    expect(unboundedName('orderId')).toBeDefined();
    expect(unboundedName('regionId')).toBeUndefined();
    expect(unboundedName('jobId')).toBeUndefined();
    expect(unboundedName('status')).toBeUndefined();
    expect(
      judge(`declare const tenantSlugId: string; probe(tenantSlugId);`, {}, { boundedNames: ['tenantSlugId'] }).verdict,
    ).toBe('bounded');
  });
});

describe('bounded values', () => {
  it('literals, unions, enums, as-const elements, constant maps, booleans', () => {
    expect(judge(`type O = 'ok' | 'error'; function f(o: O) { probe(o); }`).verdict).toBe('bounded');
    expect(judge(`enum S { A = 'a' } probe(S.A);`).verdict).toBe('bounded');
    expect(judge(`const PLANS = ['free', 'pro'] as const; declare const i: number; probe(PLANS[i]);`).verdict).toBe(
      'bounded',
    );
    expect(
      judge(
        `const NAMES = { 200: 'ok', 500: 'error' } as const; declare const code: number; probe(NAMES[code] ?? 'other');`,
      ).verdict,
    ).toBe('bounded');
    expect(judge(`declare const a: number; probe(a > 3 ? 'big' : 'small');`).verdict).toBe('bounded');
    expect(
      judge(
        `const ALLOWED = ['a', 'b'] as const; declare const userInput: string; probe(ALLOWED.includes(userInput as never) ? userInput : 'other');`,
      ).verdict,
    ).toBe('bounded');
  });

  it('type aliases imported from a local module (syntax mode)', () => {
    const result = judge(
      `import type { Outcome } from './outcome';\nfunction f(outcome: Outcome) { probe(outcome); }`,
      { 'outcome.ts': `export type Outcome = 'a' | 'b';` },
    );
    expect(result.verdict).toBe('bounded');
  });

  it('route templates, the method, status codes and status classes', () => {
    expect(judge(`function h(req, res) { probe(\`\${req.method} \${req.route.path}\`); }`).verdict).toBe('bounded');
    expect(judge(`function h(request, reply) { probe(request.routeOptions.url); }`).verdict).toBe('bounded');
    expect(judge(`function h(req, res) { probe(String(res.statusCode)); }`).verdict).toBe('bounded');
    expect(judge(`function h(req, res) { probe(\`\${Math.floor(res.statusCode / 100)}xx\`); }`).verdict).toBe(
      'bounded',
    );
    expect(judge(`function h(req, res) { probe(statusClass(res.statusCode)); }`).verdict).toBe('bounded');
  });

  it('functions that return only bounded values, or are declared to', () => {
    expect(
      judge(`function kind(m: string) { if (m.startsWith('image/')) return 'image'; return 'other'; }\nprobe(kind(x));`)
        .verdict,
    ).toBe('bounded');
    expect(judge(`type K = 'a' | 'b'; declare function kind(): K; probe(kind());`).verdict).toBe('bounded');
  });

  it('unknown stays unknown (and `req.baseUrl` is not judged by its name)', () => {
    expect(judge(`declare function describe(): string; probe(describe());`).verdict).toBe('unknown');
    expect(judge(`function h(req, res) { probe(req.baseUrl); }`).verdict).toBe('unknown');
    expect(judge(`probe(process.env.NAME ?? 'x');`).verdict).toBe('unknown');
  });
});

describe('static text through destructuring', () => {
  const probeIn = (source: string) => probeOf(source);
  const nameOf = (source: string) => {
    const { view, probe } = probeIn(source);
    const object = objectLiteralOf(view, probe);
    const name = object && propertyOfObject(object, 'name');
    return name ? staticText(name.view, name.expression, name.env) : undefined;
  };

  it('a const pattern reads the property; a rest is the object without the keys taken out', () => {
    const { view, probe } = probeIn(
      `const options = { name: 'jobs_total', help: 'Jobs.' }; const { name } = options; probe(name);`,
    );
    expect(staticText(view, probe)).toEqual({ kind: 'static', value: 'jobs_total' });
    expect(
      nameOf(`const options = { name: 'a_total', help: 'x' }; const { help, ...rest } = options; probe(rest);`),
    ).toEqual({ kind: 'static', value: 'a_total' });
    expect(
      nameOf(`const options = { name: 'a_total', help: 'x' }; const { name, ...rest } = options; probe(rest);`),
    ).toBe(undefined);
  });

  it('traps: a `let` pattern, a computed key and an unknown object give nothing', () => {
    const { view, probe } = probeIn(`const options = { name: 'x' }; let { name } = options; probe(name);`);
    expect(staticText(view, probe).kind).toBe('dynamic');
    expect(nameOf(`const k = 'name'; const o = { name: 'x' }; const { [k]: n, ...rest } = o; probe(rest);`)).toBe(
      undefined,
    );
    expect(nameOf(`declare const options: { name: string }; const { help, ...rest } = options; probe(rest);`)).toBe(
      undefined,
    );
  });
});
