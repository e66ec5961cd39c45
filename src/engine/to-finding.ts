/**
 * A front end's raw finding (character offsets) as users see it: 1-based positions, the docs link, related
 * locations in this or another linted file. Shared by the engine's file results and the ESLint adapter's directive
 * matching, so both read a finding's position the same way.
 */
import { docsUrl } from '../rule.js';
import type { Finding } from '../findings.js';
import type { RawFinding } from '../languages/typescript/run-code-rules.js';
import type { LineMap } from './text-positions.js';

/** `linesOf` gives another file's line map (for related locations there); without one those locations are dropped. */
export function toFinding(
  path: string,
  lines: LineMap,
  raw: RawFinding,
  linesOf: (file: string) => LineMap | undefined,
): Finding {
  return {
    ruleId: raw.ruleId,
    severity: raw.severity,
    file: path,
    start: lines.position(raw.start),
    end: lines.position(raw.end),
    message: raw.message,
    help: raw.help,
    docsUrl: raw.ruleId ? docsUrl(raw.ruleId) : undefined,
    fingerprint: '',
    related: raw.related?.flatMap((related) => {
      const elsewhere = related.file && related.file !== path;
      const relatedLines = elsewhere ? linesOf(related.file!) : lines;
      if (!relatedLines) return [];
      const location = {
        start: relatedLines.position(related.start),
        end: relatedLines.position(related.end),
        message: related.message,
      };
      return [elsewhere ? { file: related.file!, ...location } : location];
    }),
    ...(raw.fatal ? { fatal: true } : {}),
    ...(raw.internal ? { internal: true } : {}),
    ...(raw.doubtful ? { doubtful: true } : {}),
  };
}
