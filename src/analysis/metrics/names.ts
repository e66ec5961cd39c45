/**
 * Naming conventions for metrics defined in code. prom-client: promlint's checks (snake_case, no `:`, `_total` for
 * counters only, base units spelled out, no type in the name, `_bucket`/`_count`/`_sum` reserved, label names),
 * judged with the metric's real type. OpenTelemetry: instrument name syntax and units in the `unit` option (UCUM).
 */
import type { MetricType } from './instruments.js';
import { nonBaseUnits, unitAbbreviations as abbreviations } from './prometheus-units.js';

export interface NameProblem {
  /** What is wrong and what it does to the exposed series. */
  message: string;
  help: string;
}

const typeWords: Record<string, MetricType> = { counter: 'counter', gauge: 'gauge', histogram: 'histogram', summary: 'summary' };

const validMetricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const validLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[.\-\s]+/g, '_').toLowerCase();
}

/** promlint's checks for a prom-client metric, given its real type. */
export function promMetricNameProblems(name: string, type: MetricType): NameProblem[] {
  const problems: NameProblem[] = [];
  if (!validMetricName.test(name)) {
    problems.push({
      message: `The metric name '${name}' is not a valid Prometheus name: prom-client throws "Invalid metric name" when the metric is constructed, so the module fails to load.`,
      help: `Use letters, digits and underscores only, e.g. '${snake(name).replace(/[^a-zA-Z0-9_:]/g, '_')}'.`,
    });
    return problems;
  }
  if (name.includes(':')) {
    problems.push({
      message: `The metric name '${name}' contains ':', which Prometheus reserves for recording rules: the series looks derived, and can collide with a recorded series of the same name.`,
      help: `Use underscores: '${name.replace(/:/g, '_')}'.`,
    });
  }
  if (/[a-z][A-Z]/.test(name)) {
    problems.push({
      message: `The metric name '${name}' is camelCase; Prometheus names are snake_case, so queries and dashboards that follow the convention will not find it.`,
      help: `Rename it to '${snake(name)}'.`,
    });
  }
  const tokens = name.toLowerCase().split('_').filter(Boolean);
  const counterLike = type === 'counter';
  if (counterLike && !name.endsWith('_total')) {
    problems.push({
      message: `The counter '${name}' does not end in '_total': Prometheus and OpenMetrics expect counter names to, and a reader (or a \`rate()\` lint) cannot tell it is a counter.`,
      help: `Rename it to '${name.replace(/_count$/, '')}_total'.`,
    });
  }
  if (!counterLike && name.endsWith('_total')) {
    problems.push({
      message: `The ${type} '${name}' ends in '_total', which marks a counter: queries will \`rate()\` it and read nonsense, because a ${type} can go down.`,
      help: `Drop the '_total' suffix (or make it a Counter if it only ever increases).`,
    });
  }
  const nonBase = tokens.find((token) => token in nonBaseUnits);
  if (nonBase) {
    problems.push({
      message: `The metric name '${name}' uses the unit '${nonBase}': Prometheus names use base units (${nonBaseUnits[nonBase]}), so dashboards and SLOs that assume the base unit read it wrong by a constant factor.`,
      help: `Record the value in ${nonBaseUnits[nonBase]} and rename it accordingly.`,
    });
  }
  const abbreviation = tokens.slice(1).find((token) => token in abbreviations);
  if (abbreviation) {
    problems.push({
      message: `The metric name '${name}' abbreviates a unit ('${abbreviation}'); Prometheus names spell units out in base units, so nobody has to guess what '${abbreviation}' means.`,
      help: `Use '${abbreviations[abbreviation]}' in the name${abbreviation === 'ms' || abbreviation === 'us' || abbreviation === 'ns' ? ' and record the value in seconds' : ''}.`,
    });
  }
  const typeWord = tokens.find((token) => typeWords[token] === type);
  if (typeWord) {
    problems.push({
      message: `The metric name '${name}' contains its own type '${typeWord}': the type is already metadata of the series, and the word only lengthens every query.`,
      help: `Remove '${typeWord}' from the name.`,
    });
  }
  if (name.endsWith('_bucket') && type !== 'histogram') {
    problems.push({
      message: `The metric name '${name}' ends in '_bucket', the suffix of a histogram's bucket series: tools and queries will take it for part of a histogram.`,
      help: 'Choose a name without the reserved suffix.',
    });
  } else if ((type === 'histogram' || type === 'summary') && /_(bucket|count|sum)$/.test(name)) {
    const suffix = name.slice(name.lastIndexOf('_'));
    problems.push({
      message: `The ${type} '${name}' ends in '${suffix}': prom-client appends '_count' and '_sum'${type === 'histogram' ? " and '_bucket'" : ''} to it, so the series become '${name}_count', '${name}_sum'… and '${name}' itself looks like one of those parts.`,
      help: `Drop the '${suffix}' suffix.`,
    });
  } else if (/_(count|sum)$/.test(name) && type !== 'counter') {
    problems.push({
      message: `The ${type} '${name}' ends in '${name.slice(name.lastIndexOf('_'))}', a suffix Prometheus reserves for histogram and summary series: tools and readers will take it for part of one.`,
      help: 'Choose a name without the reserved suffix.',
    });
  }
  return problems;
}

