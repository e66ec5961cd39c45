import { readFileSync } from 'node:fs';
import { packagePath } from '../util/package-root.js';
import type { AnyRule } from '../rule.js';
import { UsageError } from '../config/errors.js';
import { closestName } from '../util/closest-name.js';

const docsDirectory = `${packagePath('docs', 'rules')}/`;

/** `obslint explain <rule>`: the rule's docs page, without the HTML comment markers. */
export function explainRule(rules: readonly AnyRule[], id: string): string {
  const bare = id.replace(/^obslint\//, '');
  const rule = rules.find((candidate) => candidate.meta.id === bare);
  if (!rule) {
    const hint = closestName(
      bare,
      rules.map((r) => r.meta.id),
    );
    throw new UsageError(
      `unknown rule '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}; run 'obslint rules' for the list`,
    );
  }
  let page: string;
  try {
    page = readFileSync(`${docsDirectory}${bare}.md`, 'utf8');
  } catch {
    page = `# ${bare}\n\n${rule.meta.description}\n\n${rule.meta.rationale}\n`;
  }
  return `${page
    .replace(/<!--[^]*?-->\n?/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
