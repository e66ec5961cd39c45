/**
 * What users read, per rule: every fixture file of every rule is linted exactly as test/fixtures.test.ts lints it,
 * and each finding's position, rule id, message, help and related locations are compared with a plain-text file
 * snapshot, test/__snapshots__/fixture-messages/<rule-id>.txt. A wording change shows up there as a reviewable diff;
 * after a deliberate one, run `npx vitest run test/fixture-messages.test.ts -u`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, RelatedLocation } from '../src/findings.js';
import { repoRoot } from './helpers/paths.js';
import { lintRuleFixtures, ruleFixtureDirs } from './helpers/rule-fixtures.js';

const snapshotDir = join(repoRoot, 'test/__snapshots__/fixture-messages');

const repoPath = (path: string) => relative(repoRoot, path).split(sep).join('/');

/** Continuation lines of a multi-line text, indented under their label. */
const indented = (text: string, indent: string) => text.replace(/\r?\n/g, `\n${indent}`);

function relatedLine(finding: Finding, related: RelatedLocation): string {
  const where = related.file && related.file !== finding.file ? `${repoPath(related.file)}:` : '';
  return `    ${where}${related.start.line}:${related.start.column} ${indented(related.message, '      ')}`;
}

function renderFinding(finding: Finding): string[] {
  const lines = [`${finding.start.line}:${finding.start.column} ${finding.ruleId ?? '(fatal)'}`];
  lines.push(`  message: ${indented(finding.message, '    ')}`);
  if (finding.help !== undefined) lines.push(`  help: ${indented(finding.help, '    ')}`);
  if (finding.related?.length) {
    lines.push('  related:');
    for (const related of finding.related) lines.push(relatedLine(finding, related));
  }
  return lines;
}

function renderRule(ruleId: string): string {
  const run = lintRuleFixtures(ruleId);
  const out = [`# ${ruleId}: messages of the findings in fixtures/${ruleId}/`];
  for (const result of [...run.results].sort((a, b) => (repoPath(a.file) < repoPath(b.file) ? -1 : 1))) {
    out.push('', `## ${repoPath(result.file)}`);
    if (result.findings.length === 0) out.push('(no findings)');
    result.findings.forEach((finding, index) => {
      if (index > 0) out.push('');
      out.push(...renderFinding(finding));
    });
  }
  return `${out.join('\n')}\n`;
}

describe('fixture messages', () => {
  for (const ruleId of ruleFixtureDirs) {
    it(`${ruleId}: messages match the snapshot`, async () => {
      await expect(renderRule(ruleId)).toMatchFileSnapshot(join(snapshotDir, `${ruleId}.txt`));
    });
  }

  it('every snapshot belongs to a rule with fixtures', () => {
    const snapshots = existsSync(snapshotDir) ? readdirSync(snapshotDir) : [];
    expect(snapshots.filter((name) => !ruleFixtureDirs.includes(name.replace(/\.txt$/, '')))).toEqual([]);
  });
});
