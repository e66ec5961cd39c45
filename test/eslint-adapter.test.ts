/**
 * The ESLint adapter's own behaviour: where the syntax tree comes from (espree, typescript-eslint with and without
 * types, another TypeScript version), one analysis per file shared by every obslint rule, both kinds of disable
 * comments, locations, options and settings, internal errors, and project facts cached per root for a run.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ts, compilerVersion } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import requireSpanEnd from '../rules/require-span-end.js';
import { createPlugin, type PluginOptions } from '../src/eslint/create-plugin.js';
import type { FileSource } from '../src/eslint/file-source.js';
import { ProjectFactsCache } from '../src/eslint/project-cache.js';
import { typescriptVersionOf } from '../src/eslint/typescript-identity.js';
import { lintSync } from '../src/engine/lint.js';

let project: string;

const leaking = [
  "import { trace } from '@opentelemetry/api';",
  "const tracer = trace.getTracer('t');",
  'export async function load(db: { get(): Promise<string> }) {',
  "  const span = tracer.startSpan('load');",
  '  const value = await db.get();',
  '  span.end();',
  '  return value;',
  '}',
  '',
].join('\n');

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'obslint-eslint-'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'probe', dependencies: { '@opentelemetry/api': '^1.9.0' } }),
  );
});

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

/** Records what the adapter did per file. */
function recordingPlugin(options: PluginOptions = {}) {
  const analysed: { path: string; source: FileSource; rules: string[] }[] = [];
  const plugin = createPlugin({ ...options, onFileAnalysed: (file) => analysed.push(file) });
  return { plugin, analysed };
}

/** A code rule that reports every `probe()` call, with what the adapter handed it. */
const probeRule = defineCodeRule({
  meta: {
    id: 'probe',
    family: 'spans',
    description: 'Test probe.',
    rationale: 'Test probe.',
    defaultSeverity: 'warn',
    preset: 'strict',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: { label: { type: 'string', description: 'Prefix.' } },
      additionalProperties: false,
    },
    defaultOptions: { label: 'probe' },
  },
  typescript(context) {
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          if (!ts.isIdentifier(call.expression) || call.expression.text !== 'probe') return;
          const argument = call.arguments[0];
          const type = argument
            ? context.file.checker.typeToString(context.file.checker.getTypeAtLocation(argument))
            : '';
          context.report({
            node: call,
            message: `${context.options.label} typed=${context.file.typed} type=${type} setting=${String(context.file.settings.team ?? '')}`,
          });
        },
      },
    };
  },
});

const throwingRule = defineCodeRule({
  meta: {
    ...probeRule.meta,
    id: 'throws',
    defaultOptions: {},
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  typescript() {
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression]() {
          throw new Error('boom');
        },
      },
    };
  },
});

const testRules = [requireSpanEnd, probeRule, throwingRule];

function lint(
  plugin: ReturnType<typeof createPlugin>,
  code: string,
  filename: string,
  extra: Linter.Config[] = [],
  namespace = 'obslint',
) {
  const linter = new Linter({ cwd: project });
  const rules: Linter.RulesRecord = { [`${namespace}/require-span-end`]: 'error', [`${namespace}/probe`]: 'warn' };
  return linter.verify(code, [{ files: ['**/*.{ts,tsx,js}'], plugins: { [namespace]: plugin }, rules }, ...extra], {
    filename: join(project, filename),
  });
}

const tsParser: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
const typedParser = (): Linter.Config => ({
  files: ['**/*.ts'],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: project },
  },
});

