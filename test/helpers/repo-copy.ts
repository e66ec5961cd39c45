/**
 * A scratch copy of the repository for tests that run the generator or the scaffolder: what those scripts write
 * (rules/, docs/, fixtures/, README.md, schemas/) is copied, what they only read (src/, node_modules/) is linked, so
 * the real tree is never written to.
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const copied = ['rules', 'docs', 'scripts', 'schemas', 'README.md', 'package.json', 'tsconfig.json'];
const linked = ['src', 'node_modules'];
const created: string[] = [];

export function repoCopy(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'obslint-repo-')));
  created.push(root);
  for (const name of copied) cpSync(join(repoRoot, name), join(root, name), { recursive: true });
  for (const name of linked) symlinkSync(join(repoRoot, name), join(root, name), 'dir');
  // Only the scaffolder writes fixtures; the rules' own fixtures stay in the real tree.
  // fixtures/package.json marks the fixtures as service code (see src/analysis/modules/file-role.ts).
  mkdirSync(join(root, 'fixtures'));
  cpSync(join(repoRoot, 'fixtures/package.json'), join(root, 'fixtures/package.json'));
  return root;
}

/** Removes every copy `repoCopy` made (call from `afterAll`). */
export function removeRepoCopies(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}
