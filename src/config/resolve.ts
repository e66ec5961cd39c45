/**
 * Per-file effective configuration: the nearest configuration files from the file's directory upwards, merged
 * from the outermost to the innermost, stopping at a file with `root: true` (or using only `--config`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { inPresets, type AnyRule, type RulePreset } from '../rule.js';

const defaultPresets: readonly RulePreset[] = ['recommended'];
import type { Severity, SeveritySetting } from '../findings.js';
import { buildConfigSchema } from './schema.js';
import { readConfigFile, type RawConfigFile } from './read-config-file.js';
import { ConfigError, UsageError } from './errors.js';
import { closestName } from '../util/closest-name.js';
import { fileRoles, type FileRole } from '../analysis/modules/file-role.js';

export const configFileNames = [
  'obslint.config.json',
  'obslint.config.jsonc',
  'obslint.config.yaml',
  'obslint.config.yml',
];

export type RuleEntry = SeveritySetting | 0 | 1 | 2 | [SeveritySetting | 0 | 1 | 2, Record<string, unknown>?];

interface ConfigObject {
  root?: boolean;
  rules?: Record<string, RuleEntry>;
  ignores?: string[];
  overrides?: { files: string | string[]; rules?: Record<string, RuleEntry> }[];
  settings?: Record<string, unknown>;
  roles?: Partial<Record<FileRole, string[]>>;
  presets?: RulePreset[];
  lintRoles?: FileRole[];
}

interface LoadedConfig {
  path: string;
  dir: string;
  config: ConfigObject;
}

export interface EnabledRule {
  severity: Severity;
  options: Record<string, unknown>;
}

export interface EffectiveConfig {
  rules: Map<string, EnabledRule>;
  settings: Record<string, unknown>;
  /** The file's role as the configuration's `roles` globs decide it (innermost configuration wins), if they do. */
  role?: FileRole;
  /** The presets the rules started from (`presets`, innermost configuration wins; `recommended` by default). */
  presets: readonly RulePreset[];
  /** Roles every enabled rule also reports on (`lintRoles`, innermost configuration wins). */
  lintRoles: readonly FileRole[];
  /** Configuration files that contributed, outermost first. */
  files: string[];
}

export interface ResolverOptions {
  rules: readonly AnyRule[];
  /** `--config`: use only this file, no lookup. */
  configFile?: string;
  /** `--rule id:severity` entries, applied last. */
  ruleOverrides?: Record<string, RuleEntry>;
  /** Only these rules may run (tests, ESLint parity); others are off whatever the configuration says. */
  onlyRules?: readonly string[];
  /** `--lint-roles`: roles every rule also reports on, added to the configuration's `lintRoles`. */
  lintRoles?: readonly FileRole[];
  /** Where the lookup stops when no `root: true` is found. */
  stopAt?: string;
}

function normaliseSeverity(value: SeveritySetting | 0 | 1 | 2): SeveritySetting {
  if (value === 0) return 'off';
  if (value === 1) return 'warn';
  if (value === 2) return 'error';
  return value;
}

