/** Where PromQL lives in each kind of object: paths to the scalars, and what each query means. */
import type { ConfigObject, YamlPath } from './model.js';
import { arrayAt, isRecord, recordAt, stringAt, valueAt } from './yaml-values.js';

export type ExpressionRole =
  | 'alert'
  | 'record'
  | 'sli-error'
  | 'sli-total'
  | 'sli-good'
  | 'sli-bad'
  | 'sli-error-ratio'
  | 'sli-raw'
  | 'sli-threshold'
  | 'pyrra-errors'
  | 'pyrra-success'
  | 'pyrra-total'
  | 'pyrra-bool-gauge'
  /** slo-generator `query_sli`: a query that returns the SLI itself (good / valid, between 0 and 1). */
  | 'sli-ratio'
  /** slo-generator `distribution_cut`: a histogram `_bucket` selector; the tool adds `le` and reads `_count`. */
  | 'sli-distribution';

export interface ExpressionSite {
  path: YamlPath;
  role: ExpressionRole;
  /** Pyrra fields hold a single selector, not a query. */
  selectorOnly?: boolean;
}

export function expressionSites(object: ConfigObject): ExpressionSite[] {
  const value = object.value;
  switch (object.kind) {
    case 'prometheus-rules':
      return ruleSites(value, []);
    case 'prometheus-rule-crd':
      return ruleSites(recordAt(value, 'spec'), ['spec']);
    case 'sloth':
      return slothSites(value, [], { error: 'error_query', total: 'total_query', ratio: 'error_ratio_query' });
    case 'sloth-crd':
      return slothSites(recordAt(value, 'spec'), ['spec'], {
        error: 'errorQuery',
        total: 'totalQuery',
        ratio: 'errorRatioQuery',
      });
    case 'openslo':
      return openSloV1Sites(value);
    case 'openslo-v1alpha':
      return openSloV1AlphaSites(value);
    case 'pyrra':
      return pyrraSites(value);
    case 'slo-generator':
      return isSloGeneratorPrometheusBackend(stringAt(value, 'spec', 'backend'))
        ? sloGeneratorSites(value, ['spec', 'service_level_indicator'], stringAt(value, 'spec', 'method'))
        : [];
    case 'slo-generator-v1':
      return stringAt(value, 'backend', 'class') === 'Prometheus'
        ? sloGeneratorSites(value, ['backend', 'measurement'], stringAt(value, 'backend', 'method'))
        : [];
    default:
      return [];
  }
}

function ruleSites(root: unknown, base: YamlPath): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  arrayAt(root, 'groups').forEach((group, groupIndex) => {
    arrayAt(group, 'rules').forEach((rule, ruleIndex) => {
      if (!isRecord(rule) || (typeof rule.expr !== 'string' && typeof rule.expr !== 'number')) return;
      const role = 'alert' in rule ? 'alert' : 'record';
      sites.push({ path: [...base, 'groups', groupIndex, 'rules', ruleIndex, 'expr'], role });
    });
  });
  return sites;
}

function slothSites(
  root: unknown,
  base: YamlPath,
  keys: { error: string; total: string; ratio: string },
): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  arrayAt(root, 'slos').forEach((slo, index) => {
    const sli = [...base, 'slos', index, 'sli'];
    if (typeof valueAt(slo, 'sli', 'events', keys.error) === 'string')
      sites.push({ path: [...sli, 'events', keys.error], role: 'sli-error' });
    if (typeof valueAt(slo, 'sli', 'events', keys.total) === 'string')
      sites.push({ path: [...sli, 'events', keys.total], role: 'sli-total' });
    if (typeof valueAt(slo, 'sli', 'raw', keys.ratio) === 'string')
      sites.push({ path: [...sli, 'raw', keys.ratio], role: 'sli-error-ratio' });
  });
  return sites;
}

/** Only Prometheus-compatible metric sources hold PromQL; Datadog or AppDynamics queries are not ours to parse. */
export function isPrometheusSource(type: unknown): boolean {
  return (
    typeof type === 'string' &&
    /^(prometheus|thanos|cortex|mimir|victoriametrics|sloth|grafana ?mimir|amazon ?prometheus)$/i.test(type.trim())
  );
}

function metricSourceSite(spec: unknown, path: YamlPath, role: ExpressionRole): ExpressionSite[] {
  const source = recordAt(spec, 'metricSource');
  if (!source || !isPrometheusSource(source.type)) return [];
  for (const key of ['query', 'promql']) {
    if (typeof valueAt(source, 'spec', key) === 'string')
      return [{ path: [...path, 'metricSource', 'spec', key], role }];
  }
  return [];
}

