import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = join(repoRoot, 'fixtures');
export const cliPath = join(repoRoot, 'bin/obslint.js');
export const sharedDir = join(repoRoot, '../shared');
