import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyRule } from '../rule.js';
import { UsageError } from '../config/errors.js';
import { configFileNames } from '../config/resolve.js';
import { writeFileAtomically } from '../util/write-file-atomically.js';

/**
 * `obslint init`: writes a commented starter `obslint.config.yaml` listing every rule at its default, so a team
 * can see what runs and tune it. Never overwrites an existing configuration.
 */
export function initConfig(rules: readonly AnyRule[], cwd: string): string {
  const existing = configFileNames.map((name) => join(cwd, name)).find((path) => existsSync(path));
  if (existing) throw new UsageError(`a configuration already exists: ${existing}`);
  const byFamily = new Map<string, AnyRule[]>();
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    byFamily.set(rule.meta.family, [...(byFamily.get(rule.meta.family) ?? []), rule]);
  }
  const lines = [
    '# obslint configuration — schema: https://github.com/obslint/obslint/blob/main/schemas/obslint.config.schema.json',
    '# Severities: off | warn | error; options as [severity, { … }]. `obslint explain <rule>` documents each rule.',
    'root: true',
    '',
    'rules:',
  ];
  for (const [family, members] of [...byFamily].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  # ${family}`);
    for (const rule of members) {
      const severity = rule.meta.preset === 'recommended' ? rule.meta.defaultSeverity : 'off';
      lines.push(
        `  ${rule.meta.id}: ${severity}${rule.meta.preset === 'recommended' ? '' : `  # in the ${rule.meta.preset} preset, not recommended; default severity when enabled: ${rule.meta.defaultSeverity}`}`,
      );
    }
  }
  lines.push(
    '',
    '# Files and folders not to lint (globs relative to this file).',
    'ignores: []',
    '',
    '# Per-path settings, e.g. quieter rules in tests:',
    '# overrides:',
    "#   - files: ['test/**']",
    '#     rules: { require-span-end: off }',
    '',
  );
  const path = join(cwd, 'obslint.config.yaml');
  writeFileAtomically(path, lines.join('\n'), cwd);
  return `wrote ${path}\n`;
}
