/**
 * `npm run generate` reads rule metadata from the sources, never from dist/: `--check` sees an edit to a rule file
 * without a build, and passes without one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeRepoCopies, repoCopy } from './helpers/repo-copy.js';

afterAll(removeRepoCopies);

const generate = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts/generate.js'), ...args], { cwd: root, encoding: 'utf8' });

describe('scripts/generate.js', () => {
  it('checks and regenerates from the rule sources, with no dist/ at all', () => {
    const root = repoCopy();
    expect(existsSync(join(root, 'dist'))).toBe(false);
    const clean = generate(root, '--check');
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);

    const ruleFile = join(root, 'rules/slo-objective.ts');
    const source = readFileSync(ruleFile, 'utf8');
    // The description string, however the formatter wraps the `description:` property.
    const description = "'SLO objectives";
    expect(source).toMatch(/description:\s*'SLO objectives/);
    writeFileSync(ruleFile, source.replace(description, "'Edited: SLO objectives"));

    const stale = generate(root, '--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('docs/rules/slo-objective.md');
    expect(stale.stderr).toContain('README.md');
    expect(stale.stderr).toContain('schemas/obslint.config.schema.json');
    expect(stale.stderr).not.toContain('rules/index.ts');

    const regenerated = generate(root);
    expect(regenerated.status).toBe(0);
    expect(readFileSync(join(root, 'docs/rules/slo-objective.md'), 'utf8')).toContain('> Edited: SLO objectives');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Edited: SLO objectives');
    expect(generate(root, '--check').status).toBe(0);
  });

  it('reports a registry that does not list every rule file', () => {
    const root = repoCopy();
    const index = join(root, 'rules/index.ts');
    writeFileSync(index, readFileSync(index, 'utf8').replace(', sloReferences', ''));
    const stale = generate(root, '--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('rules/index.ts');
    // Metadata comes from the rule files, not the stale registry: the other generated files are still current.
    expect(stale.stderr).not.toContain('README.md');
  });
});
