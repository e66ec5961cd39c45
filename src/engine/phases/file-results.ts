/**
 * From raw findings to what users see, file by file: 1-based positions, inline directives applied (and, if asked,
 * unused directives reported), fingerprints stable under line shifts. Files come out sorted by path.
 */
import { relative, sep } from 'node:path';
import { compareFindings, type FileResult } from '../../findings.js';
import { applyDirectives, unusedDirectiveFinding } from '../directives.js';
import { assignFingerprints } from '../fingerprint.js';
import { toFinding } from '../to-finding.js';
import type { FileState, RunState } from '../run-state.js';

/** Characters of a finding's source text that go into its fingerprint. */
const fingerprintTextLimit = 200;

function fileResult(run: RunState, path: string, state: FileState): FileResult {
  const linesOf = (file: string) => run.states.get(file)?.lines;
  const findings = state.raw.map((raw) => toFinding(path, state.lines, raw, linesOf)).sort(compareFindings);
  const { kept, unused } = applyDirectives(findings, state.directives);
  if (run.options.reportUnusedDisableDirectives && unused.length > 0) {
    kept.push(...unused.map((entry) => unusedDirectiveFinding(path, entry)));
    kept.sort(compareFindings);
  }
  const relativePath = relative(run.cwd, path).split(sep).join('/');
  assignFingerprints(kept, relativePath, (finding) => {
    const start = state.lines.offset(finding.start);
    const end = Math.max(state.lines.offset(finding.end), start);
    return (
      state.file.text.slice(start, Math.min(end, start + fingerprintTextLimit)) ||
      state.lines.lineText(finding.start.line)
    );
  });
  return { file: path, findings: kept, source: state.file.text };
}

export function fileResults(run: RunState): FileResult[] {
  return [...run.states]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, state]) => fileResult(run, path, state));
}
