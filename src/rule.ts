/**
 * The rule API. A rule file under `rules/` exports one `CodeRule` or `ConfigRule`; its `meta` is the single
 * source of truth for the registry, `obslint rules`, `obslint explain`, the docs tables, the ESLint plugin and SARIF.
 */
import type { ts } from './compiler.js';
import type { Severity } from './findings.js';
import type { FileAnalysis } from './analysis/modules/file-analysis.js';
import type { ConfigProject } from './config-files/model.js';
import type { MetricCatalog } from './analysis/metrics/catalog.js';
import { defaultRuleRoles, type FileRole } from './analysis/modules/file-role.js';

export type RuleFamily = 'spans' | 'context' | 'metrics' | 'logs' | 'config';

/** The presets a configuration can start from (`presets` in obslint's configuration, `configs.*` in ESLint). */
export const rulePresets = ['recommended', 'stylistic', 'strict'] as const;
export type RulePreset = (typeof rulePresets)[number];

/** Is the rule on in a configuration built from these presets? `strict` holds every rule. */
export function inPresets(meta: { preset: RulePreset }, presets: readonly RulePreset[]): boolean {
  return presets.includes('strict') || presets.includes(meta.preset);
}

/** How a rule uses the type checker: never, optionally (typed mode removes doubt), or only with types. */
export type TypeUse = 'none' | 'improves' | 'required';

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, Record<string, unknown> & { description: string }>;
  additionalProperties: false;
}

export interface RuleMeta<Options extends object = Record<string, unknown>> {
  id: string;
  family: RuleFamily;
  /** One sentence, shown in `obslint rules`, docs tables and SARIF `shortDescription`. */
  description: string;
  /** Why this matters in production: SARIF `fullDescription`, `obslint explain` intro. */
  rationale: string;
  defaultSeverity: Severity;
  /**
   * The preset that turns the rule on: `recommended` (the default run: findings with a production consequence),
   * `stylistic` (naming and style conventions, opt-in) or `strict` (opt-in checks). `strict` turns every rule on.
   */
  preset: RulePreset;
  types: TypeUse;
  /**
   * The file roles a code rule reports on unless the configuration's `lintRoles` adds others (default: service
   * code only). Config rules check every rule and SLO file they are given.
   */
  roles?: readonly FileRole[];
  /** JSON Schema of the options object; every property carries a description and a default in `defaultOptions`. */
  optionsSchema: JsonSchemaObject;
  defaultOptions: Options;
}

/** Something a rule reports: a node or an explicit [start, end) text range, plus the explanation. */
export interface CodeReport {
  node?: ts.Node;
  range?: { start: number; end: number };
  message: string;
  help?: string;
  related?: { node?: ts.Node; range?: { start: number; end: number }; message: string }[];
  /**
   * The evidence is weaker than the rule's usual (e.g. only a variable's name). Rules report such findings only
   * when an option asks for them (`nameBasedGuesses`); they keep the rule's severity — the same in the CLI and in
   * ESLint, which cannot lower one report's severity — and say in their message what they rest on.
   */
  doubtful?: boolean;
}

export interface CodeRuleContext<Options> {
  readonly options: Options;
  readonly file: FileAnalysis;
  report(report: CodeReport): void;
}

/**
 * Listeners for the single shared traversal: `nodes[kind]` runs for every node of that kind in document order,
 * `end` once afterwards (for rules that collect first and decide later).
 */
export interface CodeRuleListener {
  nodes?: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>>;
  end?(): void;
}

/**
 * The languages code rules can detect in. A rule keeps one id, one metadata and one docs page; each language it
 * supports has a detector of its own, named after the language (see docs/architecture.md, "Languages").
 */
export type CodeLanguage = 'typescript';

/** The TypeScript/JavaScript detector: listeners over the compiler's syntax tree of one file. */
export type TypeScriptDetector<Options> = (context: CodeRuleContext<Options>) => CodeRuleListener;

export interface CodeRule<Options extends object = Record<string, unknown>> {
  kind: 'code';
  meta: RuleMeta<Options>;
  /** Detects the rule's problem in TypeScript and JavaScript files (written beside the metadata, in `rules/<id>.ts`). */
  typescript: TypeScriptDetector<Options>;
}

export interface ConfigReport {
  /** Absolute path of the config file. */
  file: string;
  /** [start, end) character offsets into that file's text. */
  range: { start: number; end: number };
  message: string;
  help?: string;
  related?: { file: string; range: { start: number; end: number }; message: string }[];
}

/** What the code files of the same run tell config rules. */
export interface CodeFacts {
  /** Every metric the linted code defines, as Prometheus will see it. */
  readonly metrics: MetricCatalog;
  /** The run's working directory, for messages. */
  readonly cwd: string;
}

export interface ConfigRuleContext<Options> {
  readonly options: Options;
  /** Every rule/SLO file of the run, parsed: config rules may look across files (references, duplicates). */
  readonly project: ConfigProject;
  /** Facts from the code files linted in the same run. */
  readonly code?: CodeFacts;
  report(report: ConfigReport): void;
}

export interface ConfigRule<Options extends object = Record<string, unknown>> {
  kind: 'config';
  meta: RuleMeta<Options>;
  check(context: ConfigRuleContext<Options>): void;
}

export type AnyRule = CodeRule<any> | ConfigRule<any>;

export function defineCodeRule<Options extends object>(rule: Omit<CodeRule<Options>, 'kind'>): CodeRule<Options> {
  return { kind: 'code', ...rule };
}

export function defineConfigRule<Options extends object>(rule: Omit<ConfigRule<Options>, 'kind'>): ConfigRule<Options> {
  return { kind: 'config', ...rule };
}

export const repositoryUrl = 'https://github.com/obslint/obslint';

export function docsUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules/${ruleId}.md`;
}

/** Metadata for a rule without options: `meta: { …, ...noOptions }`. */
export const noOptions = {
  optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  defaultOptions: {},
} as const satisfies Pick<RuleMeta<Record<string, never>>, 'optionsSchema' | 'defaultOptions'>;

/** Does a code rule report on a file of this role, given the roles the configuration opts in? */
export function reportsOnRole(meta: RuleMeta<any>, role: FileRole, lintRoles: readonly FileRole[]): boolean {
  return (meta.roles ?? defaultRuleRoles).includes(role) || lintRoles.includes(role);
}
