/** The CI formats as pure functions: GitHub workflow commands (escaping, limits), JUnit XML and the job summary. */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult, Finding } from '../src/findings.js';
import { formatResults, type FormatContext } from '../src/report/index.js';
import { escapeCommandData, escapeCommandProperty } from '../src/report/github.js';
import { summaryByteLimit } from '../src/report/markdown.js';
import { allRules } from '../rules/index.js';
import {
  leakyFunction,
  onlyRulesConfig,
  removeTempDirs,
  tempGitRepo,
  tracerPreamble,
  write,
} from './helpers/git-project.js';
import { main } from '../src/cli/main.js';
import { outputSpecs } from '../src/cli/outputs.js';

afterAll(removeTempDirs);

const root = '/repo';
const context: FormatContext = {
  cwd: `${root}/service`,
  repositoryRoot: root,
  rules: allRules,
  color: false,
  skipped: [],
};

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'require-span-end',
    severity: 'error',
    file: `${root}/service/src/a.ts`,
    start: { line: 3, column: 5 },
    end: { line: 3, column: 12 },
    message: 'The span is never ended.',
    help: 'End it in a finally block.',
    docsUrl: 'https://example.com/docs/require-span-end.md',
    fingerprint: 'f'.repeat(32),
    ...overrides,
  };
}

function results(...findings: Finding[]): FileResult[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  return [...byFile].map(([file, list]) => ({ file, findings: list }));
}

/** The GitHub runner's view: a line is a command when, trimmed, it starts with `::`. */
function commandLines(output: string): string[] {
  return output.split('\n').filter((line) => line.trim().startsWith('::'));
}

