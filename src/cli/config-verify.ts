import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AnyRule } from '../rule.js';
import { ConfigResolver, configFileNames } from '../config/resolve.js';
import { UsageError } from '../config/errors.js';

function nearestConfig(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of configFileNames) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/** `obslint config verify [file]`: validates one configuration file; throws ConfigError (exit 2) when invalid. */
export function verifyConfig(rules: readonly AnyRule[], cwd: string, file?: string): string {
  const path = file ? resolve(cwd, file) : nearestConfig(cwd);
  if (!path)
    throw new UsageError(`no configuration file found from ${cwd} upwards (looked for ${configFileNames.join(', ')})`);
  if (!existsSync(path)) throw new UsageError(`configuration file not found: ${file}`);
  const resolver = new ConfigResolver({ rules });
  resolver.verify(path);
  const warnings = resolver.warnings.map((warning) => `warning: ${warning}\n`).join('');
  return `${warnings}${path}: valid\n`;
}
