import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The obslint package's root folder (where `schemas/`, `docs/` and `package.json` live), found by searching upwards
 * from this module: it runs from `src/` (tests), `dist/src/` (the CLI) and `action/bundle/` (the Action).
 */
export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'obslint')
      return (root = directory);
    directory = dirname(directory);
  }
  throw new Error('obslint: cannot find its own package.json');
}

/** A file or folder of the package, e.g. `packagePath('docs', 'rules')`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
