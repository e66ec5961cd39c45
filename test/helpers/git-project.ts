/** Temporary git repositories for the CI-gate tests: real commits, branches and merge bases. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'obslint test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'obslint test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: gitEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const created: string[] = [];

export function tempDir(prefix = 'obslint-ci-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made (call from `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function tempGitRepo(): string {
  const root = tempDir();
  git(root, 'init', '--quiet', '--initial-branch=main');
  return root;
}

export function write(root: string, path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** An obslint configuration that enables exactly these rules (every other one off), so other rules cannot interfere. */
export function onlyRulesConfig(allRuleIds: readonly string[], enabled: Record<string, 'error' | 'warn'>): string {
  return `${JSON.stringify({ root: true, rules: Object.fromEntries(allRuleIds.map((id) => [id, enabled[id] ?? 'off'])) }, null, 2)}\n`;
}

export const tracerPreamble =
  "import { trace } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('shop');\n";

/** A function whose span is never ended (one require-span-end finding, at the `tracer.startSpan` call). */
export function leakyFunction(name: string): string {
  return `\nexport function ${name}(input: string) {\n  const span = tracer.startSpan('${name}');\n  span.setAttribute('input.length', input.length);\n  return input.trim();\n}\n`;
}

/** A function whose span is always ended. */
export function cleanFunction(name: string): string {
  return `\nexport function ${name}(input: string) {\n  const span = tracer.startSpan('${name}');\n  try {\n    return input.trim();\n  } finally {\n    span.end();\n  }\n}\n`;
}

export interface SpanRun {
  code: number;
  /** The reported span names (from require-span-end messages), sorted; " (warning)" marks warnings. */
  spans: string[];
  stderr: string;
}

/** Runs the CLI in process with `-f json` and lists which spans were reported. */
export async function runForSpans(cwd: string, argv: string[]): Promise<SpanRun> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '-f', 'json'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    stdoutIsTty: false,
    stderrIsTty: false,
  });
  const spans = stdout
    ? (JSON.parse(stdout) as { messages: { message: string; severity: number }[] }[])
        .flatMap((file) =>
          file.messages.map(
            (m) => `${/The span '([^']+)'/.exec(m.message)?.[1] ?? m.message}${m.severity === 1 ? ' (warning)' : ''}`,
          ),
        )
        .sort()
    : [];
  return { code, spans, stderr };
}
