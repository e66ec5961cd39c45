/**
 * ESLint's JSON formatter shape, so that existing ESLint tooling consumes obslint's output unchanged. What was not
 * linted follows as entries without messages and with a `skipped` field (the reason, and whether it is a folder):
 * ESLint tools see clean entries, obslint-aware tools see why ([schemas/obslint-report.schema.json]).
 */
import type { FileResult, SkippedPath } from '../findings.js';
import type { FormatContext } from './format-context.js';

const noCounts = {
  suppressedMessages: [],
  errorCount: 0,
  fatalErrorCount: 0,
  warningCount: 0,
  fixableErrorCount: 0,
  fixableWarningCount: 0,
  usedDeprecatedRules: [],
};

function skippedEntry(skip: SkippedPath) {
  return {
    filePath: skip.file,
    messages: [],
    ...noCounts,
    skipped: { reason: skip.reason, ...(skip.directory ? { directory: true } : {}) },
  };
}

export function formatJson(results: readonly FileResult[], context?: Pick<FormatContext, 'skipped'>): string {
  return JSON.stringify([
    ...results.map((result) => {
      const errorCount = result.findings.filter((f) => f.severity === 'error').length;
      return {
        filePath: result.file,
        messages: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          severity: finding.severity === 'error' ? 2 : 1,
          ...(finding.fatal ? { fatal: true } : {}),
          message: finding.help ? `${finding.message} ${finding.help}` : finding.message,
          line: finding.start.line,
          column: finding.start.column,
          endLine: finding.end.line,
          endColumn: finding.end.column,
        })),
        ...noCounts,
        errorCount,
        fatalErrorCount: result.findings.filter((f) => f.fatal).length,
        warningCount: result.findings.length - errorCount,
      };
    }),
    ...(context?.skipped ?? []).map(skippedEntry),
  ]);
}
