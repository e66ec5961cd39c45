/**
 * JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure DevOps): one test suite per linted
 * file, one failing test case per finding, and one passing case for a clean file so the report counts it.
 */
import type { FileResult } from '../findings.js';
import type { FormatContext } from './format-context.js';
import { repositoryPath } from './locations.js';
import { skippedPath } from './skipped-notes.js';

/** XML 1.0 forbids most control characters even when escaped. */
function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export function formatJunit(results: readonly FileResult[], context: FormatContext): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const result of results) {
    const path = repositoryPath(result.file, context);
    const cases: string[] = [];
    for (const finding of result.findings) {
      const rule = finding.ruleId ?? (finding.fatal ? 'fatal' : 'obslint');
      const severity = finding.severity === 'error' ? 'error' : 'warning';
      const body = [
        `${path}:${finding.start.line}:${finding.start.column} ${severity} ${finding.message}`,
        ...(finding.related ?? []).map((related) => `  line ${related.start.line}: ${related.message}`),
        ...(finding.help ? [`How to fix: ${finding.help}`] : []),
        ...(finding.docsUrl ? [`Docs: ${finding.docsUrl}`] : []),
      ].join('\n');
      cases.push(
        `    <testcase name="${xmlAttribute(`${rule} at line ${finding.start.line}, column ${finding.start.column}`)}" classname="${xmlAttribute(path)}" time="0">\n` +
          `      <failure message="${xmlAttribute(finding.message)}" type="${xmlAttribute(`${severity}: ${rule}`)}">${xmlText(body)}</failure>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0)
      cases.push(`    <testcase name="no observability findings" classname="${xmlAttribute(path)}" time="0"/>`);
    tests += cases.length;
    failures += result.findings.length;
    suites.push(
      `  <testsuite name="${xmlAttribute(path)}" tests="${cases.length}" failures="${result.findings.length}" errors="0" skipped="0" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  // What was not linted: one skipped test case per path, in a suite of its own, so CI test views count it.
  if (context.skipped.length > 0) {
    const cases = context.skipped.map(
      (skip) =>
        `    <testcase name="${xmlAttribute(`not linted: ${skippedPath(skip, { cwd: context.repositoryRoot ?? context.cwd })}`)}" classname="obslint.skipped" time="0">\n` +
        `      <skipped message="${xmlAttribute(skip.reason)}"/>\n` +
        `    </testcase>`,
    );
    tests += cases.length;
    suites.push(
      `  <testsuite name="obslint: not linted" tests="${cases.length}" failures="0" errors="0" skipped="${cases.length}" time="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="obslint" tests="${tests}" failures="${failures}" errors="0"${context.skipped.length ? ` skipped="${context.skipped.length}"` : ''} time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
