/**
 * Parity: real ESLint (the Node API, a flat config built on `obslint.configs.recommended`) over `fixtures/` reports
 * exactly the code findings the CLI reports over `fixtures/` — rule, severity, line and column. The ESLint config
 * mirrors what the CLI does with the same tree: typescript-eslint parses TypeScript, files a tsconfig includes are
 * linted with type information (`projectService`), and the fixtures' own `obslint.config.*` files become per-file
 * ESLint rule settings. Every code rule and fixture, present or future, is covered.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import obslint from '../src/eslint/index.js';
import { lintSync } from '../src/engine/lint.js';
import type { Finding } from '../src/findings.js';
import { allRules } from '../rules/index.js';
import { ConfigResolver } from '../src/config/resolve.js';
import { codeRules, discoverCode, posix } from './helpers/eslint-fixtures.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const codeRuleIds = new Set(codeRules.map((rule) => rule.meta.id));
const describeEntry = (file: string, line: number, column: number, ruleId: string, severity: string) =>
  `${file}:${line}:${column} ${ruleId} (${severity})`;

/** The ESLint configuration a user would write to get what the CLI does on this tree. */
function eslintConfig(files: { path: string }[], typed: Set<string>, resolver: ConfigResolver): Linter.Config[] {
  const config: Linter.Config[] = [
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
    { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    obslint.configs.recommended,
  ];
  if (typed.size > 0) {
    config.push({
      files: [...typed].map((path) => posix(relative(repoRoot, path))),
      languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: repoRoot } },
    });
  }
  // obslint configuration files → per-file ESLint settings (only where one applies: elsewhere `recommended` holds).
  for (const { path } of files) {
    const effective = resolver.forFile(path);
    if (effective.files.length === 0) continue;
    const rules: Linter.RulesRecord = {};
    for (const id of codeRuleIds) {
      const setting = effective.rules.get(id);
      rules[`obslint/${id}`] = setting ? [setting.severity, setting.options] : 'off';
    }
    config.push({ files: [posix(relative(repoRoot, path))], rules, settings: { obslint: effective.settings } });
  }
  return config;
}

describe('ESLint parity with the CLI', () => {
  it('reports exactly the CLI findings over fixtures/', async () => {
    const resolver = new ConfigResolver({ rules: allRules });
    const { files, typed } = discoverCode([fixturesDir], resolver);

    const cli = lintSync({ cwd: repoRoot, paths: ['fixtures'] });
    // One severity story: every finding has its rule's configured severity in both front ends.
    const severityInEslint = (_file: string, finding: Finding) => finding.severity;
    const expected = cli.results
      .flatMap((result) =>
        result.findings
          .filter((finding) => finding.ruleId !== null && codeRuleIds.has(finding.ruleId))
          .map((finding) =>
            describeEntry(
              posix(relative(repoRoot, result.file)),
              finding.start.line,
              finding.start.column,
              finding.ruleId!,
              severityInEslint(result.file, finding),
            ),
          ),
      )
      .sort();

    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: eslintConfig(files, typed, resolver),
    });
    const results = await eslint.lintFiles(files.map((file) => file.path));
    // A file the CLI cannot parse must not parse in ESLint either (the messages differ: each parser has its own).
    const unparseable = (findings: { fatal?: boolean; ruleId: string | null }[]) =>
      findings.some((finding) => finding.fatal && !finding.ruleId);
    const cliUnparseable = cli.results
      .filter((result) => unparseable(result.findings))
      .map((result) => result.file)
      .sort();
    const eslintUnparseable = results
      .filter((result) => unparseable(result.messages))
      .map((result) => result.filePath)
      .sort();
    expect(eslintUnparseable).toEqual(cliUnparseable);
    const actual = results
      .flatMap((result) =>
        result.messages
          .filter((message) => message.ruleId)
          .map((message) =>
            describeEntry(
              posix(relative(repoRoot, result.filePath)),
              message.line,
              message.column,
              message.ruleId!.replace(/^obslint\//, ''),
              message.severity === 2 ? 'error' : 'warn',
            ),
          ),
      )
      .sort();

    expect(results.length).toBe(files.length);
    expect(expected.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
  });
});