function sliSpecSites(spec: unknown, path: YamlPath): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const ratio = recordAt(spec, 'ratioMetric');
  if (ratio) {
    for (const [key, role] of [
      ['good', 'sli-good'],
      ['bad', 'sli-bad'],
      ['total', 'sli-total'],
      ['raw', 'sli-raw'],
    ] as const) {
      sites.push(...metricSourceSite(ratio[key], [...path, 'ratioMetric', key], role));
    }
  }
  sites.push(...metricSourceSite(recordAt(spec, 'thresholdMetric'), [...path, 'thresholdMetric'], 'sli-threshold'));
  return sites;
}

function openSloV1Sites(value: Record<string, unknown>): ExpressionSite[] {
  if (value.kind === 'SLI') return sliSpecSites(recordAt(value, 'spec'), ['spec']);
  if (value.kind === 'SLO')
    return sliSpecSites(recordAt(value, 'spec', 'indicator', 'spec'), ['spec', 'indicator', 'spec']);
  return [];
}

function openSloV1AlphaSites(value: Record<string, unknown>): ExpressionSite[] {
  if (value.kind !== 'SLO') return [];
  const sites: ExpressionSite[] = [];
  const promql = (source: unknown): boolean =>
    isPrometheusSource(valueAt(source, 'source')) || /^promql$/i.test(String(valueAt(source, 'queryType') ?? ''));
  const threshold = recordAt(value, 'spec', 'indicator', 'thresholdMetric');
  if (threshold && promql(threshold) && typeof threshold.query === 'string') {
    sites.push({ path: ['spec', 'indicator', 'thresholdMetric', 'query'], role: 'sli-threshold' });
  }
  arrayAt(value, 'spec', 'objectives').forEach((objective, index) => {
    for (const [key, role] of [
      ['good', 'sli-good'],
      ['total', 'sli-total'],
    ] as const) {
      const source = recordAt(objective, 'ratioMetrics', key);
      if (source && promql(source) && typeof source.query === 'string') {
        sites.push({ path: ['spec', 'objectives', index, 'ratioMetrics', key, 'query'], role });
      }
    }
  });
  return sites;
}

function pyrraSites(value: Record<string, unknown>): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const indicator = recordAt(value, 'spec', 'indicator');
  const add = (path: string[], role: ExpressionRole): void => {
    if (stringAt(indicator, ...path) !== undefined)
      sites.push({ path: ['spec', 'indicator', ...path], role, selectorOnly: true });
  };
  add(['ratio', 'errors', 'metric'], 'pyrra-errors');
  add(['ratio', 'total', 'metric'], 'pyrra-total');
  add(['latency', 'success', 'metric'], 'pyrra-success');
  add(['latency', 'total', 'metric'], 'pyrra-total');
  add(['latencyNative', 'total', 'metric'], 'pyrra-total');
  add(['bool_gauge', 'metric'], 'pyrra-bool-gauge');
  return sites;
}

/**
 * slo-generator resolves `backend: prometheus` (or an alias like `prometheus/staging`) to its Prometheus backend;
 * other backends (Cloud Monitoring filters, Datadog queries, custom classes with a dot) hold no PromQL.
 */
export function isSloGeneratorPrometheusBackend(backend: string | undefined): boolean {
  return backend !== undefined && /^prometheus(\/|$)/.test(backend.trim());
}

/**
 * The PromQL of an slo-generator SLI, per method of its Prometheus backend. `good_bad_ratio` reads `filter_bad`
 * when it is set and ignores `filter_valid` then, so `filter_valid` is a total only without `filter_bad`.
 */
function sloGeneratorSites(
  value: Record<string, unknown>,
  base: string[],
  method: string | undefined,
): ExpressionSite[] {
  const sli = valueAt(value, ...base);
  const has = (key: string): boolean => typeof valueAt(sli, key) === 'string';
  const sites: ExpressionSite[] = [];
  const add = (key: string, role: ExpressionRole): void => {
    if (has(key)) sites.push({ path: [...base, key], role });
  };
  switch (method) {
    case 'query_sli':
      add('expression', 'sli-ratio');
      break;
    case 'distribution_cut':
      add('expression', 'sli-distribution');
      break;
    case 'good_bad_ratio':
      add('filter_good', 'sli-good');
      add('filter_bad', 'sli-bad');
      if (!has('filter_bad')) add('filter_valid', 'sli-total');
      break;
    default:
      break; // an unknown method: config-schema says so, and we cannot tell what the fields mean
  }
  return sites;
}
