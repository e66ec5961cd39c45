/**
 * One code file through the code rules: the per-file step every front end shares (the CLI engine and the ESLint
 * plugin). Given a parsed file and the rules that apply to it, it runs them in one traversal and collects the
 * file's inline directives; what to do with the findings (positions, suppression, fingerprints) is the caller's.
 */
import type { ts } from '../../compiler.js';
import { FileAnalysis } from '../../analysis/modules/file-analysis.js';
import type { ProjectFacts } from '../../analysis/modules/project.js';
import { runCodeRules, type EnabledCodeRule, type RawFinding } from './run-code-rules.js';
import { codeDirectives } from './code-directives.js';
import type { Directive } from '../../engine/directives.js';
import type { LineMap } from '../../engine/text-positions.js';
import { engineCounters } from '../../run-counters.js';

export interface CodeFileInput {
  /** Absolute path (relative imports and package.json lookups start from it). */
  path: string;
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  /** True when the checker is a real project's (typed mode). */
  typed: boolean;
  /** The first syntax error: the file is reported as unparseable and no rule runs. */
  syntaxError?: { start: number; message: string };
  rules: readonly EnabledCodeRule[];
  project: ProjectFacts;
  /** `settings` of the configuration that applies to the file. */
  settings: Readonly<Record<string, unknown>>;
  /** Collect `obslint-disable…` / `eslint-disable… obslint/…` comments (default true). */
  inlineConfig?: boolean;
  /** Line map of the file's text, for directive positions. */
  lines: LineMap;
  /**
   * Called with the file's analysis before the rules run — also when no rule is enabled, if given (the engine
   * collects metric definitions from every file for the config rules).
   */
  beforeRules?: (analysis: FileAnalysis) => void;
}

export interface CodeFileOutcome {
  raw: RawFinding[];
  directives: Directive[];
  /** The analysis the rules saw; undefined when no rule ran (syntax error, nothing enabled). */
  analysis?: FileAnalysis;
}

export function analyseCodeFile(input: CodeFileInput): CodeFileOutcome {
  if (input.syntaxError) {
    const { start, message } = input.syntaxError;
    return {
      raw: [{ ruleId: null, severity: 'error', start, end: start, fatal: true, message: `Parsing error: ${message}` }],
      directives: [],
    };
  }
  if (input.rules.length === 0 && !input.beforeRules) return { raw: [], directives: [] };
  const analysis = new FileAnalysis(
    input.path,
    input.sourceFile,
    input.checker,
    input.typed,
    input.project,
    input.settings,
  );
  input.beforeRules?.(analysis);
  if (input.rules.length === 0) return { raw: [], directives: [], analysis };
  input.project.counters.add(input.typed ? engineCounters.typedFiles : engineCounters.syntaxFiles);
  const raw = runCodeRules(analysis, input.rules);
  const directives = input.inlineConfig === false ? [] : codeDirectives(input.sourceFile, input.lines);
  return { raw, directives, analysis };
}
