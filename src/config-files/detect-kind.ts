/** Recognising rule and SLO objects by their content, wherever the file lives. */
import type { ConfigKind } from './model.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind of one YAML object, or undefined for YAML we do not check (which is then ignored silently). */
export function detectKind(value: unknown): ConfigKind | undefined {
  if (!isRecord(value)) return undefined;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion.trim() : undefined;
  const kind = typeof value.kind === 'string' ? value.kind.trim() : undefined;
  if (apiVersion) {
    if (apiVersion.startsWith('monitoring.coreos.com/') && kind === 'PrometheusRule') return 'prometheus-rule-crd';
    if (apiVersion === 'sloth.slok.dev/v1' && kind === 'PrometheusServiceLevel') return 'sloth-crd';
    if (apiVersion === 'sloth.slok.dev/v1' && kind === 'AlertWindows') return 'sloth-alert-windows';
    if (apiVersion === 'openslo/v1') return 'openslo';
    if (apiVersion === 'openslo/v1alpha') return 'openslo-v1alpha';
    if (apiVersion.startsWith('pyrra.dev/') && kind === 'ServiceLevelObjective') return 'pyrra';
    if (apiVersion === 'sre.google.com/v2' && kind === 'ServiceLevelObjective') return 'slo-generator';
    return undefined;
  }
  if (isSloGeneratorV1(value)) return 'slo-generator-v1';
  if (isSloGeneratorSharedConfig(value)) return 'slo-generator-config';
  if (value.version === 'prometheus/v1' && ('slos' in value || 'service' in value)) return 'sloth';
  // A Prometheus rule file is a map whose `groups` is a list of maps with `rules`, nothing else is required of it;
  // asking for `rules` in the first group keeps other `groups:` YAML (e.g. CI configs) out.
  if (
    Array.isArray(value.groups) &&
    value.groups.some((group) => isRecord(group) && ('rules' in group || 'name' in group))
  ) {
    const others = Object.keys(value).filter((key) => key !== 'groups');
    if (others.length === 0 || others.every((key) => key === 'namespace')) return 'prometheus-rules';
  }
  return undefined;
}

/**
 * slo-generator's first format has no apiVersion: its SLO is a flat map with `slo_target` and a `backend` map naming
 * the backend `class` and `method` (what its v1-to-v2 migrator reads). All three together are specific enough.
 */
function isSloGeneratorV1(value: Record<string, unknown>): boolean {
  if (!('slo_target' in value) || !isRecord(value.backend)) return false;
  if (!('class' in value.backend) && !('method' in value.backend)) return false;
  return 'service_name' in value || 'slo_name' in value;
}

/** slo-generator's shared config (`-c config.yaml`): recognised by its error budget policies, which hold steps. */
function isSloGeneratorSharedConfig(value: Record<string, unknown>): boolean {
  if ('kind' in value || !isRecord(value.error_budget_policies)) return false;
  return Object.values(value.error_budget_policies).some((policy) => isRecord(policy) && Array.isArray(policy.steps));
}

/**
 * For YAML that does not parse: does the raw text say it is one of our kinds? Used only to decide whether a
 * broken file deserves a finding; templated YAML (Helm, Go templates) is never claimed.
 */
export function looksLikeConfigKind(text: string): boolean {
  if (looksTemplated(text)) return false;
  return (
    /^\s*apiVersion:\s*["']?(openslo\/v1(alpha)?|sloth\.slok\.dev\/v1|pyrra\.dev\/v1alpha1|sre\.google\.com\/v2)["']?\s*$/m.test(
      text,
    ) ||
    (/^\s*apiVersion:\s*["']?monitoring\.coreos\.com\//m.test(text) &&
      /^\s*kind:\s*["']?PrometheusRule["']?\s*$/m.test(text)) ||
    /^version:\s*["']?prometheus\/v1["']?\s*$/m.test(text) ||
    (/^error_budget_policies:\s*$/m.test(text) && /^\s*-?\s*burn_rate_threshold:/m.test(text)) ||
    (/^groups:\s*$/m.test(text) && /^\s*-?\s*(alert|record):/m.test(text))
  );
}

/** Helm charts and other Go-templated YAML: broken as YAML by design, and not ours to judge. */
export function looksTemplated(text: string): boolean {
  return /\{\{-?\s*(if|else|end|range|with|include|template|define|toYaml|tpl|\.Values|\.Release|\.Chart|\$\.)\b|\{\{-/.test(
    text,
  );
}