describe('where the syntax tree comes from', () => {
  const code = 'probe([1, 2].map(String));\n';

  it('espree: obslint parses the text itself (syntax mode), without touching parser services', () => {
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    const messages = lint(plugin, code, 'plain.js');
    expect(analysed.map((file) => [file.source.origin, file.source.typed])).toEqual([['own-parse', false]]);
    expect(messages.map((message) => message.message)).toEqual([expect.stringContaining('typed=false')]);
  });

  it('typescript-eslint without type information: syntax mode', () => {
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    lint(plugin, code, 'untyped.ts', [tsParser]);
    expect(analysed.map((file) => [file.source.origin, file.source.typed, file.source.fallbackReason])).toEqual([
      ['own-parse', false, undefined],
    ]);
  });

  it("typescript-eslint with projectService, same TypeScript: typescript-eslint's program and types are used", () => {
    writeFileSync(join(project, 'typed.ts'), code);
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    const messages = lint(plugin, code, 'typed.ts', [typedParser()]);
    expect(analysed.map((file) => [file.source.origin, file.source.typed])).toEqual([['parser-services', true]]);
    expect(messages.map((message) => message.message)).toEqual([expect.stringMatching(/typed=true type=string\[\]/)]);
  });

  it('typescript-eslint built by another TypeScript version: its program is refused, obslint parses the text', () => {
    writeFileSync(join(project, 'mismatch.ts'), code);
    const { plugin, analysed } = recordingPlugin({ rules: testRules, typescriptVersionOf: () => '5.4' });
    const messages = lint(plugin, code, 'mismatch.ts', [typedParser()]);
    expect(analysed.map((file) => [file.source.origin, file.source.typed])).toEqual([['own-parse', false]]);
    expect(analysed[0]!.source.fallbackReason).toMatch(/TypeScript 5\.4.*obslint uses 6\.0/);
    expect(messages.map((message) => message.message)).toEqual([expect.stringContaining('typed=false')]);
  });

  it('tells which TypeScript built a source file', () => {
    expect(typescriptVersionOf(ts.createSourceFile('a.ts', 'x', ts.ScriptTarget.Latest))).toBe(compilerVersion);
    // The `typescript` package typescript-eslint loads is another module instance than obslint's compiler.
    const userTypeScript = createRequire(import.meta.url)('typescript') as typeof ts;
    expect(userTypeScript).not.toBe(ts);
    expect(typescriptVersionOf(userTypeScript.createSourceFile('a.ts', 'x', userTypeScript.ScriptTarget.Latest))).toBe(
      userTypeScript.versionMajorMinor,
    );
    expect(typescriptVersionOf({ kind: 308, text: 'x', fileName: 'a.ts' })).toBeUndefined();
  });
});

describe('one analysis per file', () => {
  it('runs every enabled obslint rule in one traversal, once per file', () => {
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    const messages = lint(plugin, `${leaking}probe(1);\n`, 'shared.ts', [tsParser]);
    expect(analysed).toHaveLength(1);
    expect(analysed[0]!.rules).toEqual(['probe', 'require-span-end']);
    expect(messages.map((message) => message.ruleId).sort()).toEqual(['obslint/probe', 'obslint/require-span-end']);
  });

  it('a new lint of the same file is analysed afresh', () => {
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    lint(plugin, 'probe(1);\n', 'again.ts', [tsParser]);
    const second = lint(plugin, 'probe(1);\nprobe(2);\n', 'again.ts', [tsParser]);
    expect(analysed).toHaveLength(2);
    expect(second).toHaveLength(2);
  });
});

describe('findings', () => {
  it('are reported where the CLI reports them (1-based lines, columns counted from 1 in messages), never on Program', () => {
    const path = join(project, 'where.ts');
    const crlf = `// leading comment\r\n\r\n${leaking.replace(/\n/g, '\r\n')}`;
    writeFileSync(path, crlf);
    const cli = lintSync({ cwd: project, paths: [path], onlyRules: ['require-span-end'] }).results[0]!.findings;
    const { plugin } = recordingPlugin({ rules: testRules });
    const messages = lint(plugin, crlf, 'where.ts', [tsParser]);
    expect(cli).toHaveLength(1);
    expect(messages.map((m) => [m.line, m.column, m.endLine, m.endColumn])).toEqual(
      cli.map((f) => [f.start.line, f.start.column, f.end.line, f.end.column]),
    );
    expect(messages[0]).toMatchObject({ line: 6, column: 16 });
  });

  it('carry the explanation and the fix', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    const [message] = lint(plugin, leaking, 'explained.ts', [tsParser]);
    expect(message!.message).toMatch(/is not ended when .* How to fix: /);
  });

  it('use the ESLint options and `settings.obslint`', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    const configured: Linter.Config = {
      rules: {
        'obslint/require-span-end': ['error', { checkThrowPaths: false }],
        'obslint/probe': ['warn', { label: 'custom' }],
      },
      settings: { obslint: { team: 'payments' } },
    };
    const messages = lint(plugin, `${leaking}probe(1);\n`, 'options.ts', [tsParser, configured]);
    expect(messages.map((message) => message.message)).toEqual(['custom typed=false type=1 setting=payments']);
  });

  it('a rule that throws is reported on that rule as an internal error; the others still report', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    const messages = lint(plugin, `${leaking}probe(1);\n`, 'throws.ts', [
      tsParser,
      { rules: { 'obslint/throws': 'error' } },
    ]);
    const failure = messages.find((message) => message.ruleId === 'obslint/throws');
    expect(failure).toMatchObject({ line: 1, column: 1 });
    expect(failure!.message).toMatch(/^Internal error in rule throws: boom/);
    expect(messages.map((message) => message.ruleId).sort()).toEqual([
      'obslint/probe',
      'obslint/require-span-end',
      'obslint/throws',
    ]);
  });

  it('declaration files are not analysed (as in the CLI)', () => {
    const { plugin, analysed } = recordingPlugin({ rules: testRules });
    expect(lint(plugin, 'declare function probe(x: number): void;\n', 'types.d.ts', [tsParser])).toEqual([]);
    expect(analysed).toEqual([]);
  });
});

