/**
 * `npm run new-rule` end to end, in a scratch copy of the repository: the scaffold of a code rule and of a config
 * rule is registered by the generator, type-checks, passes its own fixtures exactly and its docs examples, and bad
 * ids are refused. The real tree is left as it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { lintSync } from '../src/engine/lint.js';
import type { AnyRule } from '../src/rule.js';
import { describeFinding, parseAnnotations } from './helpers/annotations.js';
import { exampleProblems, lintExample, parseDocsExamples } from './helpers/docs-examples.js';
import { repoRoot } from './helpers/paths.js';
import { removeRepoCopies, repoCopy } from './helpers/repo-copy.js';

const newRule = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts/new-rule.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_kind: '', npm_config_family: '' },
  });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The state of what the scaffolder and the generator write to in the real tree: `git status` and file lists. */
function realTreeState(): string {
  const status = execFileSync(
    'git',
    ['status', '--porcelain', '--untracked-files=all', '--', 'rules', 'docs', 'fixtures', 'schemas', 'README.md'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  return [
    status,
    ...['rules', 'docs/rules', 'fixtures'].map((dir) => readdirSync(join(repoRoot, dir)).sort().join(' ')),
  ].join('\n');
}

let root: string;
let before: string;

beforeAll(() => {
  before = realTreeState();
  root = repoCopy();
});
afterAll(removeRepoCopies);

describe('npm run new-rule', () => {
  const cases = [
    {
      id: 'scaffolded-code-rule',
      args: ['--family', 'metrics'],
      kind: 'code',
      family: 'metrics',
      fixtures: ['placeholder.ts', 'traps.ts'],
    },
    {
      id: 'scaffolded-config-rule',
      args: ['--kind', 'config'],
      kind: 'config',
      family: 'config',
      fixtures: ['placeholder.yaml', 'traps.yaml'],
    },
  ] as const;

  for (const { id, args, kind, family, fixtures } of cases) {
    describe(`a ${kind} rule`, () => {
      let rule: AnyRule;

      it('writes the rule, its docs page and fixtures, and regenerates the registry, docs header, README and schema', async () => {
        const run = newRule(root, id, ...args);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(readdirSync(join(root, 'fixtures', id)).sort()).toEqual(fixtures);

        const source = readFileSync(join(root, 'rules', `${id}.ts`), 'utf8');
        expect(source).toMatch(/^const messages = \{$[^]*^\} as const;$/m);
        expect(source).toContain('TODO_replace_me');
        // Written in the project's style: CI's format check passes on a fresh scaffold.
        const prettier = join(root, 'node_modules/prettier/bin/prettier.cjs');
        expect(
          spawnSync(process.execPath, [prettier, '--check', join('rules', `${id}.ts`)], { cwd: root, encoding: 'utf8' })
            .status,
        ).toBe(0);
        expect(readFileSync(join(root, 'rules/index.ts'), 'utf8')).toContain(`from './${id}.js';`);
        expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
          `[\`${id}\`](docs/rules/${id}.md) | ${family} |`,
        );
        expect(
          JSON.parse(readFileSync(join(root, 'schemas/obslint.config.schema.json'), 'utf8')).properties.rules
            .properties,
        ).toHaveProperty(id);
        const page = readFileSync(join(root, 'docs/rules', `${id}.md`), 'utf8');
        expect(page.startsWith(`# ${id}\n`)).toBe(true);
        expect(page).toContain(
          `| ${family} | warn | \`strict\` (opt-in) | ${kind === 'code' ? 'service code' : 'every rule and SLO file'} | no |`,
        );
        expect(page).toMatch(/### ❌ Incorrect\n[^]*```/);
        expect(page).toMatch(/### ✅ Correct\n[^]*```/);
        expect(
          spawnSync(process.execPath, [join(root, 'scripts/generate.js'), '--check'], { cwd: root, encoding: 'utf8' })
            .status,
        ).toBe(0);

        rule = ((await import(join(root, 'rules', `${id}.ts`))) as { default: AnyRule }).default;
        expect(rule.kind).toBe(kind);
        expect(rule.meta).toMatchObject({
          id,
          family,
          defaultSeverity: 'warn',
          preset: 'strict',
          types: 'none',
          defaultOptions: {},
        });
        // The same fields as every existing rule's metadata.
        expect(Object.keys(rule.meta).sort()).toEqual(Object.keys(allRules[0]!.meta).sort());
        expect(rule.meta.description.length).toBeGreaterThan(20);
        expect(rule.meta.rationale.length).toBeGreaterThan(20);
      });

      it('passes its own fixtures exactly', () => {
        const dir = join(root, 'fixtures', id);
        const expected = filesUnder(dir)
          .flatMap((file) =>
            parseAnnotations(readFileSync(file, 'utf8')).map((e) => describeFinding(relative(root, file), e)),
          )
          .sort();
        expect(expected).toHaveLength(1);
        const run = lintSync({ cwd: root, paths: [dir], onlyRules: [id], rules: [...allRules, rule] });
        const actual = run.results
          .flatMap((result) =>
            result.findings.map((finding) =>
              describeFinding(relative(root, result.file), { ...finding.start, ruleId: finding.ruleId }),
            ),
          )
          .sort();
        expect(actual).toEqual(expected);
      });

      it('passes its docs-example test', () => {
        const { examples, errors } = parseDocsExamples(readFileSync(join(root, 'docs/rules', `${id}.md`), 'utf8'));
        expect(errors).toEqual([]);
        expect(examples.map((example) => example.kind)).toEqual(['incorrect', 'correct']);
        examples.forEach((example, index) => {
          const result = lintExample(id, example, [], join(root, 'examples', id, String(index)), [...allRules, rule]);
          expect(exampleProblems(id, example, result), `${example.heading}`).toEqual([]);
        });
      });
    });
  }

  it('the scaffolded rules type-check', () => {
    const { compilerOptions } = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>;
    };
    const { rootDir: _rootDir, outDir: _outDir, declaration: _declaration, ...options } = compilerOptions;
    writeFileSync(
      join(root, 'tsconfig.scaffold.json'),
      JSON.stringify({ compilerOptions: { ...options, noEmit: true }, files: cases.map(({ id }) => `rules/${id}.ts`) }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.scaffold.json'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it.each([
    [
      'an existing id',
      ['require-span-end'],
      "rule 'require-span-end' already exists (rules/require-span-end.ts, docs/rules/require-span-end.md)",
    ],
    ['an id the scaffolder just created', ['scaffolded-code-rule'], "rule 'scaffolded-code-rule' already exists"],
    ['a malformed id', ['Require_Span'], "'Require_Span' is not a valid rule id"],
    ['an id with a trailing hyphen', ['span-'], "'span-' is not a valid rule id"],
    ['the registry file', ['index'], "'index' is reserved"],
    ['no id', [], 'a rule id is required'],
    ['two ids', ['one-rule', 'another-rule'], 'one rule id expected'],
    ['an unknown kind', ['some-rule', '--kind', 'sql'], "unknown kind 'sql'"],
    ['an unknown family', ['some-rule', '--family', 'traces'], "unknown family 'traces'"],
    [
      'a config rule outside the config family',
      ['some-rule', '--kind', 'config', '--family', 'spans'],
      'config rules belong to the config family',
    ],
    [
      'a code rule in the config family',
      ['some-rule', '--kind', 'code', '--family', 'config'],
      'the config family is for config rules',
    ],
  ])('refuses %s (exit 2) and writes nothing', (_name, args, message) => {
    const files = () =>
      ['rules', 'docs/rules', 'fixtures'].map((dir) => readdirSync(join(root, dir)).sort().join(' ')).join('\n');
    const listed = files();
    const run = newRule(root, ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('usage: npm run new-rule');
    expect(files()).toBe(listed);
    expect(existsSync(join(root, 'rules/some-rule.ts'))).toBe(false);
  });

  it('leaves the real tree unchanged', () => {
    expect(realTreeState()).toBe(before);
  });
});