/** Parses `::name k=v,k=v::data` the way the runner does, undoing the toolkit's escaping. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string) =>
    text
      .replace(/%3A/gi, ':')
      .replace(/%2C/gi, ',')
      .replace(/%0D/gi, '\r')
      .replace(/%0A/gi, '\n')
      .replace(/%25/gi, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const eq = pair.indexOf('=');
        return [pair.slice(0, eq), unescape(pair.slice(eq + 1))];
      }),
  );
  return { command: match[1]!, properties, data: unescape(match[3]!) };
}

describe('github format', () => {
  it('escapes like the Actions toolkit', () => {
    expect(escapeCommandData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeCommandProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('a message and file name full of %, newlines, :: and commas give exactly one well-formed command', () => {
    const hostile = finding({
      file: `${root}/service/src/we%ird,na::me\n::error::x.ts`,
      message: 'Injected?\n::error file=evil.ts,line=1::owned\r\n::add-mask::secret 100%, done',
      help: 'Line one\n::warning::two',
    });
    const output = formatResults('github', results(hostile), context);
    expect(output.endsWith('\n')).toBe(true);
    expect(output.slice(0, -1).split('\n')).toHaveLength(1);
    const commands = commandLines(output);
    expect(commands).toHaveLength(1);
    const parsed = parseCommand(commands[0]!);
    expect(parsed.command).toBe('error');
    expect(parsed.properties).toEqual({
      file: 'service/src/we%ird,na::me\n::error::x.ts',
      line: '3',
      endLine: '3',
      col: '5',
      endColumn: '12',
      title: 'obslint require-span-end',
    });
    expect(parsed.data).toBe(`${hostile.message}\nHow to fix: ${hostile.help}\nDocs: ${hostile.docsUrl}`);
  });

  it('errors first, at most 10 per severity, then one notice; the rest listed where commands are stopped', () => {
    const many = [
      ...Array.from({ length: 15 }, (_, i) =>
        finding({
          severity: 'warn',
          start: { line: i + 1, column: 1 },
          end: { line: i + 1, column: 4 },
          message: `warning ${i}`,
        }),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        finding({
          file: `${root}/service/src/b.ts`,
          start: { line: i + 1, column: 1 },
          end: { line: i + 1, column: 4 },
          message: `error ${i}`,
        }),
      ),
    ];
    const output = formatResults('github', results(...many), context);
    const lines = output.trimEnd().split('\n');
    const annotations = lines.filter((line) => /^::(error|warning) /.test(line));
    expect(annotations.slice(0, 10).every((line) => line.startsWith('::error '))).toBe(true);
    expect(annotations.slice(10).every((line) => line.startsWith('::warning '))).toBe(true);
    expect(annotations).toHaveLength(20);
    const notices = lines.filter((line) => line.startsWith('::notice '));
    expect(notices).toHaveLength(1);
    expect(parseCommand(notices[0]!).data).toMatch(/^2 errors and 5 warnings more are not shown as annotations/);
    // The 7 others are plain log lines inside a stop-commands block, closed by its token.
    const stop = lines.findIndex((line) => line.startsWith('::stop-commands::'));
    const token = lines[stop]!.slice('::stop-commands::'.length);
    expect(lines.at(-1)).toBe(`::${token}::`);
    expect(lines.slice(stop + 1, -1)).toEqual([
      'service/src/b.ts:11:1: error [require-span-end] error 10',
      'service/src/b.ts:12:1: error [require-span-end] error 11',
      ...[10, 11, 12, 13, 14].map((i) => `service/src/a.ts:${i + 1}:1: warning [require-span-end] warning ${i}`),
    ]);
  });

  it('a multi-line finding keeps its start column and drops the end (the toolkit allows columns on one line only)', () => {
    const output = formatResults('github', results(finding({ end: { line: 5, column: 2 } })), context);
    expect(parseCommand(output.trim()).properties).toMatchObject({ line: '3', col: '5' });
    expect(parseCommand(output.trim()).properties.endLine).toBeUndefined();
  });

  it('prints nothing for a clean run', () => {
    expect(formatResults('github', [{ file: `${root}/a.ts`, findings: [] }], context)).toBe('');
  });
});

describe('junit format', () => {
  it('one suite per file, one failing case per finding, XML-escaped, and a passing case for a clean file', () => {
    const output = formatResults(
      'junit',
      [
        { file: `${root}/service/src/a.ts`, findings: [finding({ message: 'Uses <span> & "quotes"\u0007 ]]> end' })] },
        { file: `${root}/service/src/clean.ts`, findings: [] },
      ],
      context,
    );
    expect(output).toContain('<testsuites name="obslint" tests="2" failures="1" errors="0" time="0">');
    expect(output).toContain('<testsuite name="service/src/a.ts" tests="1" failures="1"');
    expect(output).toContain('failure message="Uses &lt;span&gt; &amp; &quot;quotes&quot; ]]&gt; end"');
    expect(output).toContain('<testcase name="no observability findings" classname="service/src/clean.ts" time="0"/>');
    expect(output).not.toMatch(/\u0007/);
    // Balanced tags.
    for (const tag of ['testsuites', 'testsuite', 'failure']) {
      expect(output.split(`<${tag} `).length + output.split(`<${tag}>`).length - 2).toBe(
        output.split(`</${tag}>`).length - 1,
      );
    }
  });
});

describe('markdown format (job summary)', () => {
  it('shows totals, per-family health with the counters, the gate, rules with doc links and top files', () => {
    const output = formatResults(
      'markdown',
      results(
        finding(),
        finding({ start: { line: 9, column: 3 }, end: { line: 9, column: 9 } }),
        finding({
          ruleId: 'promql-counter-rate',
          severity: 'warn',
          file: `${root}/service/alerts.yaml`,
          message: 'rate() | over a gauge',
        }),
      ),
      {
        ...context,
        counters: {
          'files.typed': 2,
          'files.syntax': 1,
          'spans.started': 10,
          'config.objects.prometheus-rules': 1,
          'config.objects.sloth': 2,
        },
        gate: {
          suppressed: 4,
          outsideDiff: 7,
          since: 'origin/main',
          hiddenByRule: { 'require-span-end': 3, 'promql-counter-rate': 8 },
          suppressionsFile: 'obslint-suppressions.json',
        },
      },
    );
    expect(output).toContain('## obslint: ❌ 2 errors, 1 warning');
    expect(output).toContain('Checked 3 code files (2 with types, 1 syntax only) and 1 YAML config file.');
    expect(output).toContain(
      'Only findings on lines changed since `origin/main` are reported: 7 older findings not shown.',
    );
    expect(output).toContain('The baseline (`obslint-suppressions.json`) absorbed 4 known findings.');
    // 10 started; 2 reported + 3 hidden require-span-end findings are spans not proven ended.
    expect(output).toContain('| Span closure | 10 spans started, 5 proven ended on every path | 2 errors (+3 known) |');
    expect(output).toContain('| SLO and alert configs | 2 SLO specs, 1 Prometheus rule file | 1 warning (+8 known) |');
    expect(output).toContain(
      '| [`require-span-end`](https://github.com/obslint/obslint/blob/main/docs/rules/require-span-end.md) | spans | 2 | 0 |',
    );
    expect(output).toContain('| `service/src/a.ts` | 2 | 0 |');
    expect(output).toContain('rate() \\| over a gauge');
  });

  it('a clean run says so', () => {
    expect(formatResults('markdown', [{ file: `${root}/service/src/a.ts`, findings: [] }], context)).toMatch(
      /^## obslint: ✅ no findings\n/,
    );
  });

  it('stays under GitHub’s 1 MiB step-summary limit however many findings there are', () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      finding({
        file: `${root}/service/src/file-${i % 500}.ts`,
        start: { line: i + 1, column: 1 },
        end: { line: i + 1, column: 2 },
        message: `A long message ${'x'.repeat(80)} ${i}`,
      }),
    );
    const output = formatResults('markdown', results(...many), context);
    expect(Buffer.byteLength(output)).toBeLessThanOrEqual(summaryByteLimit);
    expect(output).toMatch(/…and \d+ more findings, left out to keep this summary under GitHub's 1 MiB limit\./);
    expect(output.trimEnd().endsWith('</details>')).toBe(true);
  });
});

describe('--format parsing', () => {
  it('repeatable name:path specs; auto github + job summary under GitHub Actions; clear usage errors', async () => {
    expect(outputSpecs(['pretty', 'sarif:out/r.sarif', 'junit:C:\\reports\\j.xml'], undefined, {})).toEqual([
      { format: 'pretty', path: undefined },
      { format: 'sarif', path: 'out/r.sarif' },
      { format: 'junit', path: 'C:\\reports\\j.xml' },
    ]);
    expect(outputSpecs(undefined, undefined, {})).toEqual([{ format: 'pretty', path: undefined }]);
    expect(outputSpecs(undefined, undefined, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: '/tmp/summary' })).toEqual([
      { format: 'github', path: undefined },
      { format: 'markdown', path: '/tmp/summary', append: true },
    ]);
    expect(outputSpecs(['json'], undefined, { GITHUB_ACTIONS: 'true' })).toEqual([{ format: 'json', path: undefined }]);
    expect(() => outputSpecs(['html'], undefined, {})).toThrow(
      /unknown format 'html'; choose one of: pretty, stylish, json, sarif, github, junit, markdown/,
    );
    expect(() => outputSpecs(['sarif:'], undefined, {})).toThrow(/file name after ':' is missing/);
    expect(() => outputSpecs(['json', 'sarif'], 'out.txt', {})).toThrow(/two formats would write to 'out.txt'/);
  });
});

describe('the CLI under GitHub Actions without --format', () => {
  it('prints annotations and appends the job summary to $GITHUB_STEP_SUMMARY', async () => {
    const repo = tempGitRepo();
    write(
      repo,
      'obslint.config.json',
      onlyRulesConfig(
        allRules.map((rule) => rule.meta.id),
        { 'require-span-end': 'error' },
      ),
    );
    write(repo, 'app/src/a.ts', `${tracerPreamble}${leakyFunction('load')}`);
    const summary = `${repo}/summary.md`;
    writeFileSync(summary, 'before\n');
    let stdout = '';
    const code = await main([], {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: `${repo}/app`,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
      stdoutIsTty: false,
      stderrIsTty: false,
    });
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^::error file=app\/src\/a\.ts,line=6,endLine=6,col=16,endColumn=\d+,title=obslint require-span-end::The span 'load'/,
    );
    expect(readFileSync(summary, 'utf8')).toMatch(/^before\n## obslint: ❌ 1 error\n/);
  });
});

describe('repeatable flags stay out of the paths', () => {
  it('-f json src lints src; repeated -f writes every format', async () => {
    const repo = tempGitRepo();
    write(
      repo,
      'obslint.config.json',
      onlyRulesConfig(
        allRules.map((rule) => rule.meta.id),
        { 'require-span-end': 'error' },
      ),
    );
    write(repo, 'src/a.ts', `${tracerPreamble}${leakyFunction('inSrc')}`);
    write(repo, 'other/b.ts', `${tracerPreamble}${leakyFunction('elsewhere')}`);
    let stdout = '';
    const io = {
      stdout: (t: string) => (stdout += t),
      stderr: () => {},
      cwd: repo,
      env: {},
      stdoutIsTty: false,
      stderrIsTty: false,
    };
    expect(await main(['-f', 'json', 'src'], io)).toBe(1);
    expect((JSON.parse(stdout) as { filePath: string }[]).map((r) => r.filePath)).toEqual([`${repo}/src/a.ts`]);
    stdout = '';
    expect(await main(['src', '-f', 'stylish', '-f', 'sarif:out.sarif', '-f', 'junit:out.xml'], io)).toBe(1);
    expect(stdout).toContain("The span 'inSrc'");
    expect(JSON.parse(readFileSync(`${repo}/out.sarif`, 'utf8')).runs[0].results).toHaveLength(1);
    expect(readFileSync(`${repo}/out.xml`, 'utf8')).toContain('<testsuite name="src/a.ts" tests="1" failures="1"');
  });
});
