/**
 * The job summary (GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`): the verdict, what the baseline and diff
 * mode hid, per-family health figures (spans started vs. proven ended, config objects checked…), findings by rule,
 * the files with most findings, then every finding — cut off so that the whole stays under GitHub's 1 MiB limit.
 */
import type { FileResult, Finding } from '../findings.js';
import { docsUrl, type RuleFamily } from '../rule.js';
import { engineCounters } from '../run-counters.js';
import type { FormatContext } from './format-context.js';
import { repositoryPath } from './locations.js';
import { skippedCountText } from './skipped-notes.js';

/** GitHub rejects a step summary over 1 MiB; stay well below it. */
export const summaryByteLimit = 1024 * 1024 - 16 * 1024;

const familyOrder: RuleFamily[] = ['spans', 'context', 'metrics', 'logs', 'config'];
const familyLabel: Record<RuleFamily, string> = {
  spans: 'Span closure',
  context: 'Context propagation',
  metrics: 'Metric cardinality',
  logs: 'Log correlation',
  config: 'SLO and alert configs',
};
const sloKinds = ['sloth', 'sloth-crd', 'openslo', 'openslo-v1alpha', 'pyrra'];
const ruleFileKinds = ['prometheus-rules', 'prometheus-rule-crd'];
/** The rule whose findings are the spans not proven ended. */
const spanEndRule = 'require-span-end';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Text for a table cell: no raw HTML, no column breaks, no line breaks. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, '<br>');
}

function code(text: string): string {
  return `\`${text
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')}\``;
}

interface Tally {
  errors: number;
  warnings: number;
}

function tally(findings: Iterable<Finding>): Tally {
  const t = { errors: 0, warnings: 0 };
  for (const finding of findings) finding.severity === 'error' ? t.errors++ : t.warnings++;
  return t;
}

function describe(t: Tally): string {
  if (t.errors + t.warnings === 0) return 'none';
  return [t.errors ? plural(t.errors, 'error') : '', t.warnings ? plural(t.warnings, 'warning') : '']
    .filter(Boolean)
    .join(', ');
}

function ruleLink(ruleId: string | null): string {
  return ruleId ? `[${code(ruleId)}](${docsUrl(ruleId)})` : 'obslint';
}

/** "context.detachedCallbacks" → "detached callbacks". */
function counterLabel(name: string): string {
  return name
    .slice(name.indexOf('.') + 1)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.]/g, ' ')
    .toLowerCase();
}

function checkedFigures(
  family: RuleFamily,
  ruleCount: number,
  counters: Readonly<Record<string, number>>,
  hiddenByRule: Record<string, number>,
  shownSpanEnd: number,
): string {
  const sum = (kinds: string[]) =>
    kinds.reduce((total, kind) => total + (counters[`${engineCounters.configObjectPrefix}${kind}`] ?? 0), 0);
  if (family === 'config') {
    const slos = sum(sloKinds);
    const ruleFiles = sum(ruleFileKinds);
    return slos + ruleFiles === 0
      ? 'no rule files or SLO specs found'
      : `${plural(slos, 'SLO spec')}, ${plural(ruleFiles, 'Prometheus rule file')}`;
  }
  const figures: string[] = [];
  const spanCounters = ['spans.started', 'spans.proven-ended', 'spans.handed-off'];
  if (family === 'spans' && counters['spans.started'] !== undefined) {
    const started = counters['spans.started'];
    const notEnded = Math.min(started, shownSpanEnd + (hiddenByRule[spanEndRule] ?? 0));
    const proven = counters['spans.proven-ended'] ?? started - notEnded;
    const handedOff = counters['spans.handed-off'] ?? 0;
    figures.push(
      `${plural(started, 'span')} started, ${proven} proven ended on every path${handedOff ? `, ${handedOff} handed off` : ''}`,
    );
  }
  for (const [name, value] of Object.entries(counters)) {
    if (name.startsWith(`${family}.`) && !spanCounters.includes(name)) figures.push(`${counterLabel(name)}: ${value}`);
  }
  return figures.length ? figures.join(', ') : plural(ruleCount, 'rule');
}

