/**
 * The project's metric catalog: every metric the code defines, translated to the series a Prometheus scrape
 * shows — prom-client's histogram/summary suffixes, and OpenTelemetry instruments through the
 * OpenTelemetry→Prometheus compatibility rules (`.`→`_`, unit suffixes, `_total` for monotonic sums, histogram
 * series). Config rules compare PromQL in rule files and SLO specs against it.
 */
import { prometheusUnitWords } from './prometheus-units.js';

export type MetricKind =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'updowncounter'
  | 'observable-counter'
  | 'observable-gauge'
  | 'observable-updowncounter';

export interface MetricDefinition {
  library: 'prom-client' | 'opentelemetry';
  /** The name as written in code (an OTel instrument name may contain dots). */
  name: string;
  kind: MetricKind;
  /** Label (attribute) names; undefined when the code does not let us know them all. */
  labelNames?: readonly string[];
  /** Label values known to be a closed set, per label. */
  labelValues?: Readonly<Record<string, readonly string[]>>;
  /** OTel `unit` option. */
  unit?: string;
  /** Registered by the library, not written in the project: prom-client's `collectDefaultMetrics()`. */
  source?: 'collectDefaultMetrics';
  /** Where it is defined: absolute file and [start, end) offsets of the definition. */
  file: string;
  start: number;
  end: number;
}

export interface ExposedSeries {
  /** The series name as Prometheus stores it. */
  name: string;
  /** Label names the series can carry (beyond target labels); undefined = unknown. */
  labels?: ReadonlySet<string>;
  labelValues: Readonly<Record<string, readonly string[]>>;
  definition: MetricDefinition;
}

const perUnitWords: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

/** Metric or label names: everything outside `[a-zA-Z0-9_:]` becomes `_`, runs of `_` collapse. */
export function sanitisePrometheusName(name: string, allowColon = true): string {
  const pattern = allowColon ? /[^a-zA-Z0-9_:]/g : /[^a-zA-Z0-9_]/g;
  let out = name.replace(pattern, '_').replace(/__+/g, '_');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

/** The name suffix for an OTel unit ('' for none, annotations like `{request}`, or unknown units). */
export function unitSuffix(unit: string | undefined, kind: MetricKind): string {
  if (!unit) return '';
  const withoutAnnotations = unit.replace(/\{[^}]*\}/g, '').trim();
  if (withoutAnnotations === '') return '';
  if (withoutAnnotations === '1') return kind === 'gauge' || kind === 'observable-gauge' ? 'ratio' : '';
  const [numerator, denominator] = withoutAnnotations.split('/');
  const first = numerator ? (prometheusUnitWords[numerator] ?? sanitisePrometheusName(numerator, false)) : '';
  if (!denominator) return first;
  const second =
    perUnitWords[denominator] ??
    prometheusUnitWords[denominator]?.replace(/s$/, '') ??
    sanitisePrometheusName(denominator, false);
  return first ? `${first}_per_${second}` : `per_${second}`;
}

function isMonotonicSum(kind: MetricKind): boolean {
  return kind === 'counter' || kind === 'observable-counter';
}

/** The series a definition produces in Prometheus. */
export function exposedSeries(definition: MetricDefinition): ExposedSeries[] {
  const labels = definition.labelNames
    ? new Set(
        definition.labelNames.map((label) =>
          definition.library === 'opentelemetry' ? sanitisePrometheusName(label, false) : label,
        ),
      )
    : undefined;
  const labelValues: Record<string, readonly string[]> = {};
  for (const [label, values] of Object.entries(definition.labelValues ?? {})) {
    labelValues[definition.library === 'opentelemetry' ? sanitisePrometheusName(label, false) : label] = values;
  }
  const series = (name: string, extra?: string): ExposedSeries => ({
    name,
    labels: labels && extra ? new Set([...labels, extra]) : labels,
    labelValues,
    definition,
  });
  let base = definition.name;
  if (definition.library === 'opentelemetry') {
    base = sanitisePrometheusName(definition.name);
    const suffix = unitSuffix(definition.unit, definition.kind);
    if (suffix && !base.endsWith(`_${suffix}`)) base = `${base}_${suffix}`;
    if (isMonotonicSum(definition.kind)) {
      if (!base.endsWith('_total')) base = `${base}_total`;
      return [series(base)];
    }
  }
  switch (definition.kind) {
    case 'histogram':
      return [series(`${base}_bucket`, 'le'), series(`${base}_sum`), series(`${base}_count`)];
    case 'summary':
      return [series(base, 'quantile'), series(`${base}_sum`), series(`${base}_count`)];
    default:
      return [series(base)];
  }
}

