/**
 * The CI gate between the engine and the formats: the baseline (suppressions file: record, prune, apply, fail on
 * entries that no longer occur) and then diff mode (only findings on changed lines). The baseline comes first,
 * because its counts are per whole file; diff mode then narrows what is reported.
 */
import { resolve } from 'node:path';
import type { FileResult } from '../findings.js';
import type { LintRun } from '../engine/lint.js';
import { UsageError } from '../config/errors.js';
import { changeSet, filterToChanges, type DiffSource } from '../engine/diff-filter.js';
import {
  applySuppressions,
  defaultSuppressionsFile,
  describeUnused,
  readSuppressions,
  serialiseSuppressions,
  updateSuppressions,
  writeSuppressions,
} from '../engine/suppressions.js';
import type { GateNote } from '../report/format-context.js';

export interface GateOptions {
  newFromRev?: string;
  newFromMergeBase?: string;
  newFromPatch?: string;
  wholeFiles?: boolean;
  suppressAll?: boolean;
  suppressRule?: string[];
  pruneSuppressions?: boolean;
  suppressionsLocation?: string;
  passOnUnprunedSuppressions?: boolean;
}

export interface GateOutcome {
  results: FileResult[];
  note: GateNote;
  /** Lines for stderr (what was written, what is stale). */
  messages: string[];
  /** Suppressions that no longer occur, not allowed by `--pass-on-unpruned-suppressions`: exit code 2. */
  failed: boolean;
}

function diffSource(options: GateOptions): DiffSource | undefined {
  const sources: DiffSource[] = [
    ...(options.newFromRev !== undefined ? [{ kind: 'rev' as const, rev: options.newFromRev }] : []),
    ...(options.newFromMergeBase !== undefined ? [{ kind: 'merge-base' as const, rev: options.newFromMergeBase }] : []),
    ...(options.newFromPatch !== undefined ? [{ kind: 'patch' as const, file: options.newFromPatch }] : []),
  ];
  if (sources.length > 1)
    throw new UsageError('use only one of --new-from-rev, --new-from-merge-base and --new-from-patch');
  if (options.wholeFiles && sources.length === 0)
    throw new UsageError('--whole-files needs --new-from-rev, --new-from-merge-base or --new-from-patch');
  return sources[0];
}

export function applyGate(run: LintRun, options: GateOptions, cwd: string): GateOutcome {
  const source = diffSource(options);
  const known = new Set(run.rules.map((rule) => rule.meta.id));
  for (const id of options.suppressRule ?? []) {
    if (!known.has(id)) throw new UsageError(`--suppress-rule: unknown rule '${id}'`);
  }
  const messages: string[] = [];
  const location = options.suppressionsLocation ?? defaultSuppressionsFile;
  const path = resolve(cwd, location);
  let suppressions = readSuppressions(path);
  const update = {
    suppressAll: options.suppressAll,
    suppressRules: options.suppressRule,
    prune: options.pruneSuppressions,
  };
  if (update.suppressAll || update.suppressRules?.length || update.prune) {
    const before = serialiseSuppressions(suppressions);
    suppressions = updateSuppressions(suppressions, run.results, cwd, update);
    const after = serialiseSuppressions(suppressions);
    if (after !== before || update.suppressAll || update.suppressRules?.length) {
      writeSuppressions(path, suppressions);
      const total = Object.values(suppressions).reduce(
        (sum, rules) => sum + Object.values(rules).reduce((n, { count }) => n + count, 0),
        0,
      );
      messages.push(
        `wrote ${location}: ${total} suppressed error${total === 1 ? '' : 's'} in ${Object.keys(suppressions).length} file${Object.keys(suppressions).length === 1 ? '' : 's'}`,
      );
    }
  }

  const applied = applySuppressions(run.results, suppressions, cwd);
  const stale = describeUnused(applied.unused);
  let failed = false;
  if (stale.length > 0) {
    const list = stale.slice(0, 20).map((line) => `  ${line}`);
    if (stale.length > 20) list.push(`  …and ${stale.length - 20} more`);
    if (options.passOnUnprunedSuppressions) {
      messages.push(
        `warning: ${location} has suppressions that no longer occur (run with --prune-suppressions to remove them):`,
        ...list,
      );
    } else {
      failed = true;
      messages.push(
        `${location} has suppressions that no longer occur; run with --prune-suppressions to remove them (or --pass-on-unpruned-suppressions to allow them):`,
        ...list,
      );
    }
  }

  let results = applied.results;
  let hidden = [] as typeof applied.suppressed;
  let since: string | undefined;
  if (source) {
    const changes = changeSet(source, cwd);
    const filtered = filterToChanges(results, changes, { wholeFiles: options.wholeFiles });
    results = filtered.results;
    hidden = filtered.hidden;
    since = changes.since;
  }

  const hiddenByRule: Record<string, number> = {};
  for (const finding of [...applied.suppressed, ...hidden])
    hiddenByRule[finding.ruleId ?? ''] = (hiddenByRule[finding.ruleId ?? ''] ?? 0) + 1;
  return {
    results,
    note: {
      suppressed: applied.suppressed.length,
      outsideDiff: hidden.length,
      since,
      hiddenByRule,
      ...(applied.suppressed.length > 0 ? { suppressionsFile: location } : {}),
    },
    messages,
    failed,
  };
}
