import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = join(repoRoot, 'fixtures');
export const cliPath = join(repoRoot, 'bin/obslint.js');
/** Data copied into the repository for tests (see test/data/SOURCES.md): tests never read outside the repository. */
export const testDataDir = join(repoRoot, 'test/data');
