/**
 * Discovery does not lose source: a folder named `build` (a package, a bundler's source) is linted, while real build
 * output — git-ignored, a tsconfig `outDir`, compiled JavaScript with source maps — is skipped, and every reporter
 * says what was skipped and why. The project is a real git repository in a temp dir (discovery reads .gitignore
 * files itself and never runs git, but it finds the repository root by its `.git`).
 */
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { repoRoot, testDataDir } from './helpers/paths.js';
import { main } from '../src/cli/main.js';
import { listSources } from '../src/analysis/modules/package-sources.js';
import {
  commitAll,
  git,
  removeTempDirs,
  tempDir,
  tempGitRepo,
  tracerPreamble,
  leakyFunction,
  write,
} from './helpers/git-project.js';

afterAll(removeTempDirs);

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--no-types', ...argv], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    stdoutIsTty: false,
    stderrIsTty: false,
  });
  return { code, stdout, stderr };
}

const leaky = `${tracerPreamble}${leakyFunction('load')}`;
const compiled = 'exports.load = function load() {};\n';

/** Source folders named build, and three kinds of build output. */
function buildProject(): string {
  const repo = tempGitRepo();
  write(repo, '.gitignore', '/build/\ndist/\n');
  write(repo, 'tsconfig.json', '{\n  // comments are allowed\n  "compilerOptions": { "outDir": "lib" }\n}\n');
  write(repo, 'src/app.ts', leaky);
  write(repo, 'src/build/bundle.ts', leaky); // the bundler's own source
  write(repo, 'packages/build/package.json', '{ "name": "@shop/build" }\n'); // a package named build
  write(repo, 'packages/build/src/index.ts', leaky);
  write(repo, 'build/server.js', compiled); // git-ignored output
  write(repo, 'lib/app.js', compiled); // the tsconfig's outDir
  write(repo, 'packages/web/src/index.ts', leaky);
  write(repo, 'packages/web/build/index.js', `${compiled}//# sourceMappingURL=index.js.map\n`); // compiled, with maps
  write(repo, 'packages/web/build/index.js.map', '{}\n');
  write(repo, 'packages/web/dist/alerts.yaml', 'groups: []\n'); // ignored: its YAML is not linted either
  return repo;
}

