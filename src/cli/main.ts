/**
 * `obslint` command line: argument parsing and exit codes only; the work happens in the engine.
 * Exit codes: 0 clean (warnings within --max-warnings), 1 findings, 2 usage, configuration or internal error.
 */
import yargs from 'yargs';
import { lintSync, type LintRun } from '../engine/lint.js';
import { formatNames } from '../report/index.js';
import { UsageError } from '../config/errors.js';
import type { RuleEntry } from '../config/resolve.js';
import { allRules } from '../../rules/index.js';
import { version } from '../version.js';
import { parseRuleOption } from './rule-option.js';
import { rulesTable } from './rules-table.js';
import { explainRule } from './explain.js';
import { verifyConfig } from './config-verify.js';
import { printConfig } from './config-print.js';
import { initConfig } from './init.js';
import { ProgressLine } from './progress.js';
import { debugFilesListing } from './debug-files.js';
import { metricsTable } from './metrics-table.js';
import { LineMap } from '../engine/text-positions.js';
import { applyGate } from './ci-gate.js';
import { outputSpecs, writeOutputs } from './outputs.js';
import { repositoryRootOf } from '../engine/diff-filter.js';
import { fileRoles, type FileRole } from '../analysis/modules/file-role.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
}

/** `--lint-roles test,example`: unknown roles are a usage error (exit 2). */
function parseRoles(value: string | undefined): FileRole[] | undefined {
  if (value === undefined) return undefined;
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  for (const role of roles) {
    if (!(fileRoles as readonly string[]).includes(role))
      throw new UsageError(`--lint-roles: unknown role '${role}' (roles: ${fileRoles.join(', ')})`);
  }
  return roles as FileRole[];
}

interface LintArguments {
  paths?: string[];
  /** A string, or an array when repeated. */
  format?: string | string[];
  'output-file'?: string;
  config?: string;
  rule?: string[];
  'max-warnings': number;
  quiet: boolean;
  types: boolean;
  project?: string;
  'inline-config': boolean;
  'lint-roles'?: string;
  'report-unused-disable-directives': boolean;
  color?: boolean;
  'new-from-rev'?: string;
  'new-from-merge-base'?: string;
  'new-from-patch'?: string;
  'whole-files': boolean;
  'suppress-all': boolean;
  'suppress-rule'?: string | string[];
  'prune-suppressions': boolean;
  'suppressions-location'?: string;
  'pass-on-unpruned-suppressions': boolean;
  'debug-files': boolean;
}

function runLint(args: LintArguments, io: CliIo): number {
  // Repeated options arrive as arrays; they are not declared `array`, so that `-f json src` keeps `src` a path.
  const outputs = outputSpecs(
    args.format === undefined ? undefined : [args.format].flat(),
    args['output-file'],
    io.env,
  );
  const ruleOverrides = Object.fromEntries((args.rule ?? []).map(parseRuleOption)) as Record<string, RuleEntry>;
  const progress = io.stderrIsTty && !io.env.CI ? new ProgressLine(io.stderr) : undefined;
  let run: LintRun;
  try {
    run = lintSync({
      cwd: io.cwd,
      paths: args.paths,
      configFile: args.config,
      ruleOverrides,
      types: args.types,
      project: args.project,
      inlineConfig: args['inline-config'],
      lintRoles: parseRoles(args['lint-roles']),
      reportUnusedDisableDirectives: args['report-unused-disable-directives'],
      onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
    });
  } finally {
    progress?.clear();
  }
  for (const warning of run.warnings) io.stderr(`obslint: warning: ${warning}\n`);
  if (args['debug-files']) io.stderr(debugFilesListing(run, io.cwd));
  const gate = applyGate(
    run,
    {
      newFromRev: args['new-from-rev'],
      newFromMergeBase: args['new-from-merge-base'],
      newFromPatch: args['new-from-patch'],
      wholeFiles: args['whole-files'],
      suppressAll: args['suppress-all'],
      suppressRule: args['suppress-rule'] === undefined ? undefined : [args['suppress-rule']].flat(),
      pruneSuppressions: args['prune-suppressions'],
      suppressionsLocation: args['suppressions-location'],
      passOnUnprunedSuppressions: args['pass-on-unpruned-suppressions'],
    },
    io.cwd,
  );
  for (const message of gate.messages) io.stderr(`obslint: ${message}\n`);
  const results = args.quiet
    ? gate.results.map((result) => ({ ...result, findings: result.findings.filter((f) => f.severity === 'error') }))
    : gate.results;
  const stdout = writeOutputs(
    outputs,
    results,
    {
      cwd: io.cwd,
      rules: run.rules,
      skipped: run.skipped,
      repositoryRoot: outputs.some((spec) => !['pretty', 'stylish', 'json'].includes(spec.format))
        ? repositoryRootOf(io.cwd)
        : undefined,
      counters: run.counters,
      presets: run.presets,
      gate: gate.note,
    },
    { cwd: io.cwd, stdoutColor: args.color ?? (io.stdoutIsTty && !io.env.NO_COLOR) },
  );
  if (stdout) io.stdout(stdout);
  let errorCount = 0;
  let warningCount = 0;
  for (const result of gate.results)
    for (const finding of result.findings) finding.severity === 'error' ? errorCount++ : warningCount++;

  for (const result of run.results) {
    for (const finding of result.findings) if (finding.internal) io.stderr(`obslint: ${finding.message}\n`);
  }
  if (run.internalErrorCount > 0 || gate.failed) return 2;
  if (errorCount > 0) return 1;
  if (!args.quiet && args['max-warnings'] >= 0 && warningCount > args['max-warnings']) {
    io.stderr(`obslint found too many warnings (maximum: ${args['max-warnings']}).\n`);
    return 1;
  }
  return 0;
}

