/**
 * What one run carries from phase to phase: its rules and configuration, the project facts shared by every file,
 * the metric catalog config rules compare queries with, and each file's findings as they accumulate.
 */
import { join, resolve } from 'node:path';
import { allRules } from '../../rules/index.js';
import { reportsOnRole, type AnyRule, type CodeRule, type RulePreset } from '../rule.js';
import { detectFileRole, type FileRole } from '../analysis/modules/file-role.js';
import { ConfigResolver } from '../config/resolve.js';
import { ProjectFacts } from '../analysis/modules/project.js';
import { MetricCatalog } from '../analysis/metrics/catalog.js';
import type { EnabledCodeRule, RawFinding } from '../languages/typescript/run-code-rules.js';
import type { DiscoveredFile } from './discover.js';
import type { Directive } from './directives.js';
import { LineMap } from './text-positions.js';
import type { LintOptions } from './lint.js';

/** One file's findings before positions, directives and fingerprints are applied. */
export interface FileState {
  file: DiscoveredFile;
  lines: LineMap;
  raw: RawFinding[];
  directives: Directive[];
}

export class RunState {
  readonly cwd: string;
  readonly rules: readonly AnyRule[];
  readonly resolver: ConfigResolver;
  readonly project = new ProjectFacts();
  /** Built when config rules will compare queries with the code's metrics (or `obslint metrics` asks for it). */
  catalog?: MetricCatalog;
  readonly states = new Map<string, FileState>();
  /** Each linted code file's role, for `--debug-files`. */
  readonly roles = new Map<string, FileRole>();
  private readonly rulesById: ReadonlyMap<string, AnyRule>;
  private readonly filesByPath = new Map<string, DiscoveredFile>();
  private done = 0;
  private total = 0;

  constructor(readonly options: LintOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.rules = options.rules ?? allRules;
    this.rulesById = new Map(this.rules.map((rule) => [rule.meta.id, rule]));
    this.resolver = new ConfigResolver({
      rules: this.rules,
      configFile: options.configFile ? resolve(this.cwd, options.configFile) : undefined,
      ruleOverrides: options.ruleOverrides,
      onlyRules: options.onlyRules,
      lintRoles: options.lintRoles,
    });
  }

  /** Settings of the configuration at the working directory (run-wide limits such as `maxFileSize`). */
  rootSettings(): Readonly<Record<string, unknown>> {
    return this.resolver.forFile(join(this.cwd, '__obslint__')).settings;
  }

  /** The presets of the configuration at the working directory, for the summary ("preset: recommended"). */
  rootPresets(): readonly RulePreset[] {
    return this.resolver.forFile(join(this.cwd, '__obslint__')).presets;
  }

  /** Registers the discovered files: progress counts them, and a catalog is built when any config file is among them. */
  addFiles(files: readonly DiscoveredFile[]): void {
    for (const file of files) this.filesByPath.set(file.path, file);
    this.total = files.length;
    if (this.options.collectMetrics || files.some((file) => file.kind === 'config')) this.catalog = new MetricCatalog();
  }

  file(path: string): DiscoveredFile | undefined {
    return this.filesByPath.get(path);
  }

  /** The file's state, created empty on first use. */
  stateOf(path: string): FileState {
    let state = this.states.get(path);
    if (!state) {
      const file = this.filesByPath.get(path)!;
      state = { file, lines: new LineMap(file.text), raw: [], directives: [] };
      this.states.set(path, state);
    }
    return state;
  }

  fileDone(): void {
    this.options.onProgress?.(++this.done, this.total);
  }

  /** What a code file is (service, test, example, …): the configuration's `roles` first, then detection. */
  roleOf(file: DiscoveredFile): FileRole {
    const role = this.resolver.forFile(file.path).role ?? detectFileRole(this.project, file.path, file.text, this.cwd);
    this.roles.set(file.path, role);
    return role;
  }

  /** The code rules enabled for a file of this role, in id order (deterministic output). */
  enabledCodeRules(path: string, role: FileRole): EnabledCodeRule[] {
    const config = this.resolver.forFile(path);
    const enabled: EnabledCodeRule[] = [];
    for (const [id, setting] of config.rules) {
      const rule = this.rulesById.get(id);
      if (rule?.kind === 'code' && reportsOnRole(rule.meta, role, config.lintRoles))
        enabled.push({
          rule: rule as CodeRule<any>,
          ...setting,
          skipScriptEntries: !reportsOnRole(rule.meta, 'script', config.lintRoles),
        });
    }
    return enabled.sort((a, b) => a.rule.meta.id.localeCompare(b.rule.meta.id));
  }
}
