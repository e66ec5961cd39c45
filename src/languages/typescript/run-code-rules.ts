/**
 * Runs every enabled code rule over one file in a single traversal. A rule that throws becomes an internal-error
 * finding for that file; the other rules and files go on.
 */
import { ts } from '../../compiler.js';
import type { CodeRule, CodeReport, CodeRuleListener } from '../../rule.js';
import type { FileAnalysis } from '../../analysis/modules/file-analysis.js';
import type { Severity } from '../../findings.js';
import { isInRanges, scriptEntryRanges } from '../../analysis/modules/script-entries.js';

export interface RawFinding {
  ruleId: string | null;
  severity: Severity;
  start: number;
  end: number;
  message: string;
  help?: string;
  /** Other locations; `file` (absolute) when not this file. */
  related?: { file?: string; start: number; end: number; message: string }[];
  fatal?: boolean;
  internal?: boolean;
  /** For an internal error: the rule that threw (the finding itself has no rule id). */
  failedRule?: string;
  /** The evidence is weak (see `CodeReport.doubtful`). */
  doubtful?: boolean;
}

export interface EnabledCodeRule {
  rule: CodeRule<any>;
  severity: Severity;
  options: Record<string, unknown>;
  /**
   * The rule does not report on script code (its roles and the run's `lintRoles` leave scripts out), so what it
   * finds inside a main-module block (`if (require.main === module) { … }`) of a service file is dropped.
   */
  skipScriptEntries?: boolean;
}

function rangeOf(
  file: FileAnalysis,
  report: { node?: ts.Node; range?: { start: number; end: number } },
): { start: number; end: number } {
  if (report.range) return report.range;
  if (report.node) return { start: report.node.getStart(file.sourceFile), end: report.node.getEnd() };
  return { start: 0, end: 0 };
}

/** JavaScript's recursion limit, hit by pathologically nested code (thousands of nested blocks or `else if`s). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** A finding about the whole file (it could not be analysed), at its start, without a rule id. */
function fileFinding(message: string, help: string, extra: Partial<RawFinding> = {}): RawFinding {
  return { ruleId: null, severity: 'error', start: 0, end: 0, fatal: true, message, help, ...extra };
}

/** A file too deeply nested to analyse: reported like an unparseable file, not as an obslint bug. */
export function tooDeeplyNested(detail: string): RawFinding {
  return fileFinding(
    `This file is nested too deeply for obslint to analyse (${detail}); it was not checked.`,
    'Such nesting is usually generated code: add the file to `ignores`, or split the deeply nested construct.',
  );
}

function internalError(ruleId: string, error: unknown): RawFinding {
  if (isStackOverflow(error)) return { ...tooDeeplyNested(`rule ${ruleId} ran out of stack`), failedRule: ruleId };
  const detail =
    error instanceof Error
      ? `${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 4).join('\n')}` : ''}`
      : String(error);
  return fileFinding(
    `Internal error in rule ${ruleId}: ${detail}`,
    'This is an obslint bug: please report it with the file that triggers it. Other rules still ran on this file.',
    { internal: true, failedRule: ruleId },
  );
}

export function runCodeRules(file: FileAnalysis, rules: readonly EnabledCodeRule[]): RawFinding[] {
  const findings: RawFinding[] = [];
  const listeners: { id: string; listener: CodeRuleListener; failed: boolean }[] = [];
  const byKind = new Map<ts.SyntaxKind, { entry: (typeof listeners)[number]; handler: (node: ts.Node) => void }[]>();

  for (const { rule, severity, options } of rules) {
    const entry = { id: rule.meta.id, listener: {} as CodeRuleListener, failed: false };
    const report = (item: CodeReport) => {
      const range = rangeOf(file, item);
      findings.push({
        ruleId: rule.meta.id,
        severity,
        ...(item.doubtful ? { doubtful: true } : {}),
        ...range,
        message: item.message,
        help: item.help,
        related: item.related?.map((related) => ({ ...rangeOf(file, related), message: related.message })),
      });
    };
    try {
      entry.listener = rule.typescript({ options, file, report });
    } catch (error) {
      findings.push(internalError(rule.meta.id, error));
      continue;
    }
    listeners.push(entry);
    for (const [kind, handler] of Object.entries(entry.listener.nodes ?? {})) {
      const list = byKind.get(Number(kind)) ?? [];
      list.push({ entry, handler: handler as (node: ts.Node) => void });
      byKind.set(Number(kind), list);
    }
  }

  if (byKind.size > 0) {
    const visit = (node: ts.Node): void => {
      const handlers = byKind.get(node.kind);
      if (handlers) {
        for (const { entry, handler } of handlers) {
          if (entry.failed) continue;
          try {
            handler(node);
          } catch (error) {
            entry.failed = true;
            findings.push(internalError(entry.id, error));
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
  }

  for (const entry of listeners) {
    if (entry.failed || !entry.listener.end) continue;
    try {
      entry.listener.end();
    } catch (error) {
      findings.push(internalError(entry.id, error));
    }
  }
  return withoutScriptEntryFindings(file, rules, findings);
}

function withoutScriptEntryFindings(
  file: FileAnalysis,
  rules: readonly EnabledCodeRule[],
  findings: RawFinding[],
): RawFinding[] {
  const skipping = new Set(rules.filter((enabled) => enabled.skipScriptEntries).map(({ rule }) => rule.meta.id));
  if (skipping.size === 0) return findings;
  const ranges = scriptEntryRanges(file.sourceFile);
  if (ranges.length === 0) return findings;
  return findings.filter(
    (finding) => finding.ruleId === null || !skipping.has(finding.ruleId) || !isInRanges(ranges, finding.start),
  );
}
