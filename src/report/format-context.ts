import type { AnyRule, RulePreset } from '../rule.js';
import type { SkippedPath } from '../findings.js';

/** What the CI gate did to the run's findings, for the job summary. */
export interface GateNote {
  /** Findings absorbed by the suppressions file (baseline). */
  suppressed: number;
  /** Findings hidden because they are not on lines changed since `since` (diff mode). */
  outsideDiff: number;
  /** The reference diff mode compared against (`--new-from-rev`, `--new-from-merge-base`) or the patch file. */
  since?: string;
  /** Hidden findings (baseline or diff) per rule id (`''` for findings without a rule), for health figures. */
  hiddenByRule: Record<string, number>;
  /** The suppressions file that was applied, relative to the working directory. */
  suppressionsFile?: string;
}

export interface FormatContext {
  /** Paths are shown relative to this directory. */
  cwd: string;
  rules: readonly AnyRule[];
  color: boolean;
  /** Files and folders discovery did not lint, with the reason. */
  skipped: readonly SkippedPath[];
  /**
   * The repository root (git top level): SARIF URIs and annotation paths are relative to it, because GitHub
   * resolves them from the repository root whatever directory obslint ran in. `cwd` when absent.
   */
  repositoryRoot?: string;
  /** The run's counters (`LintRun.counters`): files by mode, config objects by kind, `spans.started`, … */
  counters?: Readonly<Record<string, number>>;
  /** The presets the run's rules started from (`recommended` unless the configuration says otherwise). */
  presets?: readonly RulePreset[];
  /** Baseline and diff-mode effects, when the CI gate applied them. */
  gate?: GateNote;
}
