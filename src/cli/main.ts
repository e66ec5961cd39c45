/**
 * `obslint` command line: argument parsing and exit codes only; the work happens in the engine.
 * Exit codes: 0 clean (warnings within --max-warnings), 1 findings, 2 usage, configuration or internal error.
 */
import yargs from 'yargs';
import { lintSync, type LintRun } from '../engine/lint.js';
import { formatNames, formatResults, type FormatName } from '../report/index.js';
import { UsageError } from '../config/errors.js';
import type { RuleEntry } from '../config/resolve.js';
import { allRules } from '../../rules/index.js';
import { version } from '../version.js';
import { parseRuleOption } from './rule-option.js';
import { rulesTable } from './rules-table.js';
import { explainRule } from './explain.js';
import { verifyConfig } from './config-verify.js';
import { writeFileAtomically } from '../util/write-file-atomically.js';
import { ProgressLine } from './progress.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
}

interface LintArguments {
  paths?: string[];
  format: string;
  'output-file'?: string;
  config?: string;
  rule?: string[];
  'max-warnings': number;
  quiet: boolean;
  types: boolean;
  project?: string;
  'inline-config': boolean;
  'report-unused-disable-directives': boolean;
  color?: boolean;
}

function runLint(args: LintArguments, io: CliIo): number {
  if (!formatNames.includes(args.format as FormatName)) {
    throw new UsageError(`unknown format '${args.format}'; choose one of: ${formatNames.join(', ')}`);
  }
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
      reportUnusedDisableDirectives: args['report-unused-disable-directives'],
      onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
    });
  } finally {
    progress?.clear();
  }
  for (const warning of run.warnings) io.stderr(`obslint: warning: ${warning}\n`);
  const results = args.quiet ? run.results.map((result) => ({ ...result, findings: result.findings.filter((f) => f.severity === 'error') })) : run.results;
  const color = args.color ?? (args['output-file'] ? false : io.stdoutIsTty && !io.env.NO_COLOR);
  const output = formatResults(args.format as FormatName, results, { cwd: io.cwd, rules: run.rules, color, skipped: run.skipped });
  if (args['output-file']) writeFileAtomically(args['output-file'], output, io.cwd);
  else if (output) io.stdout(output.endsWith('\n') ? output : `${output}\n`);

  for (const result of run.results) {
    for (const finding of result.findings) if (finding.internal) io.stderr(`obslint: ${finding.message}\n`);
  }
  if (run.internalErrorCount > 0) return 2;
  if (run.errorCount > 0) return 1;
  if (!args.quiet && args['max-warnings'] >= 0 && run.warningCount > args['max-warnings']) {
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
    .usage('$0 [paths..]\n\nLint observability: spans, trace context, metric cardinality, log correlation and SLO/alert configs.')
    .command(
      '$0 [paths..]',
      'Lint files, directories or globs (default: the current directory)',
      (command) =>
        command
          .positional('paths', { type: 'string', array: true, describe: 'Files, directories or globs' })
          .option('format', { alias: 'f', type: 'string', default: 'pretty', describe: `Output format: ${formatNames.join(', ')}` })
          .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file' })
          .option('config', { alias: 'c', type: 'string', describe: 'Use this configuration file only (no lookup)' })
          .option('rule', { type: 'string', array: true, describe: "Set a rule's severity: id:off|warn|error (repeatable)" })
          .option('max-warnings', { type: 'number', default: -1, describe: 'Exit 1 when there are more warnings than this' })
          .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' })
          .option('types', { type: 'boolean', default: true, describe: 'Use the type checker where a tsconfig is found (--no-types: syntax mode)' })
          .option('project', { alias: 'p', type: 'string', describe: 'The tsconfig to use for typed mode' })
          .option('inline-config', { type: 'boolean', default: true, describe: 'Honour obslint-disable comments (--no-inline-config ignores them)' })
          .option('report-unused-disable-directives', { type: 'boolean', default: false, describe: 'Report disable directives that suppress nothing' })
          .option('color', { type: 'boolean', describe: 'Force colours on or off (default: on for a terminal)' }),
      (args) => guard(() => runLint(args as unknown as LintArguments, io)),
    )
    .command(
      'rules',
      'List every rule: id, family, default severity, whether it uses types, description',
      (command) => command.option('format', { alias: 'f', type: 'string', choices: ['table', 'json'], default: 'table' }),
      (args) =>
        guard(() => {
          io.stdout(rulesTable(allRules, args.format as 'table' | 'json'));
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
      'config <action> [file]',
      'config verify [file]: validate a configuration file against the schema',
      (command) =>
        command
          .positional('action', { type: 'string', choices: ['verify'], demandOption: true })
          .positional('file', { type: 'string', describe: 'The file to verify (default: the configuration that applies here)' }),
      (args) =>
        guard(() => {
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
