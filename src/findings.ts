/** What a finding is: the one shape every front end (CLI, Node API, ESLint, Action) reports. */

export type Severity = 'warn' | 'error';
export type SeveritySetting = Severity | 'off';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column (ESLint's convention for output). */
  column: number;
}

export interface RelatedLocation {
  /** Absolute path; the finding's own file when omitted. */
  file?: string;
  start: Position;
  end: Position;
  message: string;
}

export interface Finding {
  /** `null` for parse failures and internal errors (ESLint's `fatal` messages). */
  ruleId: string | null;
  severity: Severity;
  /** Absolute path of the file. */
  file: string;
  start: Position;
  end: Position;
  /** What is wrong and why it matters in production. */
  message: string;
  /** How to fix it. */
  help?: string;
  docsUrl?: string;
  /** Stable under line shifts: rule + path + normalised source text + occurrence index. */
  fingerprint: string;
  related?: RelatedLocation[];
  /** True for a file that could not be analysed at all (unparseable, unreadable, internal error). */
  fatal?: boolean;
  /** True for an obslint bug (a rule threw): the run exits 2. */
  internal?: boolean;
  /** The evidence is weak (only a name): reported because the rule's options asked for such guesses. */
  doubtful?: boolean;
}

export interface FileResult {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  /** Source text, kept for code frames; absent for files that could not be read. */
  source?: string;
  /** Directives that suppressed nothing (reported only with --report-unused-disable-directives). */
  notes?: string[];
}

export interface LintSummary {
  results: FileResult[];
  errorCount: number;
  warningCount: number;
  fatalCount: number;
  /** Findings that are obslint bugs (exit code 2). */
  internalErrorCount: number;
  /** What discovery did not lint, with the reason (too large, binary, ignored, build output, …). */
  skipped: SkippedPath[];
}

/** A file or folder discovery did not lint, and why. */
export interface SkippedPath {
  /** Absolute path. */
  file: string;
  /** Why, in words: "ignored by .gitignore", "build output (a tsconfig outDir)", "binary content", … */
  reason: string;
  /** A folder: nothing in it was linted (except YAML config files in build output, see discover.ts). */
  directory?: boolean;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.start.line - b.start.line ||
    a.start.column - b.start.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}
