/** Every rule is documented, and everything generated from rule metadata is current. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { docsUrl } from '../src/rule.js';
import { repoRoot } from './helpers/paths.js';

describe('rule documentation', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    it(`${id} has a docs page with a rationale and ❌/✅ examples`, () => {
      const path = join(repoRoot, 'docs/rules', `${id}.md`);
      expect(existsSync(path), `docs/rules/${id}.md is missing`).toBe(true);
      const page = readFileSync(path, 'utf8');
      expect(page.startsWith(`# ${id}\n`)).toBe(true);
      expect(page).toContain('## Why');
      expect(page).toMatch(/### ❌ Incorrect\n[^]*```/);
      expect(page).toMatch(/### ✅ Correct\n[^]*```/);
      if (Object.keys(rule.meta.optionsSchema.properties).length > 0) expect(page).toContain('## Options');
    });

    it(`${id} metadata is complete`, () => {
      const { meta } = rule;
      expect(meta.description.length).toBeGreaterThan(20);
      expect(meta.rationale.length).toBeGreaterThan(20);
      expect(docsUrl(id)).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
      for (const [name, schema] of Object.entries(meta.optionsSchema.properties)) {
        expect(schema.description, `${id} option ${name} needs a description`).toBeTruthy();
        expect(meta.defaultOptions, `${id} option ${name} needs a default`).toHaveProperty(name);
      }
    });
  }

  it('the registry, docs headers, README table and config schema are current (npm run generate)', () => {
    expect(() =>
      execFileSync(process.execPath, [join(repoRoot, 'scripts/generate.js'), '--check'], {
        cwd: repoRoot,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});
