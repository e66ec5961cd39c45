/** Every YAML fixture of the config rules, linted with only its rule: findings must match the annotations exactly. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  configRules as registeredConfigRules,
  expectedFindings,
  filesUnder,
  loadRule,
  readInputs,
  runRules,
} from './config-harness.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const codeFile = /\.(?:[cm]?[jt]sx?)$/;
/**
 * Config rules whose fixtures include code compare configuration with that code (no-undefined-metrics): only the
 * engine can give them the code's facts, so test/fixtures.test.ts checks them. Every other config rule is run here
 * directly on its YAML.
 */
const readsCode = (id: string) =>
  existsSync(join(repoRoot, 'fixtures', id)) &&
  filesUnder(join(repoRoot, 'fixtures', id)).some((path) => codeFile.test(path));
const configRules = Object.keys(registeredConfigRules).filter((id) => !readsCode(id));

describe('config rule fixtures', () => {
  it('leaves to fixtures.test.ts only config rules whose fixtures pair YAML with code', () => {
    expect(configRules.length).toBeGreaterThan(0);
    for (const id of Object.keys(registeredConfigRules).filter(readsCode)) {
      expect(
        filesUnder(join(repoRoot, 'fixtures', id)).some((path) => /\.ya?ml$/.test(path)),
        id,
      ).toBe(true);
    }
  });

  for (const id of configRules) {
    const directory = join(repoRoot, 'fixtures', id);
    it(`${id} has fixtures`, () => {
      expect(existsSync(directory) && readdirSync(directory).some((name) => /\.ya?ml$/.test(name))).toBe(true);
    });
    if (!existsSync(directory)) continue;
    it(`${id}: findings match the annotations exactly`, async () => {
      const rule = await loadRule(id);
      const inputs = readInputs(filesUnder(directory).filter((path) => /\.ya?ml$/.test(path)));
      // All files of the folder form one project, so cross-file rules (references, duplicates) see each other.
      const { findings } = runRules([{ id, rule }], inputs);
      const actual = findings
        .map(
          (finding) =>
            `${finding.file.slice(directory.length + 1)}:${finding.line}:${finding.column} ${finding.ruleId}`,
        )
        .sort();
      const expected = inputs
        .flatMap((input) =>
          expectedFindings(input.text).map(
            (entry) => `${input.path.slice(directory.length + 1)}:${entry.line}:${entry.column} ${entry.ruleId}`,
          ),
        )
        .sort();
      expect(actual).toEqual(expected);
      for (const finding of findings) {
        expect(finding.message.length).toBeGreaterThan(30);
        expect(finding.help?.length ?? 0).toBeGreaterThan(5);
      }
    });
  }
});
