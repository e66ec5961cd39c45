import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = join(repoRoot, 'fixtures');
export const cliPath = join(repoRoot, 'bin/obslint.js');
/**
 * Test data shared beside the checkout (`../shared`); a worktree one level deeper (`wt/<name>`) finds the same folder
 * further up.
 */
export const sharedDir = ['../shared', '../../shared'].map((path) => join(repoRoot, path)).find((dir) => existsSync(dir)) ?? join(repoRoot, '../shared');
