import { createHash } from 'node:crypto';
import type { Finding } from '../findings.js';

/**
 * Fingerprints stable under line shifts: rule + repo-relative path + the finding's source text with whitespace
 * collapsed + its occurrence index among identical (rule, path, text) triples. Used by baselines and SARIF.
 */
export function assignFingerprints(
  findings: Finding[],
  relativePath: string,
  sourceTextOf: (finding: Finding) => string,
): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const normalised = sourceTextOf(finding).replace(/\s+/g, ' ').trim();
    const key = `${finding.ruleId ?? ''}\u0000${relativePath}\u0000${normalised}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    finding.fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  }
}
