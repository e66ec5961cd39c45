/**
 * Every rule's fixtures, checked exactly: each `fixtures/<rule-id>/` directory is linted with only that rule
 * enabled, and the findings must equal the inline annotations — no missing finding, no extra one.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotations, describeFinding } from './helpers/annotations.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';
import { filesUnder, lintRuleFixtures, ruleFixtureDirs as fixtureDirs, ruleIds } from './helpers/rule-fixtures.js';

describe('rule fixtures', () => {
  it('every rule has a fixture directory', () => {
    expect([...ruleIds].filter((id) => !fixtureDirs.includes(id))).toEqual([]);
  });

  for (const ruleId of fixtureDirs) {
    it(`${ruleId}: findings equal the annotations`, () => {
      const dir = join(fixturesDir, ruleId);
      const expected = filesUnder(dir)
        .filter((file) => /\.(?:[cm]?[jt]sx?|ya?ml)$/.test(file))
        .flatMap((file) =>
          parseAnnotations(readFileSync(file, 'utf8')).map((e) => describeFinding(relative(repoRoot, file), e)),
        )
        .sort();
      const run = lintRuleFixtures(ruleId);
      const actual = run.results
        .flatMap((result) =>
          result.findings.map((finding) =>
            describeFinding(relative(repoRoot, result.file), { ...finding.start, ruleId: finding.ruleId }),
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
    });
  }
});