describe('which folders are build output', () => {
  let repo: string;
  beforeAll(() => {
    repo = buildProject();
  });

  it('lints source folders named build and names every skipped folder with its reason (--debug-files)', async () => {
    const result = await run(repo, ['--debug-files', '-f', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        'Linted (4):',
        '  service  packages/build/src/index.ts',
        '  service  packages/web/src/index.ts',
        '  service  src/app.ts',
        '  service  src/build/bundle.ts',
        'Not linted (4; node_modules and .git folders are never entered):',
        '  build/  ignored by .gitignore',
        '  lib/  build output (a tsconfig outDir)',
        '  packages/web/build/  build output (compiled JavaScript with source maps)',
        '  packages/web/dist/  ignored by .gitignore',
        '',
      ].join('\n'),
    );
    const findings = (
      JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[]
    ).flatMap((file) =>
      file.messages.map((m) => `${file.filePath.slice(repo.length + 1)}:${m.line}:${m.column} ${m.ruleId}`),
    );
    expect(findings).toEqual([
      'packages/build/src/index.ts:6:16 require-span-end',
      'packages/web/src/index.ts:6:16 require-span-end',
      'src/app.ts:6:16 require-span-end',
      'src/build/bundle.ts:6:16 require-span-end',
    ]);
  });

  it('a nested .gitignore re-includes what the root one excludes, as git does', async () => {
    const nested = tempGitRepo();
    write(nested, '.gitignore', 'dist/\n');
    write(nested, 'packages/keep/.gitignore', '!dist/\n');
    write(nested, 'packages/keep/dist/kept.ts', leaky); // TypeScript sources: not output
    write(nested, 'packages/other/dist/gone.ts', leaky);
    const result = await run(nested, ['--debug-files', '-f', 'json']);
    expect(result.stderr).toBe(
      [
        'Linted (1):',
        '  service  packages/keep/dist/kept.ts',
        'Not linted (1; node_modules and .git folders are never entered):',
        '  packages/other/dist/  ignored by .gitignore',
        '',
      ].join('\n'),
    );
  });

  for (const version of ['2', '3', '4']) {
    it(`ignore patterns do not apply to files git tracks (index version ${version}), as in git`, async () => {
      const dir = tempGitRepo();
      write(dir, 'src/logs/committed.ts', leaky);
      write(dir, 'src/logs/deep/also-committed.ts', leaky);
      commitAll(dir, 'logs');
      write(dir, '.gitignore', 'logs\n'); // written after the commit: the committed files stay tracked
      write(dir, 'src/logs/untracked.ts', leaky);
      write(dir, 'other/logs/scratch.ts', leaky);
      git(dir, 'update-index', '--index-version', version);
      write(dir, 'src/logs/intended.ts', leaky);
      git(dir, 'add', '--intent-to-add', '--force', 'src/logs/intended.ts'); // an entry with extended flags
      const result = await run(dir, ['--debug-files', '-f', 'json']);
      expect(result.stderr).toBe(
        [
          'Linted (3):',
          '  service  src/logs/committed.ts',
          '  service  src/logs/deep/also-committed.ts',
          '  service  src/logs/intended.ts',
          'Not linted (2; node_modules and .git folders are never entered):',
          '  other/logs/  ignored by .gitignore',
          '  src/logs/untracked.ts  ignored by .gitignore',
          '',
        ].join('\n'),
      );
    });
  }

  it('JavaScript alone beside TypeScript sources is output; in a JavaScript package a build/ folder is source', async () => {
    const dir = tempGitRepo();
    write(dir, 'ts/src/index.ts', leaky);
    write(dir, 'ts/build/index.js', compiled);
    write(dir, 'js/src/index.js', compiled);
    write(dir, 'js/build/make.js', compiled);
    write(dir, 'js/dist/bundle.js', compiled); // dist/ is output by convention when nothing says it is source
    const result = await run(dir, ['--debug-files', '-f', 'json']);
    expect(result.stderr).toBe(
      [
        'Linted (3):',
        '  service  js/build/make.js',
        '  service  js/src/index.js',
        '  service  ts/src/index.ts',
        'Not linted (2; node_modules and .git folders are never entered):',
        '  js/dist/  build output (dist/ without sources or a package.json)',
        '  ts/build/  build output (JavaScript only, beside TypeScript sources)',
        '',
      ].join('\n'),
    );
  });

  it('notes minified names, symlinks out of the tree and dangling symlinks', async () => {
    const dir = tempGitRepo();
    const outside = tempDir('obslint-outside-');
    write(outside, 'linked/index.ts', leaky);
    write(dir, 'src/app.ts', leaky);
    write(dir, 'src/vendor.min.js', compiled);
    symlinkSync(join(outside, 'linked'), join(dir, 'src/linked'));
    symlinkSync(join(dir, 'src/missing.ts'), join(dir, 'src/dangling.ts'));
    mkdirSync(join(dir, 'vendor'));
    write(dir, 'vendor/lib.ts', leaky);
    const result = await run(dir, ['--debug-files', '-f', 'json']);
    expect(result.stderr).toBe(
      [
        'Linted (1):',
        '  service  src/app.ts',
        'Not linted (4; node_modules and .git folders are never entered):',
        '  src/dangling.ts  a dangling symlink',
        `  src/linked  a symlink out of the linted tree (to ${join(outside, 'linked')})`,
        '  src/vendor.min.js  minified (by its name)',
        '  vendor/  vendored dependencies',
        '',
      ].join('\n'),
    );
  });

  it('package-wide facts read the same sources: a build/ source folder counts, compiled output does not', () => {
    expect(listSources(join(repo, 'packages/web')).map((path) => path.slice(repo.length + 1))).toEqual([
      'packages/web/src/index.ts',
    ]);
    expect(listSources(repo).map((path) => path.slice(repo.length + 1))).toEqual([
      'packages/build/src/index.ts',
      'packages/web/src/index.ts',
      'src/app.ts',
      'src/build/bundle.ts',
    ]);
  });
});

