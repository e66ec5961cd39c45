#!/usr/bin/env node
/**
 * The real-world regression harness: runs obslint on a checked-out public repository and compares its default
 * findings with a verdict file kept in `real-world/verdicts/` (one line per judged finding: path, line, rule,
 * verdict, why). Prints the true positives kept, the false positives kept, the true positives lost and the findings
 * nobody has judged yet, with precision per rule. Run by hand where the repositories are checked out; CI has no
 * network, so it is not part of `npm test`.
 *
 *   npm run real-world -- <repository-dir> <verdicts.tsv> [--record] [-- <obslint arguments>]
 *
 * --record  appends the unjudged findings to the verdict file with verdict `?`, to be judged by reading the code.
 * Exit code: 0 when nothing regressed, 1 when a true positive was lost or a finding judged wrong is back.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const verdictNames = { tp: 'defect', wrong: 'wrong', nwf: 'not worth fixing', '?': 'not judged yet' };
/** A finding still matches its verdict when the code above it moved by at most this many lines. */
const lineSlack = 3;

function usage(message) {
  if (message) console.error(`real-world: ${message}`);
  console.error('usage: npm run real-world -- <repository-dir> <verdicts.tsv> [--record] [-- <obslint arguments>]');
  process.exit(2);
}

function parseArguments(argv) {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const extra = separator === -1 ? [] : argv.slice(separator + 1);
  const record = own.includes('--record');
  const positional = own.filter((arg) => arg !== '--record');
  if (positional.length !== 2) usage('expected a repository directory and a verdict file');
  return { repository: resolve(positional[0]), verdictFile: resolve(positional[1]), record, extra };
}

/** `path<TAB>line<TAB>rule<TAB>verdict<TAB>why`; `#` lines are comments (the first names the repository and commit). */
function readVerdicts(file) {
  const verdicts = [];
  for (const [index, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('path\t')) continue;
    const [path, lineNumber, rule, verdict, why = ''] = line.split('\t');
    if (!path || !rule || !(verdict in verdictNames) || !Number.isInteger(Number(lineNumber))) {
      usage(
        `${file}:${index + 1}: expected path, line, rule, verdict (${Object.keys(verdictNames).join('|')}) and why, tab-separated`,
      );
    }
    verdicts.push({ path, line: Number(lineNumber), rule, verdict, why, matched: false });
  }
  return verdicts;
}

function runObslint(repository, extra) {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'obslint.js');
  const result = spawnSync(process.execPath, [bin, '.', '-f', 'json', ...extra], {
    cwd: repository,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (result.status !== 0 && result.status !== 1) {
    console.error(result.stderr);
    usage(`obslint exited ${result.status} on ${repository}`);
  }
  const findings = [];
  for (const file of JSON.parse(result.stdout)) {
    const path = relative(repository, file.filePath).split(sep).join('/');
    for (const message of file.messages)
      findings.push({ path, line: message.line, rule: message.ruleId ?? '(none)', message: message.message });
  }
  return findings;
}

/** The verdict a finding has: same path and rule, the nearest line within the slack, each verdict used once. */
function match(finding, verdicts) {
  let best;
  for (const verdict of verdicts) {
    if (verdict.matched || verdict.path !== finding.path || verdict.rule !== finding.rule) continue;
    const distance = Math.abs(verdict.line - finding.line);
    if (distance <= lineSlack && (!best || distance < Math.abs(best.line - finding.line))) best = verdict;
  }
  if (best) best.matched = true;
  return best;
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ')).join('\n');
}

const { repository, verdictFile, record, extra } = parseArguments(process.argv.slice(2));
const verdicts = readVerdicts(verdictFile);
const findings = runObslint(repository, extra);
const byRule = new Map();
const groups = { tp: [], wrong: [], nwf: [], '?': [], unjudged: [] };
for (const finding of findings) {
  const verdict = match(finding, verdicts);
  const key = verdict ? verdict.verdict : 'unjudged';
  groups[key].push({ ...finding, why: verdict?.why });
  const counts = byRule.get(finding.rule) ?? { findings: 0, tp: 0, wrong: 0, nwf: 0, open: 0 };
  counts.findings++;
  if (key === 'tp' || key === 'wrong' || key === 'nwf') counts[key]++;
  else counts.open++;
  byRule.set(finding.rule, counts);
}
const lost = verdicts.filter((verdict) => !verdict.matched && verdict.verdict === 'tp');
const gone = verdicts.filter(
  (verdict) => !verdict.matched && (verdict.verdict === 'wrong' || verdict.verdict === 'nwf'),
);

const show = (title, list, withWhy = true) => {
  if (list.length === 0) return;
  console.log(`\n${title} (${list.length})`);
  for (const item of list)
    console.log(
      `  ${item.path}:${item.line}  ${item.rule}${withWhy && item.why ? `  — ${item.why}` : ''}${item.message && !item.why ? `  — ${item.message.slice(0, 140)}` : ''}`,
    );
};
show('Kept false positives: judged wrong', groups.wrong);
show('Kept findings judged not worth fixing', groups.nwf);
show('Lost true positives', lost);
show('Findings not judged yet', [...groups.unjudged, ...groups['?']]);
if (gone.length) console.log(`\nFalse positives and nits no longer reported: ${gone.length}`);
console.log(`\nTrue positives kept: ${groups.tp.length}\n`);
const rows = [['rule', 'findings', 'defect', 'wrong', 'not worth fixing', 'not judged', 'precision']];
for (const [rule, counts] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
  const judged = counts.tp + counts.wrong + counts.nwf;
  rows.push([
    rule,
    counts.findings,
    counts.tp,
    counts.wrong,
    counts.nwf,
    counts.open,
    judged ? `${Math.round((100 * counts.tp) / judged)}%` : '-',
  ]);
}
console.log(table(rows));

if (record && groups.unjudged.length > 0) {
  appendFileSync(
    verdictFile,
    groups.unjudged
      .map(
        (finding) =>
          `${finding.path}\t${finding.line}\t${finding.rule}\t?\t${finding.message.replace(/\s+/g, ' ').slice(0, 160)}\n`,
      )
      .join(''),
  );
  console.log(
    `\nRecorded ${groups.unjudged.length} findings with verdict ? in ${verdictFile}: judge them by reading the code.`,
  );
}
process.exit(lost.length > 0 || groups.wrong.length > 0 ? 1 : 0);
