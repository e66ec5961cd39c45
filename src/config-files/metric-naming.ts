/**
 * Prometheus naming conventions (promlint's checks, and `level:metric:operations` for recorded series), applied to
 * names in rule files rather than to exposition text.
 */
import { nonBaseUnits, unitAbbreviations } from '../analysis/metrics/prometheus-units.js';

const abbreviatedUnits = new Set(Object.keys(unitAbbreviations));

export interface NamingProblem {
  message: string;
  help: string;
}

const typeWords = new Set(['counter', 'gauge', 'histogram', 'summary']);

/** Problems with the metric part of a name (promlint's rules that make sense in rule files). */
export function metricNameProblems(metric: string): NamingProblem[] {
  const problems: NamingProblem[] = [];
  if (/[a-z][A-Z]/.test(metric)) {
    problems.push({
      message: `'${metric}' is camelCase; Prometheus names are snake_case, and mixed styles make series hard to find and join.`,
      help: `Rename it to '${metric.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}'.`,
    });
  }
  const tokens = metric.toLowerCase().split('_');
  const nonBase = tokens.find((token) => token in nonBaseUnits);
  if (nonBase) {
    problems.push({
      message: `'${metric}' uses the unit '${nonBase}'; Prometheus names use base units (${nonBaseUnits[nonBase]}), so dashboards and SLOs that assume base units read it wrong by a constant factor.`,
      help: `Convert the value to ${nonBaseUnits[nonBase]} and rename it accordingly.`,
    });
  }
  const abbreviation = tokens.slice(1).find((token) => abbreviatedUnits.has(token));
  if (abbreviation) {
    problems.push({
      message: `'${metric}' abbreviates a unit ('${abbreviation}'); Prometheus names spell units out (seconds, bytes), so readers and tools can rely on the suffix.`,
      help: 'Spell the unit out, in base units.',
    });
  }
  const typeWord = tokens.find((token) => typeWords.has(token));
  if (typeWord) {
    problems.push({
      message: `'${metric}' contains the metric type '${typeWord}'; the type is metadata, and the name outlives it.`,
      help: `Remove '${typeWord}' from the name.`,
    });
  }
  return problems;
}

/** The recording-rule convention `level:metric:operations` (the level and operations may be absent, never the colons). */
export function recordedNameProblems(name: string, expression = ''): NamingProblem[] {
  if (!name.includes(':')) {
    if (/_info$/.test(name)) return []; // info metrics (labels only, value 1) are named like instrumented ones by convention
    return [
      {
        message: `The recorded series '${name}' has no colon, so it looks like an instrumented metric: it can collide with a scraped series of the same name, and nobody can tell it is derived.`,
        help: 'Name it `level:metric:operations`, e.g. `job:http_requests:rate5m`.',
      },
    ];
  }
  // An empty level (`:metric:sum`) or operation (`level:metric:`) is an accepted spelling of the convention.
  const parts = name.split(':');
  const metric = parts.length >= 3 ? parts[1]! : parts.length === 2 ? parts[1]! : name;
  // The convention keeps the source metric's name: a camelCase or non-base unit inherited from it is not this rule's doing.
  if (metric && expression.includes(metric)) return [];
  return metricNameProblems(metric);
}
