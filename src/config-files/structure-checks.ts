/**
 * Structural rules a JSON Schema cannot explain well ("exactly one of", "not on a recording rule", repeated group
 * names), checked in code so each gets a message that says what the tool will do with the file.
 */
import { isSloGeneratorPrometheusBackend } from './expression-sites.js';
import type { ConfigObject, YamlPath } from './model.js';
import type { ObjectFinding } from './object-finding.js';
import { openSloV1AlphaFindings, openSloV1Findings } from './openslo-structure.js';
import { arrayAt, isRecord, recordAt, stringAt, valueAt } from './yaml-values.js';

export function structureFindings(object: ConfigObject): ObjectFinding[] {
  switch (object.kind) {
    case 'prometheus-rules':
      return ruleFileFindings(object, []);
    case 'prometheus-rule-crd':
      return ruleFileFindings(object, ['spec']);
    case 'sloth':
      return slothFindings(object, [], { page: 'page_alert', ticket: 'ticket_alert' });
    case 'sloth-crd':
      return slothFindings(object, ['spec'], { page: 'pageAlert', ticket: 'ticketAlert' });
    case 'openslo':
      return openSloV1Findings(object);
    case 'openslo-v1alpha':
      return openSloV1AlphaFindings(object);
    case 'pyrra':
      return exactlyOne(
        object,
        ['spec', 'indicator'],
        ['ratio', 'latency', 'latencyNative', 'bool_gauge'],
        'Pyrra cannot generate rules for this SLO',
      );
    case 'slo-generator':
      if (!isSloGeneratorPrometheusBackend(stringAt(object.value, 'spec', 'backend'))) return [];
      return sloGeneratorPrometheusFindings(
        object,
        ['spec', 'service_level_indicator'],
        stringAt(object.value, 'spec', 'method'),
      );
    case 'slo-generator-v1':
      if (stringAt(object.value, 'backend', 'class') !== 'Prometheus') return [];
      return sloGeneratorPrometheusFindings(
        object,
        ['backend', 'measurement'],
        stringAt(object.value, 'backend', 'method'),
      );
    default:
      return [];
  }
}

function ruleFileFindings(object: ConfigObject, base: YamlPath): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  const groupNames = new Map<string, number>();
  arrayAt(valueAt(object.value, ...base), 'groups').forEach((group, groupIndex) => {
    const groupPath = [...base, 'groups', groupIndex];
    const name = valueAt(group, 'name');
    if (typeof name === 'string' && name !== '') {
      if (groupNames.has(name)) {
        findings.push({
          object,
          path: [...groupPath, 'name'],
          message: `Group name '${name}' is already used by group ${groupNames.get(name)! + 1} of this file; Prometheus refuses to load a file with repeated group names.`,
          help: 'Give each group a unique name, or merge the two groups.',
        });
      } else groupNames.set(name, groupIndex);
    }
    arrayAt(group, 'rules').forEach((rule, ruleIndex) => {
      if (!isRecord(rule)) return;
      const rulePath = [...groupPath, 'rules', ruleIndex];
      const isAlert = 'alert' in rule;
      const isRecording = 'record' in rule;
      if (isAlert && isRecording) {
        findings.push({
          object,
          path: [...rulePath, 'record'],
          at: 'key',
          message: 'A rule cannot be both an alert and a recording rule; Prometheus refuses to load it.',
          help: 'Split it into one `alert:` rule and one `record:` rule.',
        });
      } else if (!isAlert && !isRecording) {
        findings.push({
          object,
          path: [...rulePath, Object.keys(rule)[0] ?? 'expr'],
          at: 'key',
          message: 'This rule has neither `alert:` nor `record:`, so Prometheus refuses to load the file.',
          help: 'Add `alert: <name>` or `record: <name>`.',
        });
      } else if (isRecording) {
        for (const field of ['for', 'keep_firing_for', 'annotations']) {
          if (field in rule) {
            findings.push({
              object,
              path: [...rulePath, field],
              at: 'key',
              message: `\`${field}\` is only valid on alerting rules; Prometheus refuses to load a recording rule that has it.`,
              help: `Remove \`${field}\`, or make the rule an \`alert:\`.`,
            });
          }
        }
        const record = rule.record;
        if (typeof record === 'string' && /[{}]/.test(record)) {
          findings.push({
            object,
            path: [...rulePath, 'record'],
            message: `The recorded series name '${record}' contains braces; Prometheus refuses it (labels go under \`labels:\`).`,
            help: 'Move the labels to `labels:` and keep only the metric name.',
          });
        }
      }
    });
  });
  return findings;
}

