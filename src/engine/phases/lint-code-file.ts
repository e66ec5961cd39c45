/**
 * One parsed code file through its enabled rules (and, when the run builds one, into the metric catalog). A file
 * nested too deeply for the analysis becomes one whole-file finding instead of a crash that loses the run.
 */
import type { ts } from '../../compiler.js';
import type { DiscoveredFile } from '../discover.js';
import { LineMap } from '../text-positions.js';
import { analyseCodeFile } from '../../languages/typescript/analyse-file.js';
import { isStackOverflow, tooDeeplyNested } from '../../languages/typescript/run-code-rules.js';
import { collectMetricDefinitions } from '../../analysis/metrics/definitions.js';
import type { RunState } from '../run-state.js';
import { engineCounters } from '../../run-counters.js';

export interface ParsedCodeFile {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  /** True when the checker is a real project's (typed mode). */
  typed: boolean;
  syntaxError?: { start: number; message: string };
}

export function lintCodeFile(run: RunState, file: DiscoveredFile, parsed: ParsedCodeFile): void {
  const lines = new LineMap(file.text);
  const catalog = run.catalog;
  const role = run.roleOf(file);
  run.project.counters.add(`${engineCounters.rolePrefix}${role}`);
  const rules = run.enabledCodeRules(file.path, role);
  // A file that no rule lints (a test, when tests are not linted) is not reported as unparseable either: a
  // deliberately broken fixture must not fail the gate.
  if (parsed.syntaxError && rules.length === 0) {
    run.states.set(file.path, { file, lines, raw: [], directives: [] });
    return;
  }
  try {
    const { raw, directives } = analyseCodeFile({
      path: file.path,
      ...parsed,
      rules: parsed.syntaxError ? [] : rules,
      project: run.project,
      settings: run.resolver.forFile(file.path).settings,
      inlineConfig: run.options.inlineConfig,
      lines,
      beforeRules: catalog ? (analysis) => collectMetricDefinitions(analysis, catalog) : undefined,
    });
    run.states.set(file.path, { file, lines, raw, directives });
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    run.states.set(file.path, { file, lines, raw: [tooDeeplyNested('the analysis ran out of stack')], directives: [] });
  }
}
