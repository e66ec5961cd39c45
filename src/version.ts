import { readFileSync } from 'node:fs';
import { packagePath } from './util/package-root.js';

/** The package version, from obslint's own package.json. */
export const version: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string })
  .version;
