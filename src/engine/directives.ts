/**
 * Inline directives, shared by code and YAML files:
 *   obslint-disable-next-line <rule>[, <rule>] -- reason
 *   obslint-disable-line <rule>
 *   obslint-disable <rule>   …   obslint-enable <rule>      (no rule list = every rule)
 * `eslint-disable… obslint/<rule>` is honoured too, so one comment serves both runners; an eslint directive
 * without an `obslint/` rule is ESLint's business and ignored here.
 */
import type { Finding } from '../findings.js';

export type DirectiveKind = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

export interface Directive {
  kind: DirectiveKind;
  /** `null` = every rule. */
  rules: string[] | null;
  /** 1-based position of the comment start. */
  line: number;
  column: number;
  /** The line the comment ends on (block comments may span lines). */
  endLine: number;
  /** The comment text, for messages. */
  text: string;
}

const directivePattern = /^\s*(obslint|eslint)-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/s;

/** Parses the body of one comment (without `//`, `/* *\/` or `#`). */
export function parseDirective(body: string, line: number, column: number, endLine: number): Directive | undefined {
  const match = directivePattern.exec(body);
  if (!match) return undefined;
  const [, tool, kind, rest] = match;
  const ruleText = rest!.split(/\s--\s|\s--$/)[0]!.trim();
  const named = ruleText ? ruleText.split(/[\s,]+/).filter(Boolean) : [];
  let rules: string[] | null;
  if (tool === 'eslint') {
    rules = named.filter((rule) => rule.startsWith('obslint/')).map((rule) => rule.slice('obslint/'.length));
    if (rules.length === 0) return undefined;
  } else {
    rules = named.length === 0 ? null : named.map((rule) => rule.replace(/^obslint\//, ''));
  }
  if ((kind === 'disable-line' || kind === 'disable-next-line') && endLine !== line && kind === 'disable-line') {
    // A disable-line directive in a multi-line block comment is ambiguous; ESLint rejects it too.
    return undefined;
  }
  return { kind: kind as DirectiveKind, rules, line, column, endLine, text: body.trim() };
}

export interface DirectiveOutcome {
  kept: Finding[];
  /** Directives (or single rules of them) that suppressed nothing. */
  unused: { directive: Directive; rule: string | null }[];
}

function before(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.column <= b.column);
}

/** Drops the findings that a directive suppresses and tells which directives were never used. */
export function applyDirectives(findings: Finding[], directives: Directive[]): DirectiveOutcome {
  if (directives.length === 0) return { kept: findings, unused: [] };
  const used = new Map<Directive, Set<string | null>>();
  const markUsed = (directive: Directive, rule: string) => {
    let set = used.get(directive);
    if (!set) used.set(directive, (set = new Set()));
    set.add(directive.rules === null ? null : rule);
  };
  const blocks = directives
    .filter((d) => d.kind === 'disable' || d.kind === 'enable')
    .sort((a, b) => a.line - b.line || a.column - b.column);

  const kept: Finding[] = [];
  for (const finding of findings) {
    const rule = finding.ruleId;
    if (rule === null || finding.fatal) {
      kept.push(finding);
      continue;
    }
    const covers = (d: Directive) => d.rules === null || d.rules.includes(rule);
    let suppressedBy: Directive | undefined;
    for (const d of directives) {
      if (!covers(d)) continue;
      if (
        (d.kind === 'disable-line' && d.line === finding.start.line) ||
        (d.kind === 'disable-next-line' && d.endLine + 1 === finding.start.line)
      ) {
        suppressedBy = d;
        break;
      }
    }
    if (!suppressedBy) {
      let activeDisable: Directive | undefined;
      for (const d of blocks) {
        if (!before(d, finding.start)) break;
        if (!covers(d)) continue;
        activeDisable = d.kind === 'disable' ? d : undefined;
      }
      suppressedBy = activeDisable;
    }
    if (suppressedBy) markUsed(suppressedBy, rule);
    else kept.push(finding);
  }

  const unused: DirectiveOutcome['unused'] = [];
  for (const d of directives) {
    if (d.kind === 'enable') continue;
    const usedRules = used.get(d);
    if (d.rules === null) {
      if (!usedRules) unused.push({ directive: d, rule: null });
    } else {
      for (const rule of d.rules) if (!usedRules?.has(rule)) unused.push({ directive: d, rule });
    }
  }
  return { kept, unused };
}

/** The finding `--report-unused-disable-directives` makes of a directive (or one rule of it) that suppressed nothing. */
export function unusedDirectiveFinding(path: string, { directive, rule }: DirectiveOutcome['unused'][number]): Finding {
  return {
    ruleId: null,
    severity: 'error',
    file: path,
    start: { line: directive.line, column: directive.column },
    end: { line: directive.line, column: directive.column },
    message: rule
      ? `Unused obslint directive (no problems were reported from '${rule}').`
      : 'Unused obslint directive (no problems were reported).',
    help: 'Remove the directive, or the rule name from it.',
    fingerprint: '',
  };
}
