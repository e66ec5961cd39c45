/**
 * Which obslint runs: the project's own (`node_modules/obslint`, found from the working directory up, as Node
 * would resolve it) so the version and rules match what developers run locally; otherwise the copy bundled with
 * this action.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ObslintBinary {
  /** The script to run with `node`. */
  script: string;
  version: string;
  source: 'project' | 'bundled';
}

export function locateObslint(workingDirectory: string, bundled: string, bundledVersion: string): ObslintBinary {
  try {
    const manifestPath = createRequire(join(workingDirectory, 'package.json')).resolve('obslint/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      version?: string;
      bin?: string | Record<string, string>;
    };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.obslint;
    if (bin)
      return { script: join(dirname(manifestPath), bin), version: manifest.version ?? 'unknown', source: 'project' };
  } catch {
    // not installed in the project: use the bundled copy
  }
  return { script: bundled, version: bundledVersion, source: 'bundled' };
}

export function bundledObslint(): string {
  return fileURLToPath(new URL('./obslint.js', import.meta.url));
}
