/**
 * The `obslint/eslint` package entry: plugin shape, rule metadata generated from obslint's rule metadata, configs,
 * and what a user does — `import` or `require` it from an `eslint.config.*` file and run ESLint.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../src/eslint/index.js';
import { allRules } from '../rules/index.js';
import { docsUrl } from '../src/rule.js';
import { codeRules } from './helpers/eslint-fixtures.js';
import { repoRoot } from './helpers/paths.js';

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
};

describe('plugin shape', () => {
  it('has meta with name, version and namespace', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'obslint' });
  });

  it('has exactly one ESLint rule per code rule (config rules stay with the CLI)', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(codeRules.map((rule) => rule.meta.id).sort());
    const configRules = allRules.filter((rule) => rule.kind === 'config').map((rule) => rule.meta.id);
    for (const id of configRules) expect(plugin.rules[id]).toBeUndefined();
  });

  it('generates each rule’s metadata from the obslint rule', () => {
    for (const { meta } of codeRules) {
      const rule = plugin.rules[meta.id]!;
      expect(rule.meta).toMatchObject({
        type: 'problem',
        docs: {
          description: meta.description,
          recommended: meta.preset === 'recommended',
          url: docsUrl(meta.id),
          requiresTypeChecking: meta.types === 'required',
        },
        messages: { finding: '{{message}}' },
        schema: [meta.optionsSchema],
        defaultOptions: [meta.defaultOptions],
      });
      expect(rule.meta!.fixable).toBeUndefined();
      expect(rule.meta!.hasSuggestions).toBeUndefined();
    }
  });

  it('configs register the plugin itself; recommended = recommended rules, strict = all, at default severity', () => {
    const { recommended, strict } = plugin.configs;
    expect(recommended.plugins).toEqual({ obslint: plugin });
    expect(recommended.plugins!.obslint).toBe(plugin);
    expect(strict.plugins!.obslint).toBe(plugin);
    expect(recommended.name).toBe('obslint/recommended');
    expect(strict.name).toBe('obslint/strict');
    expect(recommended.rules).toEqual(
      Object.fromEntries(
        codeRules
          .filter((rule) => rule.meta.preset === 'recommended')
          .map((rule) => [`obslint/${rule.meta.id}`, rule.meta.defaultSeverity]),
      ),
    );
    expect(strict.rules).toEqual(
      Object.fromEntries(codeRules.map((rule) => [`obslint/${rule.meta.id}`, rule.meta.defaultSeverity])),
    );
    // Naming and style conventions are opt-in, on top of recommended.
    expect(plugin.configs.stylistic.plugins!.obslint).toBe(plugin);
    expect(plugin.configs.stylistic.rules).toEqual(
      Object.fromEntries(
        codeRules
          .filter((rule) => rule.meta.preset === 'stylistic')
          .map((rule) => [`obslint/${rule.meta.id}`, rule.meta.defaultSeverity]),
      ),
    );
    expect(Object.keys(plugin.configs.stylistic.rules!)).toEqual(
      expect.arrayContaining(['obslint/metric-naming', 'obslint/no-unstructured-logs']),
    );
  });

  it('package.json exports ./eslint for import and require, with eslint ^10 and typescript-eslint ^8 as peers', () => {
    expect(packageJson.exports['./eslint']).toEqual({
      import: { types: './dist/src/eslint/index.d.ts', default: './dist/src/eslint/index.js' },
      require: { types: './dist/src/eslint/index.d.cts', default: './dist/src/eslint/index.cjs' },
    });
    expect(packageJson.peerDependencies).toMatchObject({ eslint: '^10.0.0', 'typescript-eslint': '^8.0.0' });
  });
});

describe('from a user’s project (built package)', () => {
  let project: string;
  const leaking = [
    "const { trace } = require('@opentelemetry/api');",
    "const tracer = trace.getTracer('app');",
    'async function load(db) {',
    "  const span = tracer.startSpan('load');",
    '  const row = await db.get();',
    '  span.end();',
    '  return row;',
    '}',
    'module.exports = { load };',
    '',
  ].join('\n');

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'obslint-eslint-user-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(repoRoot, join(project, 'node_modules', 'obslint'), 'dir');
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'user', dependencies: { '@opentelemetry/api': '^1.9.0' } }),
    );
    writeFileSync(join(project, 'app.js'), leaking);
    writeFileSync(
      join(project, 'eslint.config.mjs'),
      "import obslint from 'obslint/eslint';\nexport default [obslint.configs.recommended];\n",
    );
    writeFileSync(
      join(project, 'eslint.config.cjs'),
      "const obslint = require('obslint/eslint');\nmodule.exports = [obslint.configs.strict];\n",
    );
  });

  afterAll(() => rmSync(project, { recursive: true, force: true }));

  for (const configFile of ['eslint.config.mjs', 'eslint.config.cjs']) {
    it(`${configFile}: ESLint reports the finding`, async () => {
      const eslint = new ESLint({ cwd: project, overrideConfigFile: join(project, configFile) });
      const [result] = await eslint.lintFiles(['app.js']);
      expect(result!.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([
        ['obslint/require-span-end', 4, 16],
      ]);
    });
  }

  it('require() and import give the same plugin object', () => {
    const script =
      "import { createRequire } from 'node:module'; import esm from 'obslint/eslint'; const cjs = createRequire(process.cwd() + '/x.js')('obslint/eslint'); console.log(JSON.stringify([esm === cjs, esm.meta.namespace, Object.keys(cjs.rules).length]));";
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([true, 'obslint', codeRules.length]);
  });
});
