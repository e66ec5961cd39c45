import { engineCounters } from '../run-counters.js';
import type { FileResult } from '../findings.js';

export function countFindings(results: readonly FileResult[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const result of results)
    for (const finding of result.findings) finding.severity === 'error' ? errors++ : warnings++;
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

/**
 * "412 code files: 380 service, 30 test, 2 example; preset recommended; code rules report on service code by
 * default (…)", or an empty string when every code file is service code and the preset is the default one.
 */
export function rolesNote(
  counters: Readonly<Record<string, number>> | undefined,
  presets: readonly string[] = ['recommended'],
): string {
  const byRole = Object.entries(counters ?? {})
    .filter(([name]) => name.startsWith(engineCounters.rolePrefix))
    .map(([name, count]) => [name.slice(engineCounters.rolePrefix.length), count] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const defaultPresets = presets.length === 1 && presets[0] === 'recommended';
  if (byRole.every(([role]) => role === 'service') && defaultPresets) return '';
  const total = byRole.reduce((sum, [, count]) => sum + count, 0);
  const parts = byRole.map(([role, count]) => `${count} ${role}`).join(', ');
  const preset = `preset${presets.length === 1 ? '' : 's'} ${presets.join(' + ') || '(none)'}`;
  return (
    `${plural(total, 'code file')}${parts ? `: ${parts}` : ''}; ${preset}; code rules report on service code by default ` +
    '(`lintRoles` in the configuration, or --lint-roles, adds other roles)'
  );
}
