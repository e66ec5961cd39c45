/**
 * The rule fixtures as the engine lints them: each `fixtures/<rule-id>/` directory is linted with only that rule
 * enabled (at its default severity, options from any `obslint.config.*` next to the fixture), from the repository
 * root. Shared by the annotation test (test/fixtures.test.ts) and the message snapshots (test/fixture-messages.test.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lintSync, type LintRun } from '../../src/engine/lint.js';
import { allRules } from '../../rules/index.js';
import { fixturesDir, repoRoot } from './paths.js';

/** Every file under `directory`, recursively, sorted. */
export function filesUnder(directory: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out.sort();
}

export const ruleIds = new Set(allRules.map((rule) => rule.meta.id));

/** The rule ids that have a `fixtures/<rule-id>/` directory (other fixture folders, e.g. the demo, are not rules'). */
export const ruleFixtureDirs = readdirSync(fixturesDir)
  .filter((name) => ruleIds.has(name))
  .sort();

/** Lints `fixtures/<ruleId>/` with only that rule enabled. */
export function lintRuleFixtures(ruleId: string): LintRun {
  return lintSync({ cwd: repoRoot, paths: [join(fixturesDir, ruleId)], onlyRules: [ruleId] });
}
