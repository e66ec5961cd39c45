/** obslint's Node API. */
export { lint, lintSync, type LintOptions, type LintRun } from './engine/lint.js';
export type { Finding, FileResult, LintSummary, Severity, Position } from './findings.js';
export type { AnyRule, CodeRule, ConfigRule, RuleMeta, RuleFamily } from './rule.js';
export { allRules } from '../rules/index.js';
export { formatResults, formatNames, type FormatName } from './report/index.js';
