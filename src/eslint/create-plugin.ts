/**
 * The ESLint plugin, built from the rule registry: every code rule becomes `obslint/<id>` (config rules work on
 * YAML files and stay with the CLI). `configs.recommended` enables the recommended rules at their default
 * severity, `configs.stylistic` the naming and style conventions to add to it, `configs.strict` every rule; all register the plugin themselves, as flat configs must.
 */
import type { ESLint, Linter, Rule } from 'eslint';
import { allRules } from '../../rules/index.js';
import { inPresets, type AnyRule, type CodeRule } from '../rule.js';
import { version } from '../version.js';
import { FileSessions, type AdapterEnvironment } from './file-session.js';
import { ProjectFactsCache } from './project-cache.js';
import { pluginNamespace, toEslintRule } from './eslint-rule.js';

export interface ObslintPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, Rule.RuleModule>;
  configs: { recommended: Linter.Config; stylistic: Linter.Config; strict: Linter.Config };
}

export interface PluginOptions extends Partial<AdapterEnvironment> {
  /** The rules to adapt (default: the registry); only code rules are used. */
  rules?: readonly AnyRule[];
}

export function createPlugin(options: PluginOptions = {}): ObslintPlugin {
  const codeRules = (options.rules ?? allRules).filter((rule): rule is CodeRule<any> => rule.kind === 'code');
  const sessions = new FileSessions({
    projects: options.projects ?? new ProjectFactsCache(),
    typescriptVersionOf: options.typescriptVersionOf,
    onFileAnalysed: options.onFileAnalysed,
  });
  const rules = Object.fromEntries(codeRules.map((rule) => [rule.meta.id, toEslintRule(rule, sessions)]));
  const plugin: ObslintPlugin = {
    meta: { name: 'obslint', version, namespace: pluginNamespace },
    rules,
    configs: {} as ObslintPlugin['configs'],
  };
  const severities = (include: (rule: CodeRule<any>) => boolean): Linter.RulesRecord =>
    Object.fromEntries(
      codeRules.filter(include).map((rule) => [`${pluginNamespace}/${rule.meta.id}`, rule.meta.defaultSeverity]),
    );
  // Filled in after the plugin exists, so that each config can register the very plugin object it belongs to.
  // No `files`: the configs apply to whatever JavaScript/TypeScript files the user's configuration lints.
  plugin.configs.recommended = {
    name: 'obslint/recommended',
    plugins: { [pluginNamespace]: plugin },
    rules: severities((rule) => inPresets(rule.meta, ['recommended'])),
  };
  // Naming and style conventions, to add to `recommended` (typescript-eslint's split of `stylistic`).
  plugin.configs.stylistic = {
    name: 'obslint/stylistic',
    plugins: { [pluginNamespace]: plugin },
    rules: severities((rule) => rule.meta.preset === 'stylistic'),
  };
  plugin.configs.strict = {
    name: 'obslint/strict',
    plugins: { [pluginNamespace]: plugin },
    rules: severities(() => true),
  };
  return plugin;
}
