/**
 * Test helper for the config checker: runs config rules directly on YAML inputs (the engine does this in
 * production) and reads the caret annotations of CONTRIBUTING.md from YAML fixtures.
 */
import { readFileSync } from 'node:fs';
import { loadConfigProject } from '../src/config-files/index.js';
import type { ConfigRule } from '../src/rule.js';
import { allRules } from '../rules/index.js';

export { filesUnder } from './helpers/rule-fixtures.js';

export interface Located {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  message: string;
  help?: string;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Every config rule of the registry, by id. Rules that compare configuration with the code (no-undefined-metrics)
 * are here too; without code facts (`context.code`) they report nothing.
 */
export const configRules: Record<string, ConfigRule<any>> = Object.fromEntries(
  allRules.flatMap((rule) => (rule.kind === 'config' ? [[rule.meta.id, rule] as const] : [])),
);

export async function loadRule(id: string): Promise<ConfigRule<any>> {
  const rule = configRules[id];
  if (!rule) throw new Error(`unknown config rule ${id}`);
  return rule;
}

export function runRules(
  rules: { id: string; rule: ConfigRule<any>; options?: object }[],
  inputs: { path: string; text: string }[],
): { findings: Located[]; loadProblems: Located[] } {
  const { project, problems } = loadConfigProject(inputs);
  const texts = new Map(inputs.map((input) => [input.path, input.text]));
  const locate = (ruleId: string, file: string, start: number, message: string, help?: string): Located => ({
    ruleId,
    file,
    ...lineColumn(texts.get(file) ?? '', start),
    message,
    ...(help ? { help } : {}),
  });
  const findings: Located[] = [];
  for (const { id, rule, options } of rules) {
    rule.check({
      options: { ...rule.meta.defaultOptions, ...options },
      project,
      report: (report) => findings.push(locate(id, report.file, report.range.start, report.message, report.help)),
    });
  }
  const loadProblems = problems.map((problem) =>
    locate(problem.ruleId ?? 'fatal', problem.file, problem.range.start, problem.message, problem.help),
  );
  // Load-level findings carry a rule id too (config-schema): the engine reports them like the rule's own.
  findings.push(...loadProblems.filter((problem) => rules.some((rule) => rule.id === problem.ruleId)));
  return { findings, loadProblems };
}

/** Expected findings from `#   ^ rule-id` / `#<- rule-id` annotation lines. */
export function expectedFindings(text: string): { ruleId: string; line: number; column: number }[] {
  const lines = text.split('\n');
  const expected: { ruleId: string; line: number; column: number }[] = [];
  const isAnnotation = (line: string): RegExpExecArray | null => /^(\s*)#(<-|\s*\^)\s*(.*)$/.exec(line);
  lines.forEach((line, index) => {
    const match = isAnnotation(line);
    if (!match) return;
    let target = index - 1;
    while (target >= 0 && isAnnotation(lines[target]!)) target--;
    const column = match[2] === '<-' ? 1 : line.indexOf('^') + 1;
    const ids = match[3]!
      .split(' -- ')[0]!
      .split(/[\s,]+/)
      .filter(Boolean);
    for (const ruleId of ids) expected.push({ ruleId, line: target + 1, column });
  });
  return expected;
}

export function readInputs(paths: string[]): { path: string; text: string }[] {
  return paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}
