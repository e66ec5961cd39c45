/**
 * VictoriaMetrics' MetricsQL is a superset of PromQL used with the same rule and SLO formats (Sloth even ships a
 * validator plugin for it). Its queries are not wrong, just not PromQL: files written for it are not PromQL-checked.
 */
import { expressionSites } from '../expression-sites.js';
import type { ConfigFile } from '../model.js';
import { arrayAt, stringAt, valueAt } from '../yaml-values.js';

const metricsqlOnlyFunctions = [
  'histogram_share',
  'histogram_over_time',
  'share_le_over_time',
  'share_gt_over_time',
  'share_eq_over_time',
  'count_le_over_time',
  'count_gt_over_time',
  'count_eq_over_time',
  'count_ne_over_time',
  'rollup',
  'rollup_rate',
  'rollup_increase',
  'rollup_delta',
  'rollup_deriv',
  'rollup_candlestick',
  'rollup_scrape_interval',
  'range_first',
  'range_last',
  'range_avg',
  'range_max',
  'range_min',
  'range_sum',
  'range_median',
  'range_quantile',
  'remove_resets',
  'running_sum',
  'running_avg',
  'running_max',
  'running_min',
  'keep_last_value',
  'keep_next_value',
  'interpolate',
  'label_set',
  'label_del',
  'label_keep',
  'label_copy',
  'label_move',
  'label_map',
  'label_value',
  'label_match',
  'label_mismatch',
  'label_uppercase',
  'label_lowercase',
  'union',
  'median_over_time',
  'tmin_over_time',
  'tmax_over_time',
  'tfirst_over_time',
  'tlast_over_time',
  'increase_pure',
  'increase_prometheus',
  'rate_over_sum',
  'zscore_over_time',
  'outliersk',
  'outliers_mad',
  'limit_offset',
  'buckets_limit',
  'prometheus_buckets',
  'aggr_over_time',
  'ascent_over_time',
  'descent_over_time',
  'duration_over_time',
  'lag',
  'lifetime',
  'integrate',
  'ideriv',
  'mode_over_time',
  'distinct_over_time',
];
const metricsqlCall = new RegExp(`\\b(?:${metricsqlOnlyFunctions.join('|')})\\s*\\(`);

const cache = new WeakMap<ConfigFile, 'promql' | 'metricsql'>();

export function fileDialect(file: ConfigFile): 'promql' | 'metricsql' {
  let dialect = cache.get(file);
  if (!dialect) {
    dialect = file.objects.some(
      (object) =>
        declaresVictoriaMetrics(object.value) ||
        expressionSites(object).some((site) => {
          const query = valueAt(object.value, ...site.path);
          return typeof query === 'string' && metricsqlCall.test(query);
        }),
    )
      ? 'metricsql'
      : 'promql';
    cache.set(file, dialect);
  }
  return dialect;
}

/** Sloth specs opt into MetricsQL validation with the `validate_victoria_metrics` SLO plugin. */
function declaresVictoriaMetrics(value: Record<string, unknown>): boolean {
  const chains = [...arrayAt(value, 'slo_plugins', 'chain'), ...arrayAt(value, 'spec', 'sloPlugins', 'chain')];
  return chains.some((plugin) => /victoria/i.test(stringAt(plugin, 'id') ?? ''));
}
