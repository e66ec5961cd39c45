import type { AnyRule } from '../rule.js';

const typeUse = { none: 'no', improves: 'improves', required: 'required' } as const;

/** `obslint rules`: every rule's metadata as an aligned table (or JSON). */
export function rulesTable(rules: readonly AnyRule[], format: 'table' | 'json'): string {
  const sorted = [...rules].sort(
    (a, b) => a.meta.family.localeCompare(b.meta.family) || a.meta.id.localeCompare(b.meta.id),
  );
  if (format === 'json') {
    return `${JSON.stringify(
      sorted.map(({ meta }) => ({
        id: meta.id,
        family: meta.family,
        severity: meta.defaultSeverity,
        preset: meta.preset,
        types: meta.types,
        description: meta.description,
      })),
      null,
      2,
    )}\n`;
  }
  const rows = [
    ['RULE', 'FAMILY', 'DEFAULT', 'TYPES', 'DESCRIPTION'],
    ...sorted.map(({ meta }) => [
      meta.id,
      meta.family,
      meta.preset === 'recommended' ? meta.defaultSeverity : `${meta.preset} (${meta.defaultSeverity})`,
      typeUse[meta.types],
      meta.description,
    ]),
  ];
  const widths = [0, 1, 2, 3].map((index) => Math.max(...rows.map((row) => row[index]!.length)));
  return `${rows.map((row) => row.map((cell, index) => (index < 4 ? cell.padEnd(widths[index]!) : cell)).join('  ')).join('\n')}\n`;
}