/** promlint's label-name checks (snake_case, `le`/`quantile`, `__` prefix) plus what prom-client rejects outright. */
export function promLabelNameProblems(label: string, type: MetricType): NameProblem[] {
  if (!validLabelName.test(label)) {
    return [{ message: `The label name '${label}' is not a valid Prometheus label name: prom-client throws "Invalid label name" when the metric is constructed.`, help: `Use letters, digits and underscores only, e.g. '${snake(label).replace(/[^a-zA-Z0-9_]/g, '_')}'.` }];
  }
  const problems: NameProblem[] = [];
  if (label.startsWith('__')) problems.push({ message: `The label name '${label}' starts with '__', which Prometheus reserves for internal labels: it is dropped or overwritten during scraping.`, help: 'Remove the leading underscores.' });
  if (label === 'le' && type !== 'histogram') problems.push({ message: `The label 'le' is reserved for histogram buckets: on a ${type} it makes the series look like histogram buckets and breaks \`histogram_quantile\` on them.`, help: 'Use another label name.' });
  if (label === 'le' && type === 'histogram') problems.push({ message: `The label 'le' is the bucket label prom-client adds to every histogram series: prom-client throws when it is declared.`, help: 'Use another label name.' });
  if (label === 'quantile' && type !== 'summary') problems.push({ message: `The label 'quantile' is reserved for summary quantiles: on a ${type} it makes the series look like summary quantiles.`, help: 'Use another label name.' });
  if (label === 'quantile' && type === 'summary') problems.push({ message: `The label 'quantile' is the label prom-client adds to every summary quantile: prom-client throws when it is declared.`, help: 'Use another label name.' });
  if (/[a-z][A-Z]/.test(label)) problems.push({ message: `The label name '${label}' is camelCase; Prometheus label names are snake_case, so queries that follow the convention will not match it.`, help: `Rename it to '${snake(label)}'.` });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// OpenTelemetry

/** API spec: `^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$` (255 characters, since spec 1.23 `/` is allowed). */
const validInstrumentName = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;

/** Unit words that belong in the `unit` option, with their UCUM spelling. */
const unitWords: Record<string, string> = {
  ms: 'ms', millis: 'ms', milliseconds: 'ms', seconds: 's', secs: 's', sec: 's', microseconds: 'us', us: 'us', nanoseconds: 'ns',
  ns: 'ns', minutes: 'min', bytes: 'By', kilobytes: 'kBy', kb: 'kBy', megabytes: 'MBy', mb: 'MBy', percent: '%',
};

/** Non-UCUM spellings people write in `unit`, with the UCUM code. */
const ucumFixes: Record<string, string> = {
  milliseconds: 'ms', millisecond: 'ms', millis: 'ms', seconds: 's', second: 's', sec: 's', secs: 's', microseconds: 'us',
  nanoseconds: 'ns', minutes: 'min', minute: 'min', hours: 'h', hour: 'h', bytes: 'By', byte: 'By', b: 'By', kilobytes: 'kBy',
  kb: 'kBy', megabytes: 'MBy', mb: 'MBy', gigabytes: 'GBy', gb: 'GBy', percent: '%', requests: '{request}', request: '{request}',
  errors: '{error}', connections: '{connection}', items: '{item}', messages: '{message}',
};

export function otelInstrumentNameProblems(name: string): NameProblem[] {
  if (!validInstrumentName.test(name)) {
    return [{
      message: `'${name}' is not a valid OpenTelemetry instrument name (a letter, then up to 254 letters, digits, '_', '.', '-' or '/'): the SDK logs a warning and returns a no-op instrument, so nothing is recorded.`,
      help: `Use a dotted lower-case name such as '${snake(name).replace(/_/g, '.').replace(/[^A-Za-z0-9_.\-/]/g, '').replace(/^[^A-Za-z]+/, '') || 'app.requests'}'.`,
    }];
  }
  const tokens = name.toLowerCase().split(/[._\-/]/).filter(Boolean);
  const unit = tokens.slice(1).find((token) => token in unitWords);
  if (unit) {
    return [{
      message: `The instrument name '${name}' carries its unit ('${unit}'): in OpenTelemetry the unit is metadata (the \`unit\` option), exporters add it to the name where the backend wants it (Prometheus: '_${unit === 'ms' ? 'milliseconds' : unit}'), so it ends up twice or inconsistent.`,
      help: `Remove '${unit}' from the name and pass \`{ unit: '${unitWords[unit]}' }\`.`,
    }];
  }
  return [];
}

export function otelUnitProblems(unit: string): NameProblem[] {
  const fix = ucumFixes[unit.toLowerCase()];
  if (fix && fix !== unit) {
    return [{
      message: `The unit '${unit}' is not a UCUM code: exporters translate UCUM units (Prometheus turns 's' into '_seconds', 'By' into '_bytes'), so '${unit}' is passed through verbatim and dashboards cannot convert it.`,
      help: `Use '${fix}'.`,
    }];
  }
  return [];
}
