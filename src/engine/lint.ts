/**
 * One run, phase by phase: configuration (run-state.ts) → discovery → code files (typed groups, then syntax
 * batches) → config files → file results (positions, directives, fingerprints) → a sorted, deterministic summary.
 * Each phase is a function in `phases/`; this module only orders them.
 */
import type { AnyRule, RulePreset } from '../rule.js';
import type { LintSummary } from '../findings.js';
import type { ResolverOptions } from '../config/resolve.js';
import type { MetricCatalog } from '../analysis/metrics/catalog.js';
import type { FileRole } from '../analysis/modules/file-role.js';
import { discover } from './discover.js';
import { RunState } from './run-state.js';
import { lintTypedGroups } from './phases/typed-groups.js';
import { lintSyntaxBatches } from './phases/syntax-batches.js';
import { lintConfigFiles } from './phases/config-files.js';
import { fileResults } from './phases/file-results.js';
import { countFindings } from './phases/summary.js';

export interface LintOptions {
  /** Working directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Files, directories or globs (default: the working directory). */
  paths?: string[];
  /** Use only this configuration file (no lookup). */
  configFile?: string;
  /** `--rule` settings, applied over every configuration file. */
  ruleOverrides?: ResolverOptions['ruleOverrides'];
  /** Roles every rule also reports on (`--lint-roles`), besides the configuration's `lintRoles`. */
  lintRoles?: FileRole[];
  /** Only these rules run (tests, parity checks). */
  onlyRules?: string[];
  /** `false` forces syntax mode even where a tsconfig exists. */
  types?: boolean;
  /** A tsconfig to use for every file (typed mode). */
  project?: string;
  /** `false` ignores inline directives (`--no-inline-config`). */
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
  /** Progress callback (the CLI shows it on a TTY). */
  onProgress?: (done: number, total: number) => void;
  /** Build the metric catalog even without config files (`obslint metrics`). */
  collectMetrics?: boolean;
  /** Rules to use instead of the built-in registry (tests). */
  rules?: readonly AnyRule[];
}

export interface LintRun extends LintSummary {
  /** The metrics the linted code defines (collected when the run includes config files or `collectMetrics`). */
  metrics?: MetricCatalog;
  /** Non-fatal configuration warnings (unknown keys). */
  warnings: string[];
  rules: readonly AnyRule[];
  cwd: string;
  /** The presets the working directory's configuration starts from (`recommended` unless it says otherwise). */
  presets: readonly RulePreset[];
  /** What was examined (files by mode, config objects by kind, family counters such as `spans.started`). */
  counters: Record<string, number>;
  /** Every file linted, in path order, with its role (`config` for YAML; absent for code that could not be parsed). */
  linted: LintedFile[];
}

export interface LintedFile {
  file: string;
  role?: FileRole | 'config';
}

export function lintSync(options: LintOptions = {}): LintRun {
  const run = new RunState(options);
  const rootSettings = run.rootSettings();
  const { files, skipped } = discover(options.paths?.length ? options.paths : ['.'], {
    cwd: run.cwd,
    isIgnoredByConfig: (file) => run.resolver.isIgnored(file),
    maxFileSize: typeof rootSettings.maxFileSize === 'number' ? rootSettings.maxFileSize : undefined,
  });
  run.addFiles(files);

  const codePaths = files.filter((file) => file.kind === 'code').map((file) => file.path);
  const syntaxPaths = options.types === false ? codePaths : lintTypedGroups(run, codePaths);
  lintSyntaxBatches(run, syntaxPaths);
  lintConfigFiles(
    run,
    files.filter((file) => file.kind === 'config'),
  );

  const results = fileResults(run);
  return {
    results,
    ...countFindings(results),
    skipped,
    warnings: run.resolver.warnings,
    rules: run.rules,
    cwd: run.cwd,
    counters: run.project.counters.toJSON(),
    linted: files.map((file) => ({
      file: file.path,
      role: file.kind === 'config' ? ('config' as const) : run.roles.get(file.path),
    })),
    presets: run.rootPresets(),
    metrics: run.catalog,
  };
}

/** The Node API: lint files and return per-file results. */
export async function lint(options: LintOptions = {}): Promise<LintRun> {
  return lintSync(options);
}
