/**
 * The rule fixtures as the ESLint tests see them: every code file the CLI lints under `fixtures/<rule-id>/`, with
 * the options and settings the CLI would use for it (from any `obslint.config.*` next to it), the expected
 * findings from its inline annotations, and whether the CLI lints it in typed mode (a tsconfig includes it).
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { allRules } from '../../rules/index.js';
import type { CodeRule } from '../../src/rule.js';
import { ConfigResolver } from '../../src/config/resolve.js';
import { discover } from '../../src/engine/discover.js';
import { groupByProject } from '../../src/languages/typescript/typed-programs.js';
import { parseAnnotations, type Expectation } from './annotations.js';
import { fixturesDir, repoRoot } from './paths.js';

export const codeRules = allRules.filter((rule): rule is CodeRule<any> => rule.kind === 'code');

export interface CodeFixture {
  ruleId: string;
  /** Absolute path. */
  path: string;
  /** POSIX path relative to the repository root. */
  relativePath: string;
  text: string;
  /** Sorted as ESLint sorts its messages. */
  expected: Expectation[];
  options: Record<string, unknown>;
  settings: Record<string, unknown>;
  /** The CLI lints the file with a tsconfig's program. */
  typed: boolean;
}

export const posix = (path: string) => path.split(sep).join('/');

/** Code files the CLI discovers under `dirs`, with the ids of the tsconfig-grouped (typed) ones. */
export function discoverCode(
  dirs: string[],
  resolver: ConfigResolver,
): { files: { path: string; text: string }[]; typed: Set<string> } {
  const { files } = discover(dirs, { cwd: repoRoot, isIgnoredByConfig: (file) => resolver.isIgnored(file) });
  const code = files.filter((file) => file.kind === 'code');
  const { groups } = groupByProject(
    code.map((file) => file.path),
    { cwd: repoRoot },
  );
  return { files: code, typed: new Set(groups.flatMap((group) => group.files)) };
}

export function codeFixtures(): CodeFixture[] {
  const ruleIds = new Set(codeRules.map((rule) => rule.meta.id));
  const fixtures: CodeFixture[] = [];
  for (const ruleId of readdirSync(fixturesDir)
    .filter((name) => ruleIds.has(name))
    .sort()) {
    const resolver = new ConfigResolver({ rules: allRules, onlyRules: [ruleId] });
    const { files, typed } = discoverCode([join(fixturesDir, ruleId)], resolver);
    for (const file of files) {
      const effective = resolver.forFile(file.path);
      const setting = effective.rules.get(ruleId);
      if (!setting) continue; // turned off for this file by its configuration: the CLI does not run the rule there
      fixtures.push({
        ruleId,
        path: file.path,
        relativePath: posix(relative(repoRoot, file.path)),
        text: file.text,
        expected: parseAnnotations(file.text).sort((a, b) => a.line - b.line || a.column - b.column),
        options: setting.options,
        settings: effective.settings,
        typed: typed.has(file.path),
      });
    }
  }
  return fixtures;
}

export const isJavaScript = (path: string) => /\.[cm]?jsx?$/.test(path);
