/** ESLint's JSON formatter shape, so that existing ESLint tooling consumes obslint's output unchanged. */
import type { FileResult } from '../findings.js';

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((result) => {
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
        suppressedMessages: [],
        errorCount,
        fatalErrorCount: result.findings.filter((f) => f.fatal).length,
        warningCount: result.findings.length - errorCount,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      };
    }),
  );
}
