/** ESLint's `stylish` layout: one block per file, `line:col  severity  message  rule`. */
import { Chalk } from 'chalk';
import type { FileResult } from '../findings.js';
import type { FormatContext } from './format-context.js';
import { countFindings, summaryLine } from './summary-line.js';
import { skippedCountText } from './skipped-notes.js';

export function formatStylish(results: readonly FileResult[], context: FormatContext): string {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const lines: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    lines.push('', chalk.underline(result.file));
    const rows = result.findings.map((finding) => [
      `${finding.start.line}:${finding.start.column}`,
      finding.severity === 'error' ? 'error' : 'warning',
      finding.message.replace(/\s*\n\s*/g, ' '),
      finding.ruleId ?? '',
    ]);
    const width = (index: number) => Math.max(...rows.map((row) => row[index]!.length));
    const [w0, w1] = [width(0), width(1)];
    for (const [position, severity, message, rule] of rows) {
      const paint = severity === 'error' ? chalk.red : chalk.yellow;
      lines.push(
        `  ${chalk.dim(position!.padEnd(w0))}  ${paint(severity!.padEnd(w1))}  ${message}  ${chalk.dim(rule)}`,
      );
    }
  }
  const summary = summaryLine(results);
  if (summary) {
    const { errors } = countFindings(results);
    lines.push('', (errors > 0 ? chalk.red : chalk.yellow).bold(summary), '');
  }
  const skipped = skippedCountText(context.skipped);
  if (skipped) lines.push(...(summary ? [] : ['']), chalk.dim(skipped), '');
  return lines.join('\n');
}