/** Runs the CLI and returns the exit code (the caller sets process.exitCode so that output flushes). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  let usageFailed = false;
  const fail = (message: string) => {
    io.stderr(`obslint: ${message}\n`);
    usageFailed = true;
  };
  const guard = (work: () => number) => {
    try {
      exitCode = work();
    } catch (error) {
      if (error instanceof UsageError) fail(error.message);
      else fail(`internal error: ${(error as Error).stack ?? String(error)}`);
    }
  };

  const parser = yargs()
    .scriptName('obslint')
    .usage(
      '$0 [paths..]\n\nLint observability: spans, trace context, metric cardinality, log correlation and SLO/alert configs.',
    )
    .command(
      '$0 [paths..]',
      'Lint files, directories or globs (default: the current directory)',
      (command) =>
        command
          .positional('paths', { type: 'string', array: true, describe: 'Files, directories or globs' })
          .option('format', {
            alias: 'f',
            type: 'string',
            describe: `Output format, repeatable; name:path writes to a file: ${formatNames.join(', ')} (default: pretty; github + job summary under GitHub Actions)`,
          })
          .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file' })
          .option('config', { alias: 'c', type: 'string', describe: 'Use this configuration file only (no lookup)' })
          .option('rule', {
            type: 'string',
            array: true,
            describe: "Set a rule's severity: id:off|warn|error (repeatable)",
          })
          .option('max-warnings', {
            type: 'number',
            default: -1,
            describe: 'Exit 1 when there are more warnings than this',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
          .option('types', {
            type: 'boolean',
            default: true,
            describe: 'Use the type checker where a tsconfig is found (--no-types: syntax mode)',
          })
          .option('project', { alias: 'p', type: 'string', describe: 'The tsconfig to use for typed mode' })
          .option('lint-roles', {
            type: 'string',
            describe: `Also lint files of these roles with every rule, comma-separated (${fileRoles.join(', ')}); code rules report on service code by default`,
          })
          .option('inline-config', {
            type: 'boolean',
            default: true,
            describe: 'Honour obslint-disable comments (--no-inline-config ignores them)',
          })
          .option('report-unused-disable-directives', {
            type: 'boolean',
            default: false,
            describe: 'Report disable directives that suppress nothing',
          })
          .option('color', { type: 'boolean', describe: 'Force colours on or off (default: on for a terminal)' })
          .option('new-from-rev', {
            type: 'string',
            describe: 'Report only findings on lines changed since this git revision (working tree included)',
          })
          .option('new-from-merge-base', {
            type: 'string',
            describe: 'Report only findings on lines changed since the merge base of this revision and HEAD',
          })
          .option('new-from-patch', {
            type: 'string',
            describe: 'Report only findings on lines added or changed by this unified diff',
          })
          .option('whole-files', {
            type: 'boolean',
            default: false,
            describe: 'With --new-from-*: report findings anywhere in changed files',
          })
          .option('suppress-all', {
            type: 'boolean',
            default: false,
            describe: 'Record every current error in the suppressions file (baseline)',
          })
          .option('suppress-rule', {
            type: 'string',
            describe: 'Record the current errors of this rule in the suppressions file (repeatable)',
          })
          .option('prune-suppressions', {
            type: 'boolean',
            default: false,
            describe: 'Remove suppressions that no longer occur',
          })
          .option('suppressions-location', {
            type: 'string',
            describe: 'The suppressions file (default: obslint-suppressions.json)',
          })
          .option('pass-on-unpruned-suppressions', {
            type: 'boolean',
            default: false,
            describe: 'Do not fail (exit 2) on suppressions that no longer occur',
          })
          .option('debug-files', {
            type: 'boolean',
            default: false,
            describe: 'List on stderr every file linted (with its role) and every file or folder not linted, and why',
          }),
      (args) => guard(() => runLint(args as unknown as LintArguments, io)),
    )
    .command(
      'rules',
      'List every rule: id, family, default severity, whether it uses types, description',
      (command) =>
        command.option('format', { alias: 'f', type: 'string', choices: ['table', 'json'], default: 'table' }),
      (args) =>
        guard(() => {
          io.stdout(rulesTable(allRules, args.format as 'table' | 'json'));
          return 0;
        }),
    )
    .command(
      'init',
      'Write a commented starter obslint.config.yaml (every rule at its default)',
      (command) => command,
      () =>
        guard(() => {
          io.stdout(initConfig(allRules, io.cwd));
          return 0;
        }),
    )
    .command(
      'explain <rule>',
      "Show a rule's documentation",
      (command) => command.positional('rule', { type: 'string', demandOption: true }),
      (args) =>
        guard(() => {
          io.stdout(explainRule(allRules, args.rule as string));
          return 0;
        }),
    )
    .command(
      'metrics [paths..]',
      'Print the metric catalog: every metric the code defines, its type, labels, Prometheus series and location',
      (command) =>
        command
          .positional('paths', { type: 'string', array: true, describe: 'Files, directories or globs' })
          .option('format', { alias: 'f', type: 'string', choices: ['table', 'json'], default: 'table' })
          .option('types', {
            type: 'boolean',
            default: true,
            describe: 'Use the type checker where a tsconfig is found',
          }),
      (args) =>
        guard(() => {
          const run = lintSync({
            cwd: io.cwd,
            paths: args.paths as string[] | undefined,
            types: args.types as boolean,
            onlyRules: [],
            collectMetrics: true,
          });
          const lineMaps = new Map(run.results.map((result) => [result.file, new LineMap(result.source ?? '')]));
          io.stdout(
            metricsTable(
              run.metrics!,
              io.cwd,
              args.format as 'table' | 'json',
              (file, offset) => lineMaps.get(file)?.position(offset) ?? { line: 1, column: 1 },
            ),
          );
          return 0;
        }),
    )
    .command(
      'config <action> [file]',
      'config verify [file]: validate a configuration file against the schema; config print <file>: the effective configuration for a file',
      (command) =>
        command
          .positional('action', { type: 'string', choices: ['verify', 'print'], demandOption: true })
          .positional('file', {
            type: 'string',
            describe: 'verify: the configuration file (default: the one that applies here); print: the file to lint',
          })
          .option('config', { alias: 'c', type: 'string', describe: 'print: use this configuration file only' }),
      (args) =>
        guard(() => {
          if (args.action === 'print') {
            if (!args.file) throw new UsageError("config print needs a file: 'obslint config print src/app.ts'");
            io.stdout(printConfig(allRules, io.cwd, args.file as string, args.config as string | undefined));
            return 0;
          }
          io.stdout(verifyConfig(allRules, io.cwd, args.file as string | undefined));
          return 0;
        }),
    )
    .strictOptions()
    .strictCommands()
    .version(version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      fail(`${message}\nRun 'obslint --help' for usage.`);
    })
    .showHelpOnFail(false);

  let printed = '';
  try {
    await parser.parseAsync(argv, {}, (_error, _argv, output) => {
      printed = output;
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (printed) io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
  return usageFailed ? 2 : exitCode;
}
