/**
 * Presets: `recommended` by default (checks with a production consequence), `stylistic` opted in for naming and
 * style, `strict` for every rule; the summary note says which presets a run used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintSync } from '../src/engine/lint.js';
import { allRules } from '../rules/index.js';
import { rolesNote } from '../src/report/summary-line.js';
import { removeTempDirs, tempDir } from './helpers/git-project.js';

afterAll(removeTempDirs);

const source = `import { Counter } from 'prom-client';
export const requests = new Counter({ name: 'httpRequests', help: 'Requests served.' });
export function log(logger: { info(message: string): void }, id: string) {
  logger.info(\`served \${id}\`);
}
`;

function project(config?: object): string {
  const dir = tempDir('obslint-presets-');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/app.ts'), source);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { 'prom-client': '^15' } }));
  if (config) writeFileSync(join(dir, 'obslint.config.json'), JSON.stringify(config));
  return dir;
}

const rulesReported = (dir: string) =>
  [
    ...new Set(
      lintSync({ cwd: dir, types: false }).results.flatMap((result) =>
        result.findings.map((finding) => finding.ruleId),
      ),
    ),
  ].sort();

describe('presets', () => {
  it('every rule names one preset, and the stylistic one holds the naming and message-style rules', () => {
    expect(allRules.every((rule) => ['recommended', 'stylistic', 'strict'].includes(rule.meta.preset))).toBe(true);
    expect(allRules.filter((rule) => rule.meta.preset === 'stylistic').map((rule) => rule.meta.id)).toEqual(
      expect.arrayContaining(['metric-naming', 'no-unstructured-logs']),
    );
  });

  it('the default run leaves stylistic rules off; presets: [recommended, stylistic] turns them on', () => {
    expect(rulesReported(project())).not.toContain('metric-naming');
    const styled = rulesReported(project({ presets: ['recommended', 'stylistic'] }));
    expect(styled).toEqual(expect.arrayContaining(['metric-naming', 'no-unstructured-logs']));
  });

  it('the summary note names the presets and the roles of the files read', () => {
    const run = lintSync({ cwd: project({ presets: ['recommended', 'stylistic'] }), types: false });
    expect(run.presets).toEqual(['recommended', 'stylistic']);
    expect(rolesNote(run.counters, run.presets)).toMatch(/^1 code file: 1 service; presets recommended \+ stylistic;/);
    expect(rolesNote({ 'files.role.service': 3 }, ['recommended'])).toBe('');
    expect(rolesNote({ 'files.role.service': 3, 'files.role.test': 2 }, ['recommended'])).toMatch(
      /^5 code files: 3 service, 2 test; preset recommended;/,
    );
  });
});