function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath ? `'${error.instancePath.slice(1).replace(/\//g, '.')}'` : 'the configuration';
  if (error.keyword === 'additionalProperties')
    return `${where} has an unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  if (error.keyword === 'enum')
    return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** A package.json configures obslint with a top-level `obslint` key (a dependency or bin named obslint does not). */
function hasObslintKey(packageJson: string): boolean {
  try {
    const json = JSON.parse(readFileSync(packageJson, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && Object.hasOwn(json, 'obslint');
  } catch {
    return false; // an unreadable package.json is not obslint's configuration to report on
  }
}

export class ConfigResolver {
  private readonly rulesById: Map<string, AnyRule>;
  private readonly validateConfig: ValidateFunction;
  private readonly fileCache = new Map<string, LoadedConfig | null>();
  private readonly chainCache = new Map<string, LoadedConfig[]>();
  private readonly effectiveCache = new Map<string, EffectiveConfig>();
  private readonly matchers = new Map<string, picomatch.Matcher>();
  /** Non-fatal configuration problems (unknown keys), reported once on stderr. */
  readonly warnings: string[] = [];

  constructor(private readonly options: ResolverOptions) {
    this.rulesById = new Map(options.rules.map((rule) => [rule.meta.id, rule]));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    this.validateConfig = ajv.compile(buildConfigSchema(options.rules));
    for (const [id] of Object.entries(options.ruleOverrides ?? {})) this.checkRuleId(id, '--rule');
    if (options.configFile) {
      if (!existsSync(options.configFile)) throw new UsageError(`configuration file not found: ${options.configFile}`);
      this.fileCache.set('--config', this.load(options.configFile));
    }
  }

  private checkRuleId(id: string, where: string): string {
    const bare = id.replace(/^obslint\//, '');
    if (!this.rulesById.has(bare)) {
      const hint = closestName(bare, [...this.rulesById.keys()]);
      throw new UsageError(
        `${where}: unknown rule '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}; run 'obslint rules' for the list`,
      );
    }
    return bare;
  }

  private load(path: string): LoadedConfig {
    const raw = readConfigFile(path);
    this.validate(raw);
    return { path, dir: dirname(path), config: raw.value as ConfigObject };
  }

  private validate(raw: RawConfigFile): void {
    if (typeof raw.value !== 'object' || raw.value === null || Array.isArray(raw.value)) {
      throw new ConfigError(raw.path, raw.lineOf([]), 'the configuration must be an object');
    }
    if (this.validateConfig(raw.value)) return;
    const errors = this.validateConfig.errors ?? [];
    const pointerOf = (error: ErrorObject) =>
      error.instancePath
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    // Unknown rule ids are hard errors with a suggestion; other unknown keys are reported and skipped.
    for (const error of errors) {
      const pointer = pointerOf(error);
      if (error.keyword !== 'additionalProperties') continue;
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const inRules = pointer[pointer.length - 1] === 'rules';
      if (inRules) {
        const hint = closestName(key, [...this.rulesById.keys()]);
        throw new ConfigError(
          raw.path,
          raw.lineOf([...pointer, key]),
          `unknown rule '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
        );
      }
    }
    const hard = errors.filter(
      (error) => error.keyword !== 'additionalProperties' && error.keyword !== 'oneOf' && error.keyword !== 'if',
    );
    const unknownKeys = errors.filter((error) => error.keyword === 'additionalProperties');
    for (const error of unknownKeys) {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const pointer = pointerOf(error);
      const line = raw.lineOf([...pointer, key]);
      const known =
        pointer.length === 0
          ? ['root', 'presets', 'rules', 'ignores', 'overrides', 'roles', 'lintRoles', 'settings']
          : [];
      const hint = closestName(key, known);
      const message = `${raw.path}${line ? `:${line}` : ''}: ${describeAjvError(error)}${hint ? ` (did you mean '${hint}'?)` : ''}; it is ignored`;
      if (unknownKeys.length === errors.length || hard.length === 0) this.warnings.push(message);
    }
    const first = hard[0] ?? (unknownKeys.length === errors.length ? undefined : errors[0]);
    if (first) throw new ConfigError(raw.path, raw.lineOf(pointerOf(first)), describeAjvError(first));
  }

  private configIn(dir: string): LoadedConfig | null {
    if (this.fileCache.has(dir)) return this.fileCache.get(dir)!;
    let found: LoadedConfig | null = null;
    for (const name of configFileNames) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) {
        found = this.load(candidate);
        break;
      }
    }
    if (!found) {
      const packageJson = join(dir, 'package.json');
      if (existsSync(packageJson) && hasObslintKey(packageJson)) found = this.load(packageJson);
    }
    this.fileCache.set(dir, found);
    return found;
  }

  /** Configuration files that apply to a directory, outermost first. */
  private chain(dir: string): LoadedConfig[] {
    const explicit = this.fileCache.get('--config');
    if (explicit) return [explicit];
    const cached = this.chainCache.get(dir);
    if (cached) return cached;
    const own = this.configIn(dir);
    let chain: LoadedConfig[];
    const parent = dirname(dir);
    if (own?.config.root || parent === dir || (this.options.stopAt && dir === this.options.stopAt))
      chain = own ? [own] : [];
    else chain = [...this.chain(parent), ...(own ? [own] : [])];
    this.chainCache.set(dir, chain);
    return chain;
  }

  private matcher(pattern: string): picomatch.Matcher {
    let matcher = this.matchers.get(pattern);
    if (!matcher) {
      const normalised = pattern.endsWith('/') ? `${pattern}**` : pattern;
      this.matchers.set(pattern, (matcher = picomatch(normalised, { dot: true })));
    }
    return matcher;
  }

  private matches(pattern: string, baseDir: string, file: string): boolean {
    const rel = relative(baseDir, file).split(sep).join('/');
    if (rel.startsWith('..')) return false;
    const matcher = this.matcher(pattern);
    if (matcher(rel)) return true;
    // A pattern naming a directory ignores everything below it.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (matcher(parts.slice(0, i).join('/'))) return true;
    return false;
  }

  isIgnored(file: string): boolean {
    return this.chain(dirname(file)).some(({ dir, config }) =>
      (config.ignores ?? []).some((pattern) => this.matches(pattern, dir, file)),
    );
  }

  private applyEntries(
    target: Map<string, EnabledRule | 'off'>,
    entries: Record<string, RuleEntry> | undefined,
    where: string,
  ): void {
    for (const [key, entry] of Object.entries(entries ?? {})) {
      const id = this.checkRuleId(key, where);
      const rule = this.rulesById.get(id)!;
      const [severityValue, options] = Array.isArray(entry) ? entry : [entry, undefined];
      const severity = normaliseSeverity(severityValue);
      if (severity === 'off') {
        target.set(id, 'off');
        continue;
      }
      const previous = target.get(id);
      const base = previous && previous !== 'off' ? previous.options : rule.meta.defaultOptions;
      target.set(id, { severity, options: { ...base, ...(options ?? {}) } });
    }
  }

  forFile(file: string): EffectiveConfig {
    const cached = this.effectiveCache.get(file);
    if (cached) return cached;
    const chain = this.chain(dirname(file));
    const rules = new Map<string, EnabledRule | 'off'>();
    // The innermost configuration that names its presets decides them.
    const presets = [...chain].reverse().find(({ config }) => config.presets)?.config.presets ?? defaultPresets;
    for (const rule of this.rulesById.values()) {
      if (inPresets(rule.meta, presets))
        rules.set(rule.meta.id, { severity: rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions } });
    }
    const settings: Record<string, unknown> = {};
    let role: FileRole | undefined;
    let lintRoles: readonly FileRole[] = this.options.lintRoles ?? [];
    for (const { path, dir, config } of chain) {
      this.applyEntries(rules, config.rules, path);
      for (const override of config.overrides ?? []) {
        const patterns = Array.isArray(override.files) ? override.files : [override.files];
        if (patterns.some((pattern) => this.matches(pattern, dir, file)))
          this.applyEntries(rules, override.rules, path);
      }
      Object.assign(settings, config.settings ?? {});
      if (config.lintRoles) lintRoles = config.lintRoles;
      const assigned = fileRoles.find((candidate) =>
        (config.roles?.[candidate] ?? []).some((pattern) => this.matches(pattern, dir, file)),
      );
      if (assigned) role = assigned;
    }
    this.applyEntries(rules, this.options.ruleOverrides, '--rule');
    const only = this.options.onlyRules ? new Set(this.options.onlyRules) : undefined;
    const enabled = new Map<string, EnabledRule>();
    for (const [id, setting] of rules) {
      if (only && !only.has(id)) continue;
      if (setting !== 'off') enabled.set(id, setting);
    }
    if (only) {
      for (const id of only) {
        const rule = this.rulesById.get(id);
        if (rule && !enabled.has(id) && rules.get(id) !== 'off')
          enabled.set(id, { severity: rule.meta.defaultSeverity, options: { ...rule.meta.defaultOptions } });
      }
    }
    if (this.options.lintRoles) lintRoles = [...new Set([...lintRoles, ...this.options.lintRoles])];
    const effective = { rules: enabled, settings, role, lintRoles, presets, files: chain.map((c) => c.path) };
    this.effectiveCache.set(file, effective);
    return effective;
  }

  /** `obslint config verify`: load and validate a single file, throwing ConfigError when invalid. */
  verify(path: string): void {
    this.load(path);
  }
}
