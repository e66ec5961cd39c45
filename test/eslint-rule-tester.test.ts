/**
 * RuleTester suites generated from the CLI's rule fixtures: every code file under `fixtures/<rule-id>/` becomes a
 * test case for `obslint/<rule-id>` — valid when it has no annotation, invalid with exactly the annotated findings
 * otherwise — run through ESLint in each way a user can run it:
 *   - espree (ESLint's default parser; JavaScript fixtures only): syntax mode, obslint parses the text itself;
 *   - typescript-eslint's parser without type information: syntax mode;
 *   - typescript-eslint with `projectService`: typed mode, obslint runs on typescript-eslint's own program;
 *   - the same with typescript-eslint's TypeScript pretending to be another version: obslint must not touch that
 *     program and falls back to its own parse (the CLI's syntax mode).
 * A rule or fixture added later is covered without editing this file.
 */
import { afterAll, describe, it } from 'vitest';
import { RuleTester as EslintRuleTester } from 'eslint';
import { RuleTester as TypeScriptRuleTester } from '@typescript-eslint/rule-tester';
import type { Rule } from 'eslint';
import plugin from '../src/eslint/index.js';
import { createPlugin } from '../src/eslint/create-plugin.js';
import { codeFixtures, codeRules, isJavaScript, posix, type CodeFixture } from './helpers/eslint-fixtures.js';
import { fixturesDir } from './helpers/paths.js';
import { relative } from 'node:path';

// Both testers hand their cases to vitest (ESLint's has no `afterAll` hook; typescript-eslint's needs one).
TypeScriptRuleTester.afterAll = afterAll;
for (const Tester of [EslintRuleTester, TypeScriptRuleTester] as const) {
  Tester.describe = describe;
  Tester.it = it;
  Tester.itOnly = it.only;
}

const fixtures = codeFixtures();

/**
 * Known to ESLint so that a fixture's `eslint-disable… obslint/<rule>` comment is a valid directive. The rule under
 * test runs under RuleTester's own name, so ESLint never applies such a comment to it: obslint does (as the CLI
 * does), and ESLint must not call the comment unused.
 */
const base = { plugins: { obslint: plugin }, linterOptions: { reportUnusedDisableDirectives: 'off' as const } };

function testCase(fixture: CodeFixture) {
  return {
    name: fixture.relativePath,
    code: fixture.text,
    filename: fixture.path,
    options: [fixture.options],
    settings: { obslint: fixture.settings },
  };
}

function tests(selected: CodeFixture[]) {
  return {
    valid: selected.filter((fixture) => fixture.expected.length === 0).map(testCase),
    invalid: selected
      .filter((fixture) => fixture.expected.length > 0)
      .map((fixture) => ({
        ...testCase(fixture),
        errors: fixture.expected.map(({ line, column }) => ({ messageId: 'finding', line, column })),
      })),
  };
}

function runAll(
  tester: { run(name: string, rule: any, tests: any): void },
  rules: Record<string, Rule.RuleModule>,
  include: (fixture: CodeFixture) => boolean,
) {
  for (const rule of codeRules) {
    const id = rule.meta.id;
    const selected = fixtures.filter((fixture) => fixture.ruleId === id && include(fixture));
    if (selected.length > 0) tester.run(id, rules[id]!, tests(selected));
  }
}

describe('every code rule has an ESLint rule and fixtures', () => {
  it('is in the plugin', () => {
    const missing = codeRules.map((rule) => rule.meta.id).filter((id) => !plugin.rules[id]);
    if (missing.length > 0) throw new Error(`code rules missing from the plugin: ${missing.join(', ')}`);
  });
});

describe('espree (syntax mode)', () => {
  const tester = new EslintRuleTester({ ...base, languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });
  // The CLI's syntax mode is what espree users get: only the JavaScript fixtures parse with espree.
  runAll(tester, plugin.rules, (fixture) => isJavaScript(fixture.path) && !fixture.typed);
});

describe('typescript-eslint parser without types (syntax mode)', () => {
  const tester = new TypeScriptRuleTester(base);
  runAll(tester, plugin.rules, (fixture) => !fixture.typed);
});

/** Typed linting the way typescript-eslint recommends: the project service, default project for loose files. */
function typedTester(): TypeScriptRuleTester {
  const loose = fixtures
    .filter((fixture) => !fixture.typed)
    .map((fixture) => posix(relative(fixturesDir, fixture.path)));
  return new TypeScriptRuleTester({
    ...base,
    languageOptions: {
      parserOptions: {
        projectService: {
          // Fixtures outside any tsconfig go to the default project; `tsconfigRootDir` stops the tsconfig search
          // at fixtures/, as it does for the CLI (the repository's own tsconfig does not include fixtures).
          allowDefaultProject: loose.length > 0 ? loose : ['__none__.ts'],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: loose.length + 1,
        },
        tsconfigRootDir: fixturesDir,
      },
    },
  });
}

describe('typescript-eslint with projectService (typed mode)', () => {
  runAll(typedTester(), plugin.rules, () => true);
});

describe('typescript-eslint with projectService, TypeScript version mismatch (falls back to syntax mode)', () => {
  const mismatched = createPlugin({ typescriptVersionOf: () => '5.9' });
  // With the program refused, obslint's own parse is the CLI's syntax mode: compare where the CLI is in syntax mode.
  runAll(typedTester(), mismatched.rules, (fixture) => !fixture.typed);
});