function slothFindings(
  object: ConfigObject,
  base: YamlPath,
  alertKeys: { page: string; ticket: string },
): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  arrayAt(valueAt(object.value, ...base), 'slos').forEach((slo, index) => {
    const sloPath = [...base, 'slos', index];
    if (isRecord(slo) && 'sli' in slo)
      findings.push(
        ...exactlyOne(
          object,
          [...sloPath, 'sli'],
          ['events', 'raw', 'plugin'],
          'Sloth cannot generate recording rules for this SLO',
        ),
      );
    const alerting = recordAt(slo, 'alerting');
    const disabled = (key: string): boolean => valueAt(alerting, key, 'disable') === true;
    if (!(disabled(alertKeys.page) && disabled(alertKeys.ticket))) {
      const name = valueAt(alerting, 'name');
      if (typeof name !== 'string' || name.trim() === '') {
        findings.push({
          object,
          path: alerting
            ? [...sloPath, 'alerting', ...(alerting.name !== undefined ? ['name'] : [])]
            : [...sloPath, 'name'],
          at: alerting && alerting.name !== undefined ? 'value' : 'key',
          message:
            'This SLO has page or ticket alerts enabled but no `alerting.name`; Sloth rejects the spec because the generated alerts need a name.',
          help: `Set \`alerting.name\`, or disable both alerts with \`${alertKeys.page}: {disable: true}\` and \`${alertKeys.ticket}: {disable: true}\`.`,
        });
      }
    }
  });
  return findings;
}

function exactlyOne(object: ConfigObject, path: YamlPath, options: string[], consequence: string): ObjectFinding[] {
  const container = valueAt(object.value, ...path);
  if (!isRecord(container)) return [];
  const present = options.filter((option) => container[option] !== undefined && container[option] !== null);
  if (present.length === 1) return [];
  const list = options.map((option) => `\`${option}\``).join(', ');
  return [
    {
      object,
      path,
      message:
        present.length === 0
          ? `\`${String(path[path.length - 1])}\` defines none of ${list}; ${consequence}.`
          : `\`${String(path[path.length - 1])}\` defines ${present.map((option) => `\`${option}\``).join(' and ')}, but exactly one of ${list} is allowed; ${consequence}.`,
      help: `Keep exactly one of ${list}.`,
    },
  ];
}

/** Fields slo-generator's Prometheus backend reads without a default, per method: a missing one fails every run. */
const sloGeneratorRequiredFields: Record<string, string[]> = {
  query_sli: ['expression'],
  distribution_cut: ['expression', 'threshold_bucket'],
  good_bad_ratio: ['filter_good'],
};

const sloGeneratorPrometheusFields = new Set([
  'expression',
  'filter_good',
  'filter_bad',
  'filter_valid',
  'operators',
  'threshold_bucket',
]);

function sloGeneratorPrometheusFindings(
  object: ConfigObject,
  path: YamlPath,
  method: string | undefined,
): ObjectFinding[] {
  const sli = valueAt(object.value, ...path);
  if (!method || !(method in sloGeneratorRequiredFields) || !isRecord(sli)) return [];
  // A misspelt field (`filter_vaild`) is reported as unknown, with the right name: saying it is missing repeats it.
  if (Object.keys(sli).some((key) => !sloGeneratorPrometheusFields.has(key))) return [];
  const findings: ObjectFinding[] = [];
  const section = String(path[path.length - 1]);
  for (const field of sloGeneratorRequiredFields[method]!) {
    if (sli[field] !== undefined && sli[field] !== null) continue;
    findings.push({
      object,
      path,
      at: 'key',
      message: `\`${section}\` has no \`${field}\`, which the \`${method}\` method of slo-generator's Prometheus backend requires: every computation of this SLO fails, so it produces no SLI, no burn rate and no alert.`,
      help: `Add \`${field}:\`.`,
    });
  }
  if (method === 'good_bad_ratio' && !(typeof sli.filter_bad === 'string' || typeof sli.filter_valid === 'string')) {
    findings.push({
      object,
      path,
      at: 'key',
      message: `\`${section}\` has neither \`filter_bad\` nor \`filter_valid\`: slo-generator's \`good_bad_ratio\` needs one of them to count the events that are not good, and fails every computation of this SLO without it.`,
      help: 'Add `filter_valid:` (all events) or `filter_bad:` (the bad events).',
    });
  }
  return findings;
}