/** What one write site (`inc`, `observe`, `add`, `record`, `labels`, …) tells about a metric's labels. */
export interface MetricWriteFacts {
  /** Label names written, when every name is known. */
  labelNames?: readonly string[];
  /** Per label: the closed set of values written, or undefined when open or unknown. */
  labelValues: Readonly<Record<string, readonly string[] | undefined>>;
}

/**
 * Definitions and write sites arrive file by file, in any order (a metric defined in one module is written in
 * others); the catalog joins them by definition key when first queried.
 */
export class MetricCatalog {
  private readonly pending = new Map<string, MetricDefinition>();
  private readonly writes = new Map<string, MetricWriteFacts[]>();
  private readonly defaults = new Map<string, MetricDefinition>();
  private built: { definitions: MetricDefinition[]; byName: Map<string, ExposedSeries[]> } | undefined;

  /** `key` identifies the definition site, so that writes found in other files can be joined to it. */
  add(definition: MetricDefinition, key = `${definition.file}:${definition.start}`): void {
    if (!this.pending.has(key)) this.pending.set(key, definition);
    this.built = undefined;
  }

  addWrite(key: string, facts: MetricWriteFacts): void {
    const list = this.writes.get(key) ?? [];
    list.push(facts);
    this.writes.set(key, list);
    this.built = undefined;
  }

  /**
   * A metric the library registers (`collectDefaultMetrics()`): listed and queryable like the project's own, but
   * not counted in `size` — a project that only collects the defaults says nothing about which metrics its code
   * defines. One per name: every service entry point calling `collectDefaultMetrics()` registers the same set.
   */
  addDefault(definition: MetricDefinition): void {
    if (!this.defaults.has(definition.name)) this.defaults.set(definition.name, definition);
    this.built = undefined;
  }

  private build(): NonNullable<MetricCatalog['built']> {
    if (this.built) return this.built;
    const definitions: MetricDefinition[] = [];
    const byName = new Map<string, ExposedSeries[]>();
    for (const [key, pending] of this.pending) {
      const definition = withWrites(pending, this.writes.get(key) ?? []);
      definitions.push(definition);
      for (const series of exposedSeries(definition))
        byName.set(series.name, [...(byName.get(series.name) ?? []), series]);
    }
    for (const definition of this.defaults.values()) {
      definitions.push(definition);
      for (const series of exposedSeries(definition))
        byName.set(series.name, [...(byName.get(series.name) ?? []), series]);
    }
    definitions.sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file) || a.start - b.start);
    this.built = { definitions, byName };
    return this.built;
  }

  get definitions(): readonly MetricDefinition[] {
    return this.build().definitions;
  }

  /** How many metrics the project's code defines (library defaults left out). */
  get size(): number {
    return this.pending.size;
  }

  series(name: string): readonly ExposedSeries[] {
    return this.build().byName.get(name) ?? [];
  }

  seriesNames(): string[] {
    return [...this.build().byName.keys()].sort();
  }
}

/**
 * Joins a definition with its writes. prom-client declares its label names; OpenTelemetry attributes exist only
 * at write sites, so their names are known only when every write's attributes are. Values are a closed set only
 * when every write of that label is.
 */
function withWrites(definition: MetricDefinition, writes: readonly MetricWriteFacts[]): MetricDefinition {
  let labelNames = definition.labelNames;
  if (definition.library === 'opentelemetry') {
    if (writes.length === 0 || writes.some((write) => !write.labelNames)) labelNames = undefined;
    else labelNames = [...new Set(writes.flatMap((write) => write.labelNames!))].sort();
  }
  const labelValues: Record<string, readonly string[]> = { ...(definition.labelValues ?? {}) };
  for (const label of labelNames ?? []) {
    if (labelValues[label]) continue;
    const sets = writes.filter((write) => label in write.labelValues).map((write) => write.labelValues[label]);
    if (sets.length === 0 || sets.some((set) => !set)) continue;
    labelValues[label] = [...new Set(sets.flatMap((set) => set!))].sort();
  }
  return { ...definition, labelNames, labelValues };
}