describe('every reporter says what was not linted', () => {
  let repo: string;
  /** The output of each format for a project with a git-ignored folder, compiled output and an oversized file. */
  const outputs: Record<string, string> = {};
  beforeAll(async () => {
    repo = tempGitRepo();
    write(repo, '.gitignore', 'dist/\n');
    write(repo, 'obslint.config.yaml', 'root: true\nsettings:\n  maxFileSize: 2000\n');
    write(repo, 'src/app.ts', leaky);
    write(repo, 'src/big.ts', `export const big = '${'x'.repeat(3000)}';\n`);
    write(repo, 'dist/app.js', compiled);
    write(repo, 'build/index.js', compiled);
    write(repo, 'build/index.js.map', '{}\n');
    // A file name that tries to start a workflow command: it must stay inside the notice's escaped data.
    write(repo, 'src/evil\n::error file=x.ts::pwned.ts', Buffer.from([0, 1, 2]) as unknown as string);
    for (const format of ['pretty', 'stylish', 'json', 'sarif', 'github', 'junit', 'markdown']) {
      const result = await run(repo, ['-f', format]);
      expect(result.code).toBe(1);
      outputs[format] = result.stdout;
    }
  });

  it('pretty: a note per skip obslint decided, and the count', () => {
    expect(outputs.pretty!.split('\n').filter((line) => line.startsWith('note:'))).toEqual([
      'note: skipped build/: build output (compiled JavaScript with source maps)',
      'note: skipped src/big.ts: larger than 2000 bytes (3023); raise settings.maxFileSize to lint it',
      'note: skipped src/evil',
      'note: 2 files and 2 folders were not linted (1 ignored: ignore files, `ignores`, vendored code); --debug-files lists them and why',
    ]);
  });

  it('stylish: the count', () => {
    expect(outputs.stylish!.split('\n').slice(-3)).toEqual([
      '',
      '2 files and 2 folders were not linted (1 ignored: ignore files, `ignores`, vendored code); --debug-files lists them and why',
      '',
    ]);
  });

  it('github: one escaped ::notice, so no linted name can start a workflow command', () => {
    const lines = outputs.github!.trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('::')).map((line) => line.slice(0, 9))).toEqual([
      '::error f',
      '::notice ',
    ]);
    expect(lines.at(-1)).toBe(
      '::notice title=obslint%3A not linted::2 files and 2 folders were not linted (1 ignored: ignore files, `ignores`, vendored code); --debug-files lists them and why.%0Abuild/: build output (compiled JavaScript with source maps)%0Asrc/big.ts: larger than 2000 bytes (3023); raise settings.maxFileSize to lint it%0Asrc/evil%0A::error file=x.ts::pwned.ts: binary content',
    );
  });

  it('json: an entry with a `skipped` field per path', () => {
    const entries = (JSON.parse(outputs.json!) as { filePath: string; skipped?: object }[]).filter(
      (entry) => entry.skipped,
    );
    expect(entries.map((entry) => ({ ...entry, filePath: entry.filePath.slice(repo.length + 1) }))).toEqual(
      [
        ['build', { reason: 'build output (compiled JavaScript with source maps)', directory: true }],
        ['dist', { reason: 'ignored by .gitignore', directory: true }],
        ['src/big.ts', { reason: 'larger than 2000 bytes (3023); raise settings.maxFileSize to lint it' }],
        ['src/evil\n::error file=x.ts::pwned.ts', { reason: 'binary content' }],
      ].map(([filePath, skipped]) => ({
        filePath,
        messages: [],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
        skipped,
      })),
    );
  });

  it('json and sarif stay valid against their schemas', () => {
    const report = JSON.parse(readFileSync(join(repoRoot, 'schemas/obslint-report.schema.json'), 'utf8')) as object;
    const validateReport = new Ajv2020({ strict: true, allErrors: true }).compile(report);
    expect(validateReport(JSON.parse(outputs.json!)), JSON.stringify(validateReport.errors)).toBe(true);
    expect(validateReport([{ filePath: 'a.ts', messages: [], skipped: { reason: 1 } }])).toBe(false);
    const sarif = JSON.parse(readFileSync(join(testDataDir, 'sarif-2.1.0.schema.json'), 'utf8')) as object;
    const validateSarif = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(sarif);
    expect(validateSarif(JSON.parse(outputs.sarif!)), JSON.stringify(validateSarif.errors)).toBe(true);
  });

  it('sarif: a note-level tool execution notification per path', () => {
    const log = JSON.parse(outputs.sarif!);
    expect(log.runs[0].tool.driver.notifications.map((n: { id: string }) => n.id)).toEqual(['obslint/not-linted']);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual(
      [
        ['build/', 'Not linted (folder): build output (compiled JavaScript with source maps)'],
        ['dist/', 'Not linted (folder): ignored by .gitignore'],
        ['src/big.ts', 'Not linted: larger than 2000 bytes (3023); raise settings.maxFileSize to lint it'],
        ['src/evil%0A%3A%3Aerror%20file%3Dx.ts%3A%3Apwned.ts', 'Not linted: binary content'],
      ].map(([uri, text]) => ({
        level: 'note',
        message: { text },
        locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } }],
        descriptor: { id: 'obslint/not-linted' },
      })),
    );
  });

  it('junit: a skipped test case per path', () => {
    expect(outputs.junit).toContain(
      [
        '  <testsuite name="obslint: not linted" tests="4" failures="0" errors="0" skipped="4" time="0">',
        '    <testcase name="not linted: build/" classname="obslint.skipped" time="0">',
        '      <skipped message="build output (compiled JavaScript with source maps)"/>',
        '    </testcase>',
        '    <testcase name="not linted: dist/" classname="obslint.skipped" time="0">',
        '      <skipped message="ignored by .gitignore"/>',
        '    </testcase>',
        '    <testcase name="not linted: src/big.ts" classname="obslint.skipped" time="0">',
        '      <skipped message="larger than 2000 bytes (3023); raise settings.maxFileSize to lint it"/>',
        '    </testcase>',
        '    <testcase name="not linted: src/evil&#10;::error file=x.ts::pwned.ts" classname="obslint.skipped" time="0">',
        '      <skipped message="binary content"/>',
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
    );
    expect(outputs.junit).toContain(
      '<testsuites name="obslint" tests="5" failures="1" errors="0" skipped="4" time="0">',
    );
  });

  it('markdown: the count in the job summary', () => {
    expect(outputs.markdown!.split('\n')[2]).toBe(
      'Checked 1 code file (0 with types, 1 syntax only). 2 files and 2 folders were not linted (1 ignored: ignore files, `ignores`, vendored code); `--debug-files` lists them and why.',
    );
  });
});
