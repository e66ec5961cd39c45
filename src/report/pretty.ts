/**
 * The default terminal format: each finding with its code frame (the reported range underlined), the other
 * locations involved, how to fix it and the rule's docs URL.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { relative, sep } from 'node:path';
import type { FileResult, Finding } from '../findings.js';
import { LineMap } from '../engine/text-positions.js';
import type { FormatContext } from './format-context.js';
import { countFindings, rolesNote, summaryLine } from './summary-line.js';
import { isRoutineSkip, skippedCountText, skippedPath } from './skipped-notes.js';

function codeFrame(chalk: ChalkInstance, lines: LineMap, finding: Finding, paint: ChalkInstance): string[] {
  const { start, end } = finding;
  const width = String(start.line).length;
  const text = lines.lineText(start.line).replace(/\t/g, ' ');
  const lastColumn = end.line === start.line ? Math.max(end.column, start.column + 1) : text.length + 1;
  const underline =
    ' '.repeat(start.column - 1) + '^'.repeat(Math.max(1, Math.min(lastColumn, text.length + 1) - start.column));
  const bar = chalk.blue('|');
  return [
    `${' '.repeat(width)} ${bar}`,
    `${chalk.blue(String(start.line))} ${bar} ${text}`,
    `${' '.repeat(width)} ${bar} ${paint(underline)}`,
  ];
}

export function formatPretty(results: readonly FileResult[], context: FormatContext): string {
  const chalk = new Chalk({ level: context.color ? 1 : 0 });
  const out: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const lines = result.source !== undefined ? new LineMap(result.source) : undefined;
    const shownPath = relative(context.cwd, result.file).split(sep).join('/') || result.file;
    for (const finding of result.findings) {
      const pad = ' '.repeat(String(finding.start.line).length + 1);
      const paint = finding.severity === 'error' ? chalk.red : chalk.yellow;
      const label = finding.severity === 'error' ? 'error' : 'warning';
      out.push(
        `${paint.bold(`${label}[${finding.ruleId ?? (finding.fatal ? 'fatal' : 'obslint')}]`)}${chalk.bold(`: ${finding.message}`)}`,
      );
      out.push(
        `${' '.repeat(Math.max(0, String(finding.start.line).length - 1))}${chalk.blue('-->')} ${shownPath}:${finding.start.line}:${finding.start.column}`,
      );
      if (lines && finding.start.line <= lines.lineCount) out.push(...codeFrame(chalk, lines, finding, paint));
      for (const related of finding.related ?? []) {
        const where = related.file
          ? `${relative(context.cwd, related.file).split(sep).join('/')}:${related.start.line}`
          : `line ${related.start.line}`;
        out.push(`${pad}${chalk.blue('=')} ${chalk.bold('note')}: ${where}: ${related.message}`);
      }
      if (finding.help) out.push(`${pad}${chalk.blue('=')} ${chalk.bold('help')}: ${finding.help}`);
      if (finding.docsUrl) out.push(`${pad}${chalk.blue('=')} ${chalk.bold('docs')}: ${finding.docsUrl}`);
      out.push('');
    }
  }
  for (const skip of context.skipped)
    if (!isRoutineSkip(skip)) out.push(chalk.dim(`note: skipped ${skippedPath(skip, context)}: ${skip.reason}`));
  const skippedCount = skippedCountText(context.skipped);
  if (skippedCount) out.push(chalk.dim(`note: ${skippedCount}`));
  const roles = rolesNote(context.counters, context.presets);
  if (roles) out.push(chalk.dim(`note: ${roles}`));
  const summary = summaryLine(results);
  if (summary) {
    const { errors } = countFindings(results);
    out.push((errors > 0 ? chalk.red : chalk.yellow).bold(summary));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
