/** The run's totals, as the CLI's exit code and summary line read them. */
import type { FileResult, LintSummary } from '../../findings.js';

export function countFindings(results: FileResult[]): Omit<LintSummary, 'results' | 'skipped'> {
  let errorCount = 0;
  let warningCount = 0;
  let fatalCount = 0;
  let internalErrorCount = 0;
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.severity === 'error') errorCount++;
      else warningCount++;
      if (finding.fatal) fatalCount++;
      if (finding.internal) internalErrorCount++;
    }
  }
  return { errorCount, warningCount, fatalCount, internalErrorCount };
}
