import { resolve } from 'node:path';
import type { AnyRule } from '../rule.js';
import { ConfigResolver } from '../config/resolve.js';

/**
 * `obslint config print <file>`: the configuration that applies to one file after the cascade — which
 * configuration files contributed, whether the file is ignored, and every enabled rule with its severity and options.
 */
export function printConfig(rules: readonly AnyRule[], cwd: string, file: string, configFile?: string): string {
  const path = resolve(cwd, file);
  const resolver = new ConfigResolver({ rules, configFile: configFile ? resolve(cwd, configFile) : undefined });
  const effective = resolver.forFile(path);
  const printed = {
    file: path,
    configFiles: effective.files,
    ignored: resolver.isIgnored(path),
    rules: Object.fromEntries(
      [...effective.rules]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, setting]) => [id, [setting.severity, setting.options]]),
    ),
    settings: effective.settings,
  };
  const warnings = resolver.warnings.map((warning) => `warning: ${warning}\n`).join('');
  return `${warnings}${JSON.stringify(printed, null, 2)}\n`;
}
