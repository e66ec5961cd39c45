import type { FileResult } from '../findings.js';

export function countFindings(results: readonly FileResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const result of results) for (const finding of result.findings) finding.severity === 'error' ? errors++ : warnings++;
  return { errors, warnings };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "✖ 3 problems (2 errors, 1 warning)", or an empty string when there is nothing to say. */
export function summaryLine(results: readonly FileResult[]): string {
  const { errors, warnings } = countFindings(results);
  const total = errors + warnings;
  if (total === 0) return '';
  return `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
}
