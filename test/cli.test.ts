/**
 * End-to-end: the built CLI run as a user runs it (`node bin/obslint.js …`), asserting exit codes and output.
 * `npm test` builds first; these tests need `dist/`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, testDataDir } from './helpers/paths.js';

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function obslint(args: string[], cwd = repoRoot, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', GITHUB_ACTIONS: '', NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const leakySource = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export function f(id: string) {
  const span = tracer.startSpan('f');
  if (!id) return;
  span.end();
}
`;

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/src/cli/main.js'))) throw new Error('run `npm run build` first (npm test does)');
});

describe('obslint on the demo service', () => {
  it('prints require-span-end findings with a code frame, help and docs link, and exits 1', () => {
    const result = obslint(['fixtures/demo-service']);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('error[require-span-end]');
    expect(result.stdout).toMatch(/--> fixtures\/demo-service\/src\/orders\/checkout\.ts:\d+:\d+/);
    expect(result.stdout).toMatch(/\| +\^+/);
    expect(result.stdout).toContain('= help:');
    expect(result.stdout).toContain('docs/rules/require-span-end.md');
  });

  it('-f json prints ESLint-shaped JSON', () => {
    const result = obslint(['fixtures/demo-service', '-f', 'json']);
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as {
      filePath: string;
      messages: Record<string, unknown>[];
      errorCount: number;
      warningCount: number;
    }[];
    expect(Array.isArray(parsed)).toBe(true);
    const withFindings = parsed.filter((file) => file.messages.length > 0);
    expect(withFindings.length).toBeGreaterThan(0);
    for (const file of parsed) {
      expect(file.filePath).toMatch(/^\//);
      expect(file.errorCount + file.warningCount).toBe(file.messages.length);
      for (const message of file.messages) {
        expect(Object.keys(message)).toEqual(
          expect.arrayContaining(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']),
        );
        expect([1, 2]).toContain(message.severity);
      }
    }
  });

  it('-f stylish prints ESLint stylish lines', () => {
    const result = obslint(['fixtures/demo-service', '-f', 'stylish', '--rule', 'require-span-end:warn']);
    expect(result.stdout).toMatch(/^ {2}\d+:\d+ +(warning|error) +.+ {2}require-span-end$/m);
    expect(result.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)/);
  });
});

describe('exit codes', () => {
  it('0 for a clean project', () => {
    const dir = tempProject({ 'a.ts': 'export const x = 1;\n' });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('1 for findings, 0 when downgraded to warnings within --max-warnings, 1 above it', () => {
    const dir = tempProject({ 'a.ts': leakySource });
    expect(obslint(['.'], dir).status).toBe(1);
    expect(obslint(['.', '--rule', 'require-span-end:warn'], dir).status).toBe(0);
    expect(obslint(['.', '--rule', 'require-span-end:warn', '--max-warnings', '0'], dir).status).toBe(1);
    expect(obslint(['.', '--rule', 'require-span-end:warn', '--quiet'], dir).stdout).toBe('');
  });

  it('2 with one clear line for a missing path', () => {
    const result = obslint(['does-not-exist']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe("obslint: no such file or directory: 'does-not-exist'");
  });

  it('2 for an unknown rule on the command line, with a suggestion', () => {
    const result = obslint(['fixtures/demo-service', '--rule', 'require-span-ends:warn']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown rule 'require-span-ends' (did you mean 'require-span-end'?)");
  });

  it('2 for an unknown format', () => {
    const result = obslint(['fixtures/demo-service', '-f', 'xml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown format 'xml'");
  });

  it('2 for an unknown option', () => {
    expect(obslint(['--no-such-flag']).status).toBe(2);
  });
});

describe('configuration errors', () => {
  it('2 with file:line for an invalid severity in YAML', () => {
    const dir = tempProject({
      'obslint.config.yaml': 'root: true\nrules:\n  require-span-end: loud\n',
      'a.ts': leakySource,
    });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/obslint\.config\.yaml:3: /);
  });

  it('2 with file:line for an unknown rule in JSON', () => {
    const dir = tempProject({
      'obslint.config.json': '{\n  "root": true,\n  "rules": {\n    "no-such-rule": "error"\n  }\n}\n',
      'a.ts': leakySource,
    });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/obslint\.config\.json:4: unknown rule 'no-such-rule'/);
  });

  it('2 for broken YAML, with its line', () => {
    const dir = tempProject({
      'obslint.config.yaml': 'root: true\nrules:\n  require-span-end: [error\n',
      'a.ts': leakySource,
    });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/obslint\.config\.yaml:\d+: invalid YAML/);
  });

  it('reports an unknown top-level key as a warning and goes on', () => {
    const dir = tempProject({
      'obslint.config.jsonc': '{\n  // comment\n  "root": true,\n  "rulez": {},\n}\n',
      'a.ts': leakySource,
    });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/obslint\.config\.jsonc:4: .*unknown key 'rulez' \(did you mean 'rules'\?\)/);
  });

  it('config verify: valid and invalid files', () => {
    const dir = tempProject({
      'good.yaml': 'rules:\n  require-span-end: warn\n',
      'bad.yaml': 'rules:\n  require-span-end: [warn, { nope: 1 }]\n',
    });
    const good = obslint(['config', 'verify', 'good.yaml'], dir);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('valid');
    const bad = obslint(['config', 'verify', 'bad.yaml'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:2: /);
  });

  it('package.json#obslint is a configuration', () => {
    const dir = tempProject({
      'package.json': JSON.stringify({ name: 'x', obslint: { root: true, rules: { 'require-span-end': 'off' } } }),
      'a.ts': leakySource,
    });
    expect(obslint(['.'], dir).status).toBe(0);
  });
});

describe('discovery and bad input', () => {
  it('honours .gitignore and .obslintignore, and skips node_modules and dist', () => {
    const dir = tempProject({
      '.gitignore': 'generated/\n',
      '.obslintignore': 'legacy.ts\n',
      'generated/a.ts': leakySource,
      'legacy.ts': leakySource,
      'node_modules/pkg/index.js': leakySource,
      'dist/out.js': leakySource,
      'src/kept.ts': leakySource,
    });
    const result = obslint(['.', '-f', 'json'], dir);
    const entries = JSON.parse(result.stdout) as { filePath: string; skipped?: { reason: string } }[];
    const path = (entry: { filePath: string }) => entry.filePath.slice(dir.length + 1);
    expect(entries.filter((entry) => !entry.skipped).map(path)).toEqual(['src/kept.ts']);
    // What was left out is said, with the reason (node_modules excepted: nobody expects it linted).
    expect(entries.filter((entry) => entry.skipped).map((entry) => `${path(entry)}: ${entry.skipped!.reason}`)).toEqual(
      [
        'dist: build output (JavaScript only, beside TypeScript sources)',
        'generated: ignored by .gitignore',
        'legacy.ts: ignored by .obslintignore',
      ],
    );
  });

  it('reports an unparseable file as a fatal finding and goes on', () => {
    const dir = tempProject({ 'broken.ts': 'export function (\n', 'a.ts': leakySource });
    const result = obslint(['.', '-f', 'json'], dir);
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; fatal?: boolean; message: string }[];
    }[];
    const broken = parsed.find((file) => file.filePath.endsWith('broken.ts'))!;
    expect(broken.messages).toHaveLength(1);
    expect(broken.messages[0]).toMatchObject({ ruleId: null, fatal: true });
    expect(broken.messages[0]!.message).toMatch(/^Parsing error: /);
    expect(parsed.find((file) => file.filePath.endsWith('a.ts'))!.messages[0]!.ruleId).toBe('require-span-end');
  });

  it('does not report an unparseable file that no rule lints (a deliberately broken test fixture)', () => {
    const dir = tempProject({ 'test/syntax-error.js': 'export function (\n', 'a.ts': leakySource });
    const result = obslint(['.', '-f', 'json'], dir);
    const parsed = JSON.parse(result.stdout) as { filePath: string; messages: unknown[] }[];
    expect(parsed.find((file) => file.filePath.endsWith('syntax-error.js'))!.messages).toEqual([]);
    const linted = obslint(['.', '-f', 'json', '--lint-roles', 'test'], dir);
    const brokenWhenLinted = (JSON.parse(linted.stdout) as typeof parsed).find((file) =>
      file.filePath.endsWith('syntax-error.js'),
    )!;
    expect(brokenWhenLinted.messages).toMatchObject([{ ruleId: null, fatal: true }]);
  });

  it('skips binary and oversized files with a note, never crashing', () => {
    const dir = tempProject({
      'binary.ts': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02, 0xff]),
      'big.ts': `export const big = '${'x'.repeat(3000)}';\n`,
      'obslint.config.yaml': 'root: true\nsettings:\n  maxFileSize: 2000\n',
    });
    const result = obslint(['.'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('note: skipped binary.ts: binary content');
    expect(result.stdout).toMatch(/note: skipped big\.ts: larger than 2000 bytes/);
  });

  it('reports a file nested too deeply to analyse, and still checks the others', () => {
    let nested = '';
    for (let i = 0; i < 1500; i++) nested += 'if (a) {\n';
    nested += 'x();\n' + '}\n'.repeat(1500);
    const dir = tempProject({
      'deep.ts': `declare const a: boolean; declare function x(): void;\nexport function h() {\n${nested}}\n`,
      'a.ts': leakySource,
    });
    const result = obslint(['.', '-f', 'json'], dir);
    expect(result.status).toBe(1);
    const parsed = JSON.parse(result.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; fatal?: boolean; message: string }[];
    }[];
    const deep = parsed.find((file) => file.filePath.endsWith('deep.ts'))!;
    expect(deep.messages[0]).toMatchObject({ ruleId: null, fatal: true });
    expect(deep.messages[0]!.message).toMatch(/nested too deeply/);
    expect(parsed.find((file) => file.filePath.endsWith('a.ts'))!.messages.map((m) => m.ruleId)).toEqual([
      'require-span-end',
    ]);
  });

  it('survives symlink loops', () => {
    const dir = tempProject({ 'src/a.ts': leakySource });
    symlinkSync(dir, join(dir, 'src', 'loop'));
    const result = obslint(['.', '-f', 'json'], dir);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });

  it('lints globs', () => {
    const dir = tempProject({ 'src/a.ts': leakySource, 'src/b.js': 'module.exports = 1;\n' });
    const result = obslint(['src/**/*.js', '-f', 'json'], dir);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as unknown[]).length).toBe(1);
    expect(obslint(['src/**/*.tsx'], dir).status).toBe(2);
  });

  it('writes the report to --output-file', () => {
    const dir = tempProject({ 'a.ts': leakySource });
    const result = obslint(['.', '-f', 'json', '-o', 'report.json'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveLength(1);
  });

  it('an unwritable --output-file is a clear usage error (exit 2)', () => {
    const dir = tempProject({ 'a.ts': leakySource, 'file.txt': 'not a folder' });
    const result = obslint(['.', '-f', 'json', '-o', 'file.txt/report.json'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^obslint: cannot write .*file\.txt\/report\.json: E[A-Z]+$/);
  });

  it('needs no node_modules in the linted project (syntax mode)', () => {
    expect(existsSync(join(repoRoot, 'fixtures/demo-service/node_modules'))).toBe(false);
    expect(obslint(['fixtures/demo-service', '--no-types']).status).toBe(1);
  });

  it('does not crash on the real-world configuration corpus', () => {
    const result = obslint([join(testDataDir, 'corpus'), '-f', 'json']);
    expect([0, 1]).toContain(result.status);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });
});

describe('inline directives', () => {
  const source = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export function a() {
  // obslint-disable-next-line require-span-end -- handed to a queue elsewhere
  tracer.startSpan('a');
}
export function b() {
  tracer.startSpan('b'); // eslint-disable-line obslint/require-span-end
}
/* obslint-disable require-span-end */
export function c() {
  tracer.startSpan('c');
}
/* obslint-enable require-span-end */
export function d() {
  tracer.startSpan('d');
}
// obslint-disable-next-line require-span-end
export const unused = 1;
`;

  it('suppress findings; --no-inline-config ignores them; unused ones are reported on request', () => {
    const dir = tempProject({ 'a.ts': source });
    const lines = (args: string[]) =>
      (
        JSON.parse(obslint(['.', '-f', 'json', ...args], dir).stdout) as {
          messages: { line: number; ruleId: string | null }[];
        }[]
      )[0]!.messages.map((m) => `${m.line}:${m.ruleId}`);
    expect(lines([])).toEqual(['16:require-span-end']);
    expect(lines(['--no-inline-config'])).toEqual([
      '5:require-span-end',
      '8:require-span-end',
      '12:require-span-end',
      '16:require-span-end',
    ]);
    expect(lines(['--report-unused-disable-directives'])).toEqual(['16:require-span-end', '18:null']);
  });
});

describe('subcommands', () => {
  it('rules lists every rule with family, severity and types', () => {
    const result = obslint(['rules']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^RULE +FAMILY +DEFAULT +TYPES +DESCRIPTION/);
    expect(result.stdout).toMatch(/require-span-end +spans +error +improves/);
  });

  it('explain prints the docs page; an unknown rule is exit 2', () => {
    const result = obslint(['explain', 'require-span-end']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# require-span-end');
    expect(result.stdout).toContain('❌');
    expect(obslint(['explain', 'nope']).status).toBe(2);
  });

  it('metrics prints the catalog as a table and as JSON', () => {
    const table = obslint(['metrics', 'fixtures/no-undefined-metrics/src']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^METRIC +TYPE +LABELS +PROMETHEUS SERIES +DEFINED AT/);
    expect(table.stdout).toMatch(/orders\.queue\.depth +otel updowncounter .* orders_queue_depth /);
    const json = JSON.parse(obslint(['metrics', 'fixtures/no-undefined-metrics/src', '-f', 'json']).stdout) as {
      name: string;
      series: string[];
      labels: string[] | null;
    }[];
    expect(json.find((metric) => metric.name === 'payment.latency')!.series).toEqual([
      'payment_latency_seconds_bucket',
      'payment_latency_seconds_sum',
      'payment_latency_seconds_count',
    ]);
    expect(json.find((metric) => metric.name === 'http_requests_total')!.labels).toEqual([
      'method',
      'route',
      'status_code',
    ]);
  });

  it('metrics lists factory-made metrics at their call sites and the default metrics, marked as such', () => {
    const table = obslint(['metrics', 'fixtures/metric-naming/src/factories']).stdout;
    expect(table).toMatch(
      /workers_total +gauge +pool +workers_total +fixtures\/metric-naming\/src\/factories\/uses\.ts:16:1\n/,
    );
    expect(table).toMatch(
      /app_nodejs_gc_duration_seconds +histogram +kind +app_nodejs_gc_duration_seconds_bucket .* \(collectDefaultMetrics\(\)\)\n/,
    );
    const json = JSON.parse(obslint(['metrics', 'fixtures/metric-naming/src/factories', '-f', 'json']).stdout) as {
      name: string;
      source?: string;
    }[];
    expect(json.filter((metric) => metric.source === 'collectDefaultMetrics')).toHaveLength(31);
    expect(json.filter((metric) => !metric.source)).toHaveLength(10);
  });

  it('init writes a valid starter configuration, and never overwrites one', () => {
    const dir = tempProject({ 'a.ts': leakySource });
    const result = obslint(['init'], dir);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'obslint.config.yaml'), 'utf8')).toContain('require-span-end: error');
    expect(obslint(['config', 'verify'], dir).status).toBe(0);
    expect(obslint(['.'], dir).status).toBe(1);
    expect(obslint(['init'], dir).status).toBe(2);
  });

  it('config print shows the effective configuration of a file after the cascade', () => {
    const dir = tempProject({
      'obslint.config.yaml': 'root: true\nrules:\n  require-span-end: warn\n',
      'sub/obslint.config.json': '{ "rules": { "require-span-end": ["error", { "checkThrowPaths": false }] } }',
      'sub/a.ts': leakySource,
    });
    const result = obslint(['config', 'print', 'sub/a.ts'], dir);
    expect(result.status).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      configFiles: string[];
      rules: Record<string, [string, Record<string, unknown>]>;
    };
    expect(printed.configFiles).toEqual([join(dir, 'obslint.config.yaml'), join(dir, 'sub/obslint.config.json')]);
    expect(printed.rules['require-span-end']).toEqual(['error', { endSpanFunctions: [], checkThrowPaths: false }]);
    expect(obslint(['config', 'print'], dir).status).toBe(2);
  });

  it('--version and --help', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(obslint(['--version']).stdout.trim()).toBe(pkg.version);
    const help = obslint(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--max-warnings');
  });
});