export function formatMarkdown(results: readonly FileResult[], context: FormatContext): string {
  const counters = context.counters ?? {};
  const hiddenByRule = context.gate?.hiddenByRule ?? {};
  const findings = results.flatMap((result) =>
    result.findings.map((finding) => ({ finding, path: repositoryPath(result.file, context) })),
  );
  const total = tally(findings.map(({ finding }) => finding));
  const out: string[] = [];

  const verdict =
    total.errors + total.warnings === 0 ? '✅ no findings' : `${total.errors ? '❌' : '⚠️'} ${describe(total)}`;
  out.push(`## obslint: ${verdict}`, '');

  const typed = counters[engineCounters.typedFiles] ?? 0;
  const syntax = counters[engineCounters.syntaxFiles] ?? 0;
  const configFiles = results.filter((result) => /\.ya?ml$/i.test(result.file)).length;
  const scope = [
    typed + syntax > 0 ? `${plural(typed + syntax, 'code file')} (${typed} with types, ${syntax} syntax only)` : '',
    configFiles > 0 ? plural(configFiles, 'YAML config file') : '',
  ].filter(Boolean);
  const notes = [`Checked ${scope.length ? scope.join(' and ') : `${plural(results.length, 'file')}`}.`];
  const gate = context.gate;
  if (gate?.since)
    notes.push(
      `Only findings on lines changed since ${code(gate.since)} are reported: ${plural(gate.outsideDiff, 'older finding')} not shown.`,
    );
  if (gate && gate.suppressed > 0)
    notes.push(
      `The baseline${gate.suppressionsFile ? ` (${code(gate.suppressionsFile)})` : ''} absorbed ${plural(gate.suppressed, 'known finding')}.`,
    );
  const skipped = skippedCountText(context.skipped);
  if (skipped)
    notes.push(`${skipped[0]!.toUpperCase()}${skipped.slice(1).replace('--debug-files', '`--debug-files`')}.`);
  out.push(notes.join(' '), '');

  // Health by family.
  const families = familyOrder.filter((family) => context.rules.some((rule) => rule.meta.family === family));
  const familyOf = new Map(context.rules.map((rule) => [rule.meta.id, rule.meta.family]));
  if (families.length) {
    out.push('### Telemetry health', '', '| Area | Checked | Findings |', '|---|---|---|');
    for (const family of families) {
      const own = findings
        .filter(({ finding }) => finding.ruleId !== null && familyOf.get(finding.ruleId) === family)
        .map(({ finding }) => finding);
      const hidden = Object.entries(hiddenByRule).reduce(
        (sum, [ruleId, count]) => sum + (familyOf.get(ruleId) === family ? count : 0),
        0,
      );
      const shownSpanEnd = own.filter((finding) => finding.ruleId === spanEndRule).length;
      const status = describe(tally(own));
      out.push(
        `| ${familyLabel[family]} | ${cell(checkedFigures(family, context.rules.filter((rule) => rule.meta.family === family).length, counters, hiddenByRule, shownSpanEnd))} | ${status === 'none' ? '✅ none' : status}${hidden ? ` (+${hidden} known)` : ''} |`,
      );
    }
    out.push('');
  }

  if (findings.length > 0) {
    // By rule.
    const byRule = new Map<string, Finding[]>();
    for (const { finding } of findings) {
      const key = finding.ruleId ?? '';
      const list = byRule.get(key);
      if (list) list.push(finding);
      else byRule.set(key, [finding]);
    }
    out.push('### Findings by rule', '', '| Rule | Family | Errors | Warnings |', '|---|---|---:|---:|');
    for (const [ruleId, list] of [...byRule].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))) {
      const t = tally(list);
      out.push(
        `| ${ruleLink(ruleId || null)} | ${ruleId ? (familyOf.get(ruleId) ?? '') : ''} | ${t.errors} | ${t.warnings} |`,
      );
    }
    out.push('');

    // Top files.
    const byFile = new Map<string, Tally>();
    for (const { finding, path } of findings) {
      const t = byFile.get(path) ?? { errors: 0, warnings: 0 };
      finding.severity === 'error' ? t.errors++ : t.warnings++;
      byFile.set(path, t);
    }
    const topFiles = [...byFile]
      .sort(([a, x], [b, y]) => y.errors - x.errors || y.warnings - x.warnings || a.localeCompare(b))
      .slice(0, 10);
    out.push(
      byFile.size > 10 ? `### Top 10 of ${byFile.size} files` : '### Files',
      '',
      '| File | Errors | Warnings |',
      '|---|---:|---:|',
    );
    for (const [path, t] of topFiles) out.push(`| ${code(path)} | ${t.errors} | ${t.warnings} |`);
    out.push('');

    // Every finding, within the size limit.
    out.push(
      `<details><summary>All ${plural(findings.length, 'finding')}</summary>`,
      '',
      '| | Location | Rule | Message |',
      '|---|---|---|---|',
    );
    const closing = ['', '</details>', ''];
    let bytes = Buffer.byteLength(out.join('\n')) + 400;
    let listed = 0;
    for (const { finding, path } of findings) {
      const row = `| ${finding.severity === 'error' ? '❌' : '⚠️'} | ${code(`${path}:${finding.start.line}:${finding.start.column}`)} | ${ruleLink(finding.ruleId)} | ${cell(finding.message)} |`;
      const size = Buffer.byteLength(row) + 1;
      if (bytes + size > summaryByteLimit) break;
      out.push(row);
      bytes += size;
      listed++;
    }
    if (listed < findings.length)
      out.push(
        '',
        `…and ${plural(findings.length - listed, 'more finding')}, left out to keep this summary under GitHub's 1 MiB limit.`,
      );
    out.push(...closing);
  }
  return `${out.join('\n')}\n`;
}
