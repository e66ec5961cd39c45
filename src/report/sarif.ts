/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer): one run, every rule described from its
 * metadata, one result per finding with a repository-relative location, its related locations (the leaking exit,
 * the other definition…) and the finding's line-shift-stable fingerprint as `primaryLocationLineHash`.
 *
 * Findings that belong to no rule (files that could not be parsed, obslint's own errors, unused directives) are
 * tool execution notifications, not results: they say what obslint could not check, not what is wrong.
 */
import { pathToFileURL } from 'node:url';
import type { FileResult, Finding, Position, RelatedLocation } from '../findings.js';
import { docsUrl, repositoryUrl, type AnyRule, type RuleFamily } from '../rule.js';
import { version } from '../version.js';
import type { FormatContext } from './format-context.js';
import { repositoryPath } from './locations.js';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub accepts at most 25,000 results per run (and shows the first 5,000 by severity). */
const maxResults = 25_000;
/** The notification descriptor of a file or folder discovery did not lint (declared in `driver.notifications`). */
const skippedNotification = 'obslint/not-linted';

/** GitHub's limit for `shortDescription` / `fullDescription`. */
const maxDescription = 1024;

const familyTags: Record<RuleFamily, string[]> = {
  spans: ['opentelemetry', 'tracing'],
  context: ['opentelemetry', 'context-propagation'],
  metrics: ['metrics', 'cardinality'],
  logs: ['logging', 'log-correlation'],
  config: ['prometheus', 'slo', 'alerting'],
};

type Level = 'error' | 'warning';

const level = (severity: Finding['severity']): Level => (severity === 'error' ? 'error' : 'warning');

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `require-span-end` → `RequireSpanEnd`: SARIF's readable rule name. */
function pascalCase(id: string): string {
  return id.replace(/(^|[-_/])([a-z0-9])/g, (_, _separator: string, letter: string) => letter.toUpperCase());
}

function ruleDescriptor(rule: AnyRule) {
  const { meta } = rule;
  const url = docsUrl(meta.id);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: truncate(meta.description, maxDescription) },
    fullDescription: { text: truncate(meta.rationale, maxDescription) },
    help: {
      text: `${meta.description}\n\n${meta.rationale}\n\nDocumentation: ${url}`,
      markdown: `**${meta.description}**\n\n${meta.rationale}\n\n[Documentation for \`${meta.id}\`](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: level(meta.defaultSeverity) },
    properties: {
      tags: ['observability', ...familyTags[meta.family]],
      precision: 'high',
      'problem.severity': level(meta.defaultSeverity),
      family: meta.family,
    },
  };
}

/** A URI reference for a path: relative POSIX segments percent-encoded, or a `file:` URL when outside the root. */
function artifactUri(file: string, context: FormatContext, directory = false): { uri: string; uriBaseId?: string } {
  const path = repositoryPath(file, context);
  const slash = directory ? '/' : '';
  if (path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return { uri: `${pathToFileURL(file).href}${slash}` };
  return { uri: `${path.split('/').map(encodeURIComponent).join('/')}${slash}`, uriBaseId: '%SRCROOT%' };
}

/** SARIF regions are 1-based with an exclusive end column, which is what findings carry. */
function region(start: Position, end: Position) {
  const endLine = Math.max(end.line, start.line);
  const endColumn = endLine === start.line ? Math.max(end.column, start.column) : Math.max(end.column, 1);
  return { startLine: start.line, startColumn: Math.max(start.column, 1), endLine, endColumn };
}

function physicalLocation(file: string, start: Position, end: Position, context: FormatContext) {
  return { artifactLocation: artifactUri(file, context), region: region(start, end) };
}

function messageText(finding: Finding): string {
  return finding.help ? `${finding.message} ${finding.help}` : finding.message;
}

function relatedLocation(related: RelatedLocation, index: number, finding: Finding, context: FormatContext) {
  return {
    id: index + 1,
    physicalLocation: physicalLocation(related.file ?? finding.file, related.start, related.end, context),
    message: { text: related.message },
  };
}

export function formatSarif(results: readonly FileResult[], context: FormatContext): string {
  const rules = [...context.rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const sarifResults: object[] = [];
  const notifications: object[] = [];
  let dropped = 0;
  for (const result of results) {
    for (const finding of result.findings) {
      const index = finding.ruleId === null ? undefined : ruleIndex.get(finding.ruleId);
      const location = physicalLocation(result.file, finding.start, finding.end, context);
      if (index === undefined) {
        notifications.push({
          level: finding.severity === 'error' ? 'error' : 'warning',
          message: { text: messageText(finding) },
          locations: [{ physicalLocation: location }],
          ...(finding.ruleId ? { descriptor: { id: finding.ruleId } } : {}),
        });
        continue;
      }
      if (sarifResults.length >= maxResults) {
        dropped++;
        continue;
      }
      sarifResults.push({
        ruleId: finding.ruleId,
        ruleIndex: index,
        level: level(finding.severity),
        message: { text: messageText(finding) },
        locations: [{ physicalLocation: location }],
        partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
        ...(finding.related?.length
          ? { relatedLocations: finding.related.map((related, i) => relatedLocation(related, i, finding, context)) }
          : {}),
      });
    }
  }
  for (const skip of context.skipped) {
    notifications.push({
      level: 'note',
      message: { text: `Not linted${skip.directory ? ' (folder)' : ''}: ${skip.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifactUri(skip.file, context, skip.directory) } }],
      descriptor: { id: skippedNotification },
    });
  }
  if (dropped > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${dropped} findings were left out: GitHub code scanning accepts at most ${maxResults} results per run.`,
      },
    });
  }
  const root = context.repositoryRoot ?? context.cwd;
  const rootUri = pathToFileURL(root).href;
  const log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'obslint',
            semanticVersion: version,
            informationUri: repositoryUrl,
            rules: rules.map(ruleDescriptor),
            ...(context.skipped.length
              ? {
                  notifications: [
                    {
                      id: skippedNotification,
                      shortDescription: { text: 'A file or folder obslint did not lint, and why.' },
                      defaultConfiguration: { level: 'note' },
                    },
                  ],
                }
              : {}),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        invocations: [
          {
            executionSuccessful: !results.some((result) => result.findings.some((finding) => finding.internal)),
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
