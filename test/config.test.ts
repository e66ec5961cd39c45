/** Configuration lookup: cascade from the file's directory upwards, root, overrides, ignores, options. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../src/config/resolve.js';
import { allRules } from '../rules/index.js';
import { stripJsonComments } from '../src/config/read-config-file.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-config-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('ConfigResolver', () => {
  it('merges from the outermost to the innermost file and stops at root: true', () => {
    const dir = tree({
      'obslint.config.yaml': 'root: true\nrules:\n  require-span-end: [warn, { checkThrowPaths: false }]\n',
      'pkg/obslint.config.json': '{ "rules": { "require-span-end": "error" } }',
      'isolated/obslint.config.yaml': 'root: true\nrules:\n  require-span-end: off\n',
    });
    const resolver = new ConfigResolver({ rules: allRules });
    expect(resolver.forFile(join(dir, 'a.ts')).rules.get('require-span-end')).toEqual({
      severity: 'warn',
      options: { endSpanFunctions: [], checkThrowPaths: false },
    });
    // The inner file raises the severity and keeps the outer options.
    expect(resolver.forFile(join(dir, 'pkg/a.ts')).rules.get('require-span-end')).toEqual({
      severity: 'error',
      options: { endSpanFunctions: [], checkThrowPaths: false },
    });
    expect(resolver.forFile(join(dir, 'isolated/a.ts')).rules.has('require-span-end')).toBe(false);
  });

  it('applies overrides by glob relative to the configuration file, and ignores', () => {
    const dir = tree({
      'obslint.config.yaml':
        "root: true\nignores: ['generated/', '**/*.gen.ts']\noverrides:\n  - files: 'test/**'\n    rules: { require-span-end: off }\n",
    });
    const resolver = new ConfigResolver({ rules: allRules });
    expect(resolver.forFile(join(dir, 'test/a.ts')).rules.has('require-span-end')).toBe(false);
    expect(resolver.forFile(join(dir, 'src/a.ts')).rules.get('require-span-end')?.severity).toBe('error');
    expect(resolver.isIgnored(join(dir, 'generated/x/y.ts'))).toBe(true);
    expect(resolver.isIgnored(join(dir, 'src/a.gen.ts'))).toBe(true);
    expect(resolver.isIgnored(join(dir, 'src/a.ts'))).toBe(false);
  });

  it('--rule overrides win over files; onlyRules limits what runs', () => {
    const dir = tree({ 'obslint.config.yaml': 'root: true\nrules:\n  require-span-end: off\n' });
    const resolver = new ConfigResolver({ rules: allRules, ruleOverrides: { 'require-span-end': 'warn' } });
    expect(resolver.forFile(join(dir, 'a.ts')).rules.get('require-span-end')?.severity).toBe('warn');
    const only = new ConfigResolver({ rules: allRules, onlyRules: [] });
    expect(only.forFile(join(dir, 'a.ts')).rules.size).toBe(0);
  });

  it('rejects invalid rule options with the line', () => {
    const dir = tree({
      'obslint.config.yaml': 'root: true\nrules:\n  require-span-end:\n    - error\n    - checkThrowPaths: maybe\n',
    });
    const resolver = new ConfigResolver({ rules: allRules });
    expect(() => resolver.forFile(join(dir, 'a.ts'))).toThrow(/obslint\.config\.yaml:\d+:/);
  });
});

describe('stripJsonComments', () => {
  it('blanks comments and trailing commas but keeps offsets and strings', () => {
    const text = '{\n  // note\n  "a": "http://x", /* b */\n}';
    const stripped = stripJsonComments(text);
    expect(stripped.length).toBe(text.length);
    expect(JSON.parse(stripped)).toEqual({ a: 'http://x' });
  });
});

describe('package.json', () => {
  it('is a configuration only with a top-level obslint key, not because of a dependency or bin named obslint', () => {
    const dir = tree({
      'package.json': JSON.stringify({ name: 'svc', bin: { obslint: 'x.js' }, devDependencies: { obslint: '^0.1.0' } }),
      'pkg/package.json': JSON.stringify({ name: 'inner', obslint: { rules: { 'require-span-end': 'warn' } } }),
    });
    const resolver = new ConfigResolver({ rules: allRules, stopAt: dir });
    expect(resolver.forFile(join(dir, 'a.ts')).files).toEqual([]);
    expect(resolver.forFile(join(dir, 'pkg/a.ts')).files).toEqual([join(dir, 'pkg/package.json')]);
  });
});
