/**
 * GitHub Actions workflow commands: each finding becomes an `::error` / `::warning` annotation on its line.
 *
 * GitHub shows at most 10 error and 10 warning annotations per step, so errors come first, at most 10 of each
 * severity are emitted, and one `::notice` counts the rest; those are then listed as plain log lines inside a
 * `::stop-commands::` block, where nothing they contain can be taken for a command.
 *
 * What was not linted is one `::notice` at the end: its count, and the skips obslint decided (build output, size…).
 *
 * Escaping follows the Actions toolkit: in the message `%`, `\r`, `\n` are percent-encoded, in property values
 * also `:` and `,` — so a message or file name can never end the command early or start another one.
 */
import { createHash } from 'node:crypto';
import type { FileResult, Finding } from '../findings.js';
import type { FormatContext } from './format-context.js';
import { repositoryPath } from './locations.js';
import { isRoutineSkip, skippedCountText, skippedPath } from './skipped-notes.js';

/** GitHub's per-step limit for each of error, warning and notice annotations. */
export const annotationsPerSeverity = 10;

export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error file=a.ts,line=3::message`. */
export function workflowCommand(
  command: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

function annotationText(finding: Finding, context: FormatContext): string {
  let text = finding.message;
  for (const related of finding.related ?? []) {
    const where =
      related.file && related.file !== finding.file
        ? `${repositoryPath(related.file, context)}:${related.start.line}`
        : `line ${related.start.line}`;
    text += ` (${where}: ${related.message})`;
  }
  if (finding.help) text += `\nHow to fix: ${finding.help}`;
  if (finding.docsUrl) text += `\nDocs: ${finding.docsUrl}`;
  return text;
}

function annotation(finding: Finding, path: string, context: FormatContext): string {
  const { start, end } = finding;
  const sameLine = end.line === start.line;
  return workflowCommand(
    finding.severity === 'error' ? 'error' : 'warning',
    {
      file: path,
      line: start.line,
      // The toolkit allows columns only on single-line annotations; a multi-line finding keeps its start column.
      endLine: sameLine ? end.line : undefined,
      col: start.column,
      endColumn: sameLine && end.column > start.column ? end.column : undefined,
      title: finding.ruleId ? `obslint ${finding.ruleId}` : finding.fatal ? 'obslint: file not analysed' : 'obslint',
    },
    annotationText(finding, context),
  );
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Skipped paths named in the notice; the rest are counted (the notice is one annotation, not a log). */
const skipsNamed = 20;

/** One `::notice` for what was not linted: the count, then the paths obslint decided to skip and why. */
function skippedNotice(context: FormatContext): string | undefined {
  const count = skippedCountText(context.skipped);
  if (!count) return undefined;
  const notable = context.skipped.filter((skip) => !isRoutineSkip(skip));
  const named = notable
    .slice(0, skipsNamed)
    .map((skip) => `${skippedPath(skip, { cwd: context.repositoryRoot ?? context.cwd })}: ${skip.reason}`);
  const more = notable.length > skipsNamed ? [`… and ${notable.length - skipsNamed} more`] : [];
  return workflowCommand('notice', { title: 'obslint: not linted' }, [`${count}.`, ...named, ...more].join('\n'));
}

export function formatGithub(results: readonly FileResult[], context: FormatContext): string {
  const all = results.flatMap((result) =>
    result.findings.map((finding) => ({ finding, path: repositoryPath(result.file, context) })),
  );
  const errors = all.filter(({ finding }) => finding.severity === 'error');
  const warnings = all.filter(({ finding }) => finding.severity !== 'error');
  const shown = [...errors.slice(0, annotationsPerSeverity), ...warnings.slice(0, annotationsPerSeverity)];
  const hidden = [...errors.slice(annotationsPerSeverity), ...warnings.slice(annotationsPerSeverity)];
  const lines = shown.map(({ finding, path }) => annotation(finding, path, context));
  if (hidden.length > 0) {
    const hiddenErrors = Math.max(0, errors.length - annotationsPerSeverity);
    const hiddenWarnings = hidden.length - hiddenErrors;
    const counted = [
      hiddenErrors ? plural(hiddenErrors, 'error') : '',
      hiddenWarnings ? plural(hiddenWarnings, 'warning') : '',
    ]
      .filter(Boolean)
      .join(' and ');
    lines.push(
      workflowCommand(
        'notice',
        { title: 'obslint: more findings' },
        `${counted} more ${hidden.length === 1 ? 'is' : 'are'} not shown as annotations (GitHub shows at most ${annotationsPerSeverity} errors and ${annotationsPerSeverity} warnings per step). They are listed in this step's log and in the job summary; upload the SARIF report to see every finding in code scanning.`,
      ),
    );
    const listing = hidden.map(({ finding, path }) => {
      const severity = finding.severity === 'error' ? 'error' : 'warning';
      return `${path}:${finding.start.line}:${finding.start.column}: ${severity} [${finding.ruleId ?? 'obslint'}] ${finding.message}`.replace(
        /[\r\n]+/g,
        ' ',
      );
    });
    // The resume token is derived from the listing, so the listing cannot contain it.
    const token = `obslint-${createHash('sha256').update(listing.join('\n')).digest('hex').slice(0, 24)}`;
    lines.push(`::stop-commands::${token}`, ...listing, `::${token}::`);
  }
  const skipped = skippedNotice(context);
  if (skipped) lines.push(skipped);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
