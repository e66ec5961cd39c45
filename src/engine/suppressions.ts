/**
 * The baseline: `obslint-suppressions.json`, in ESLint's bulk-suppressions shape `{ "<file>": { "<rule>": { "count": n } } }`
 * (paths relative to the working directory, POSIX; no line numbers, so it survives edits).
 *
 * Only errors are suppressed. While a file has at most `count` errors of a rule, they are absorbed; when the count
 * rises, every one of them is reported again (which of them is new cannot be told without line numbers). Entries
 * that no longer occur — fewer errors than counted, or a file that is gone — are "unpruned": the CLI fails on them
 * so that the baseline only ever shrinks, unless they are pruned or explicitly allowed.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { FileResult, Finding } from '../findings.js';
import { UsageError } from '../config/errors.js';
import { writeFileAtomically } from '../util/write-file-atomically.js';

export const defaultSuppressionsFile = 'obslint-suppressions.json';

export type Suppressions = Record<string, Record<string, { count: number }>>;

export type SuppressionUpdate = { suppressAll?: boolean; suppressRules?: readonly string[]; prune?: boolean };

const keyOf = (file: string, cwd: string) => relative(cwd, file).split(sep).join('/');

const suppressible = (finding: Finding): finding is Finding & { ruleId: string } =>
  finding.ruleId !== null && finding.severity === 'error' && !finding.fatal && !finding.internal;

/** Errors per linted file and rule, keyed like the suppressions file (files without errors are present and empty). */
export function countErrors(results: readonly FileResult[], cwd: string): Suppressions {
  const counts: Suppressions = {};
  for (const result of results) {
    const perRule: Record<string, { count: number }> = {};
    for (const finding of result.findings) {
      if (suppressible(finding)) (perRule[finding.ruleId] ??= { count: 0 }).count++;
    }
    counts[keyOf(result.file, cwd)] = perRule;
  }
  return counts;
}

export function readSuppressions(path: string): Suppressions {
  if (!existsSync(path)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a valid suppressions file: ${(error as Error).message}`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(data))
    throw new UsageError(`${path}: a suppressions file is an object { "<file>": { "<rule>": { "count": n } } }`);
  for (const [file, rules] of Object.entries(data)) {
    if (!isObject(rules)) throw new UsageError(`${path}: the entry for '${file}' must be an object of rules`);
    for (const [rule, entry] of Object.entries(rules)) {
      const count = isObject(entry) ? entry.count : undefined;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        throw new UsageError(`${path}: '${file}' › '${rule}' needs { "count": <positive integer> }`);
      }
    }
  }
  return data as Suppressions;
}

/** Key-sorted JSON with a final newline, so the committed file diffs cleanly. */
export function serialiseSuppressions(suppressions: Suppressions): string {
  const sorted: Suppressions = {};
  for (const file of Object.keys(suppressions).sort()) {
    const rules = suppressions[file]!;
    const ids = Object.keys(rules).sort();
    if (ids.length === 0) continue;
    sorted[file] = Object.fromEntries(ids.map((id) => [id, { count: rules[id]!.count }]));
  }
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

export function writeSuppressions(path: string, suppressions: Suppressions): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomically(path, serialiseSuppressions(suppressions));
}

/**
 * The suppressions after `--suppress-all` / `--suppress-rule` (record the current error counts of linted files, for
 * every rule or the named ones) and `--prune-suppressions` (lower counts to what still occurs, drop entries that no
 * longer occur or whose file is gone). Entries for files this run did not lint are kept as they are.
 */
export function updateSuppressions(
  existing: Suppressions,
  results: readonly FileResult[],
  cwd: string,
  update: SuppressionUpdate,
): Suppressions {
  const actual = countErrors(results, cwd);
  const next: Suppressions = structuredClone(existing);
  for (const [file, rules] of Object.entries(actual)) {
    const entry = (next[file] ??= {});
    if (update.suppressAll) {
      for (const id of Object.keys(entry)) delete entry[id];
      Object.assign(entry, structuredClone(rules));
    } else if (update.suppressRules?.length) {
      for (const id of update.suppressRules) {
        if (rules[id]) entry[id] = { count: rules[id].count };
        else delete entry[id];
      }
    }
    if (update.prune) {
      for (const [id, { count }] of Object.entries(entry)) {
        const occurring = rules[id]?.count ?? 0;
        if (occurring === 0) delete entry[id];
        else entry[id] = { count: Math.min(count, occurring) };
      }
    }
    if (Object.keys(entry).length === 0) delete next[file];
  }
  if (update.prune) {
    for (const file of Object.keys(next)) if (!(file in actual) && !existsSync(resolve(cwd, file))) delete next[file];
  }
  return next;
}

export interface AppliedSuppressions {
  results: FileResult[];
  /** Findings absorbed by the baseline. */
  suppressed: Finding[];
  /** Entries that no longer occur, with the count that is left over (what `--prune-suppressions` would remove). */
  unused: Suppressions;
}

/** Absorbs the suppressed errors and finds the entries that no longer occur. */
export function applySuppressions(
  results: readonly FileResult[],
  suppressions: Suppressions,
  cwd: string,
): AppliedSuppressions {
  const suppressed: Finding[] = [];
  const unused: Suppressions = {};
  const linted = new Set<string>();
  const kept = results.map((result) => {
    const file = keyOf(result.file, cwd);
    linted.add(file);
    const allowed = suppressions[file] ?? {};
    const errors = new Map<string, Finding[]>();
    for (const finding of result.findings) {
      if (!suppressible(finding)) continue;
      const list = errors.get(finding.ruleId);
      if (list) list.push(finding);
      else errors.set(finding.ruleId, [finding]);
    }
    const absorbed = new Set<Finding>();
    for (const [rule, { count }] of Object.entries(allowed)) {
      const occurring = errors.get(rule) ?? [];
      if (occurring.length <= count) for (const finding of occurring) absorbed.add(finding);
      if (occurring.length < count) (unused[file] ??= {})[rule] = { count: count - occurring.length };
    }
    if (absorbed.size === 0) return result;
    suppressed.push(...absorbed);
    return { ...result, findings: result.findings.filter((finding) => !absorbed.has(finding)) };
  });
  // A file that is gone cannot have the errors its entries count.
  for (const [file, rules] of Object.entries(suppressions)) {
    if (!linted.has(file) && !existsSync(resolve(cwd, file))) unused[file] = structuredClone(rules);
  }
  return { results: kept, suppressed, unused };
}

/** "src/a.ts: require-span-end (1 left over)" lines for the error message. */
export function describeUnused(unused: Suppressions): string[] {
  return Object.entries(unused).flatMap(([file, rules]) =>
    Object.entries(rules).map(([rule, { count }]) => `${file}: ${rule} (${count} no longer occurring)`),
  );
}
