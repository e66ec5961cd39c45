/**
 * What is wrong with a metric's name, label names or unit — as data; the rules word it. prom-client: what it rejects
 * outright (`rejected: true`: the constructor throws) and promlint's conventions (snake_case, no `:`, `_total` for
 * counters only, base units spelled out, no type in the name, `_bucket`/`_count`/`_sum` reserved, label names),
 * judged with the metric's real type. OpenTelemetry: the instrument-name syntax, a unit carried in the name, and
 * units that are not UCUM — judged with what the Prometheus translation (otlptranslator: the Collector's Prometheus
 * exporters, Prometheus's OTLP receiver) makes of them.
 */
import type { MetricType } from './instruments.js';
import { unitAbbreviations as abbreviations, nonBaseUnits, prometheusUnitWords } from './prometheus-units.js';
import { countAnnotation, isUcumTerm, isUcumUnit, ucumSpellings, unitTerms, unitWords } from './ucum.js';

const typeWords: Record<string, MetricType> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  summary: 'summary',
};

/** prom-client's own checks (lib/validation.js). */
const validMetricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const validLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[.\-\s]+/g, '_')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// prom-client

export type PromNameProblem =
  /** prom-client throws "Invalid metric name". */
  | { kind: 'invalidName'; rejected: true; suggestion: string }
  | { kind: 'colon'; suggestion: string }
  | { kind: 'camelCase'; suggestion: string }
  | { kind: 'counterWithoutTotal'; suggestion: string }
  | { kind: 'totalOnNonCounter'; type: MetricType; suggestion: string }
  /** `unit` is a non-base unit (milliseconds), `base` the base unit Prometheus names use. */
  | { kind: 'nonBaseUnit'; unit: string; base: string }
  /** `spelled` is what the abbreviation stands for; `subSecond` when the value must be converted to seconds. */
  | { kind: 'abbreviatedUnit'; abbreviation: string; spelled: string; subSecond: boolean }
  | { kind: 'ownType'; word: string; suggestion: string }
  | { kind: 'bucketSuffix' }
  /** A histogram or summary named like one of its own series. */
  | { kind: 'ownSeriesSuffix'; suffix: string; type: MetricType; suggestion: string }
  | { kind: 'reservedSuffix'; suffix: string; type: MetricType };

/** What prom-client rejects in a metric name, and promlint's conventions, given the metric's real type. */
export function promMetricNameProblems(name: string, type: MetricType): PromNameProblem[] {
  if (!validMetricName.test(name)) {
    return [{ kind: 'invalidName', rejected: true, suggestion: snake(name).replace(/[^a-zA-Z0-9_:]/g, '_') }];
  }
  const problems: PromNameProblem[] = [];
  if (name.includes(':')) problems.push({ kind: 'colon', suggestion: name.replace(/:/g, '_') });
  if (/[a-z][A-Z]/.test(name)) problems.push({ kind: 'camelCase', suggestion: snake(name) });
  const tokens = name.toLowerCase().split('_').filter(Boolean);
  if (type === 'counter' && !name.endsWith('_total')) {
    problems.push({ kind: 'counterWithoutTotal', suggestion: `${name.replace(/_count$/, '')}_total` });
  }
  if (type !== 'counter' && name.endsWith('_total')) {
    problems.push({ kind: 'totalOnNonCounter', type, suggestion: name.replace(/_total$/, '') });
  }
  const nonBase = tokens.find((token) => token in nonBaseUnits);
  if (nonBase) problems.push({ kind: 'nonBaseUnit', unit: nonBase, base: nonBaseUnits[nonBase]! });
  const abbreviation = tokens.slice(1).find((token) => token in abbreviations);
  if (abbreviation) {
    problems.push({
      kind: 'abbreviatedUnit',
      abbreviation,
      spelled: abbreviations[abbreviation]!,
      subSecond: abbreviation === 'ms' || abbreviation === 'us' || abbreviation === 'ns',
    });
  }
  const typeWord = tokens.find((token) => typeWords[token] === type);
  if (typeWord) {
    problems.push({
      kind: 'ownType',
      word: typeWord,
      suggestion: name
        .split('_')
        .filter((part) => part.toLowerCase() !== typeWord)
        .join('_'),
    });
  }
  if (name.endsWith('_bucket') && type !== 'histogram') {
    problems.push({ kind: 'bucketSuffix' });
  } else if ((type === 'histogram' || type === 'summary') && /_(bucket|count|sum)$/.test(name)) {
    const suffix = name.slice(name.lastIndexOf('_'));
    problems.push({ kind: 'ownSeriesSuffix', suffix, type, suggestion: name.slice(0, -suffix.length) });
  } else if (/_(count|sum)$/.test(name) && type !== 'counter') {
    problems.push({ kind: 'reservedSuffix', suffix: name.slice(name.lastIndexOf('_')), type });
  }
  return problems;
}

export type PromLabelProblem =
  /** prom-client throws "Invalid label name". */
  | { kind: 'invalidLabel'; rejected: true; suggestion: string }
  /** `le` on a histogram, `quantile` on a summary: prom-client throws "… is a reserved label keyword". */
  | { kind: 'ownReservedLabel'; rejected: true; label: 'le' | 'quantile'; type: MetricType }
  /** `le` or `quantile` on a metric of another type. */
  | { kind: 'foreignReservedLabel'; label: 'le' | 'quantile'; type: MetricType }
  | { kind: 'internalPrefix'; suggestion: string }
  | { kind: 'camelCaseLabel'; suggestion: string };