describe('disable comments', () => {
  const finding = (code: string) =>
    code.replace("  const span = tracer.startSpan('load');", `  MARK\n  const span = tracer.startSpan('load');`);
  const unused: Linter.Config = { linterOptions: { reportUnusedDisableDirectives: 'error' } };

  it('obslint-disable-next-line and obslint-disable blocks suppress', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    expect(
      lint(
        plugin,
        finding(leaking).replace('MARK', '// obslint-disable-next-line require-span-end -- handed over'),
        'a.ts',
        [tsParser],
      ),
    ).toEqual([]);
    expect(lint(plugin, `/* obslint-disable */\n${leaking}`, 'b.ts', [tsParser])).toEqual([]);
    expect(
      lint(plugin, finding(leaking).replace('MARK', '// obslint-disable-next-line some-other-rule'), 'c.ts', [
        tsParser,
      ]),
    ).toHaveLength(1);
  });

  it('eslint-disable-next-line obslint/<rule> suppresses, and counts as used for --report-unused-disable-directives', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    expect(
      lint(plugin, finding(leaking).replace('MARK', '// eslint-disable-next-line obslint/require-span-end'), 'd.ts', [
        tsParser,
        unused,
      ]),
    ).toEqual([]);
    const stale = lint(plugin, `// eslint-disable-next-line obslint/require-span-end\nconst nothing = 1;\n`, 'e.ts', [
      tsParser,
      unused,
    ]);
    expect(stale.map((message) => message.message)).toEqual([expect.stringMatching(/Unused eslint-disable directive/)]);
  });

  it('under another plugin key, ESLint handles `<key>/<rule>` and obslint still honours `obslint/<rule>`', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    const own = (messages: Linter.LintMessage[]) =>
      messages.filter((message) => message.ruleId === 'o11y/require-span-end');
    expect(own(lint(plugin, leaking, 'f.ts', [tsParser], 'o11y'))).toHaveLength(1);
    expect(
      own(
        lint(
          plugin,
          finding(leaking).replace('MARK', '// eslint-disable-next-line o11y/require-span-end'),
          'g.ts',
          [tsParser],
          'o11y',
        ),
      ),
    ).toEqual([]);
    // (ESLint itself adds a note that it knows no `obslint/` rule under this configuration: that part is ESLint's.)
    expect(
      own(
        lint(
          plugin,
          finding(leaking).replace('MARK', '// eslint-disable-next-line obslint/require-span-end'),
          'h.ts',
          [tsParser],
          'o11y',
        ),
      ),
    ).toEqual([]);
  });
});

describe('project facts', () => {
  const telemetry = (otel: boolean) =>
    otel
      ? "import { trace } from '@opentelemetry/api';\nexport const tracer = trace.getTracer('t');\n"
      : 'export const tracer = { startSpan: (name: string) => ({ name }) };\n';
  const user = [
    "import { tracer } from './telemetry';",
    'export function work() {',
    "  const span = tracer.startSpan('work');",
    '}',
    '',
  ].join('\n');

  it('facts from other files (where the tracer comes from) are used, and re-read after a pause', () => {
    const dir = join(project, 'cross');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'telemetry.ts'), telemetry(true));
    let now = 0;
    const { plugin } = recordingPlugin({ rules: testRules, projects: new ProjectFactsCache(2000, () => now) });
    const ruleIds = () => lint(plugin, user, 'cross/user.ts', [tsParser]).map((message) => message.ruleId);
    expect(ruleIds()).toEqual(['obslint/require-span-end']);
    // Within one run the parsed module is reused; after a pause (an editor session) it is read again.
    writeFileSync(join(dir, 'telemetry.ts'), telemetry(false));
    now = 500;
    expect(ruleIds()).toEqual(['obslint/require-span-end']);
    now = 5000;
    expect(ruleIds()).toEqual([]);
  });

  it('one set of facts per project root, kept while the run goes on', () => {
    let now = 0;
    const cache = new ProjectFactsCache(1000, () => now);
    const a = cache.forRoot('/a');
    expect(cache.forRoot('/b')).not.toBe(a);
    now = 900;
    expect(cache.forRoot('/a')).toBe(a);
    now = 1800;
    expect(cache.forRoot('/a')).toBe(a);
    now = 3000;
    expect(cache.forRoot('/a')).not.toBe(a);
  });
});

describe('text without a file name', () => {
  it('is linted as JavaScript (Linter#verify without a filename, `eslint --stdin`)', () => {
    const { plugin } = recordingPlugin({ rules: testRules });
    const linter = new Linter({ cwd: project });
    const messages = linter.verify('probe(1);\n', [
      { plugins: { obslint: plugin }, rules: { 'obslint/probe': 'warn' } },
    ]);
    expect(messages.map((message) => message.ruleId)).toEqual(['obslint/probe']);
  });
});