/** What prom-client rejects in a label name, and promlint's label conventions (snake_case, `le`/`quantile`, `__`). */
export function promLabelNameProblems(label: string, type: MetricType): PromLabelProblem[] {
  if (!validLabelName.test(label)) {
    return [{ kind: 'invalidLabel', rejected: true, suggestion: snake(label).replace(/[^a-zA-Z0-9_]/g, '_') }];
  }
  const problems: PromLabelProblem[] = [];
  if (label.startsWith('__')) problems.push({ kind: 'internalPrefix', suggestion: label.replace(/^_+/, '') });
  if (label === 'le' || label === 'quantile') {
    const owner = label === 'le' ? 'histogram' : 'summary';
    problems.push(
      type === owner
        ? { kind: 'ownReservedLabel', rejected: true, label, type }
        : { kind: 'foreignReservedLabel', label, type },
    );
  }
  if (/[a-z][A-Z]/.test(label)) problems.push({ kind: 'camelCaseLabel', suggestion: snake(label) });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenTelemetry

/** API spec: `^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$` (255 characters, since spec 1.23 `/` is allowed). */
const validInstrumentName = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;

/**
 * The suffix otlptranslator (with unit suffixes on, its default) appends for a unit's main part: mapped UCUM units
 * (`s` → `seconds`), nothing for `{annotations}`, and any other word verbatim.
 */
export function prometheusUnitSuffix(unit: string): string {
  const main = unit.split('/')[0]!.trim();
  if (main === '' || /[{}]/.test(main)) return '';
  if (main === '1') return '';
  return (prometheusUnitWords[main] ?? main).replace(/[^a-zA-Z0-9:]+/g, '_').replace(/^_+|_+$/g, '');
}

function nameTokens(name: string): string[] {
  return name.split(/[^a-zA-Z0-9:]+/).filter(Boolean);
}

/** The series name otlptranslator derives from a name and a unit (its main part only; `_total` is not added). */
export function translatedName(name: string, unit: string | undefined): string {
  const tokens = nameTokens(name);
  const suffix = unit === undefined ? '' : prometheusUnitSuffix(unit);
  return [...tokens, ...(suffix && !tokens.includes(suffix) ? [suffix] : [])].join('_');
}

export type OtelNameProblem =
  /** The name breaks the API's instrument-name syntax; the JS SDK warns (`Invalid metric name`) and records anyway. */
  | { kind: 'invalidInstrumentName'; suggestion: string }
  /**
   * The name carries a unit word. `ucum` is the word's UCUM code; `declared` the `unit` option when static;
   * `translated` what otlptranslator makes of the name and the declared unit (it shows a doubled unit).
   */
  | {
      kind: 'unitInName';
      word: string;
      ucum: string;
      declared?: string;
      translated: string;
      translatedWithUcum: string;
      suggestion: string;
    };

/**
 * Problems with an instrument name, given its static `unit` option (if any). A unit word in the name is no problem
 * when the declared unit translates to exactly that word (`ingest.bytes` with `By`): the Prometheus translation does
 * not add a suffix the name already has, and the name says what is counted.
 */
export function otelInstrumentNameProblems(name: string, unit?: string): OtelNameProblem[] {
  if (!validInstrumentName.test(name)) {
    const suggestion =
      snake(name)
        .replace(/_/g, '.')
        .replace(/[^A-Za-z0-9_.\-/]/g, '')
        .replace(/^[^A-Za-z]+/, '') || 'app.requests';
    return [{ kind: 'invalidInstrumentName', suggestion }];
  }
  const parts = name.split(/([._\-/])/);
  const lowered = parts.map((part) => part.toLowerCase());
  const index = lowered.findIndex((part, at) => at > 0 && part in unitWords);
  if (index === -1) return [];
  const word = lowered[index]!;
  if (unit !== undefined && prometheusUnitSuffix(unit) === word) return [];
  // The name without the unit word and the separator before it.
  const suggestion = [...parts.slice(0, index - 1), ...parts.slice(index + 1)].join('');
  return [
    {
      kind: 'unitInName',
      word,
      ucum: unitWords[word]!,
      ...(unit !== undefined ? { declared: unit } : {}),
      translated: translatedName(name, unit),
      translatedWithUcum: translatedName(name, unitWords[word]),
      suggestion,
    },
  ];
}

export interface OtelUnitProblem {
  kind: 'notUcum';
  unit: string;
  /** The UCUM code to use instead. */
  fix: string;
  /** A count word (`requests`) rather than a misspelt real unit (`milliseconds`). */
  count: boolean;
  /** The Prometheus series name (otlptranslator) now, and after the fix: they differ when the fix renames it. */
  translated: string;
  translatedAfterFix: string;
}

/**
 * A `unit` that is not a UCUM code: a spelled-out unit (`milliseconds` → `ms`) or a plain word for a count of things
 * (`queries` → `{query}`) — every plain word that UCUM does not define, not a fixed list.
 */
export function otelUnitProblems(unit: string, name: string): OtelUnitProblem[] {
  if (isUcumUnit(unit)) return [];
  let count = false;
  const fixTerm = (term: string): string | undefined => {
    if (isUcumTerm(term)) return term;
    const spelled = ucumSpellings[term.toLowerCase()];
    if (spelled) return spelled;
    if (/^[A-Za-z][A-Za-z_-]*$/.test(term)) {
      count = true;
      return countAnnotation(term);
    }
    return undefined;
  };
  const separators = unit.match(/[./]/g) ?? [];
  const fixed = unitTerms(unit).map(fixTerm);
  if (fixed.some((term) => term === undefined)) return [];
  const fix = fixed.map((term, index) => term + (separators[index] ?? '')).join('');
  if (fix === unit) return [];
  return [
    {
      kind: 'notUcum',
      unit,
      fix,
      count,
      translated: translatedName(name, unit),
      translatedAfterFix: translatedName(name, fix),
    },
  ];
}
