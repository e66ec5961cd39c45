/**
 * Structural rules a JSON Schema cannot explain well ("exactly one of", "not on a recording rule", repeated group
 * names), checked in code so each gets a message that says what the tool will do with the file.
 */
import type { ConfigObject, YamlPath } from './model.js';
import type { ObjectFinding } from './object-finding.js';
import { arrayAt, isRecord, recordAt, stringAt, valueAt } from './yaml-values.js';
import { isSloGeneratorPrometheusBackend } from './expression-sites.js';

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

function timeWindowFindings(object: ConfigObject, path: YamlPath, window: unknown): ObjectFinding[] {
  if (!isRecord(window)) return [];
  const rolling = window.isRolling === true;
  const hasCalendar = isRecord(window.calendar);
  if (rolling && hasCalendar) {
    return [
      {
        object,
        path: [...path, 'calendar'],
        at: 'key',
        message:
          'A rolling time window cannot also have a `calendar`; OpenSLO validators reject it, and tools disagree on which one wins.',
        help: 'Remove `calendar`, or set `isRolling: false`.',
      },
    ];
  }
  if (!rolling && !hasCalendar) {
    return [
      {
        object,
        path: [...path, Object.keys(window)[0] ?? 'isRolling'],
        at: 'key',
        message: `This time window is neither rolling nor calendar-aligned: \`isRolling\` is ${window.isRolling === false ? 'false' : 'missing (false)'} and there is no \`calendar\`, so the SLO period has no defined start; OpenSLO validators reject it.`,
        help: 'Add `isRolling: true` for a rolling window, or a `calendar: {startTime, timeZone}`.',
      },
    ];
  }
  return [];
}

function openSloV1Findings(object: ConfigObject): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  const spec = recordAt(object.value, 'spec');
  if (!spec) return findings;
  if (object.value.kind === 'SLO') {
    const objectives = arrayAt(spec, 'objectives');
    const composite = objectives.some(
      (objective) => isRecord(objective) && (objective.indicator || objective.indicatorRef),
    );
    if (!composite)
      findings.push(
        ...exactlyOneOf(object, ['spec'], spec, ['indicator', 'indicatorRef'], 'the SLO has no indicator to measure'),
      );
    arrayAt(spec, 'timeWindow').forEach((window, index) =>
      findings.push(...timeWindowFindings(object, ['spec', 'timeWindow', index], window)),
    );
    objectives.forEach((objective, index) => {
      if (!isRecord(objective)) return;
      const path = ['spec', 'objectives', index];
      findings.push(
        ...exactlyOneOf(object, path, objective, ['target', 'targetPercent'], 'the objective has no target'),
      );
      const method = spec.budgetingMethod;
      if (method === 'Timeslices' && objective.timeSliceTarget === undefined) {
        findings.push({
          object,
          path,
          at: 'value',
          message:
            'Budgeting method Timeslices needs `timeSliceTarget` on every objective: without it a time slice can never be judged good or bad.',
          help: 'Add `timeSliceTarget:` (a ratio in (0, 1]).',
        });
      }
      if ((method === 'Timeslices' || method === 'RatioTimeslices') && objective.timeSliceWindow === undefined) {
        findings.push({
          object,
          path,
          at: 'value',
          message: `Budgeting method ${String(method)} needs \`timeSliceWindow\` on every objective: it is the size of each time slice.`,
          help: 'Add `timeSliceWindow:` (e.g. 1m).',
        });
      }
    });
  }
  if (object.value.kind === 'SLI') findings.push(...sliFindings(object, ['spec'], spec));
  if (object.value.kind === 'SLO' && isRecord(valueAt(spec, 'indicator', 'spec'))) {
    findings.push(...sliFindings(object, ['spec', 'indicator', 'spec'], recordAt(spec, 'indicator', 'spec')!));
  }
  return findings;
}

function sliFindings(object: ConfigObject, path: YamlPath, spec: Record<string, unknown>): ObjectFinding[] {
  const findings = exactlyOneOf(object, path, spec, ['thresholdMetric', 'ratioMetric'], 'the SLI measures nothing');
  const ratio = recordAt(spec, 'ratioMetric');
  if (ratio) {
    const has = (key: string): boolean => ratio[key] !== undefined && ratio[key] !== null;
    const shapes = [
      has('good') && has('total') && !has('bad') && !has('raw'),
      has('bad') && has('total') && !has('good') && !has('raw'),
      has('raw') && !has('good') && !has('bad') && !has('total'),
    ];
    if (!shapes.some(Boolean)) {
      findings.push({
        object,
        path: [...path, 'ratioMetric'],
        at: 'key',
        message:
          '`ratioMetric` must have `good` and `total`, or `bad` and `total`, or `raw` (with `rawType`); any other combination cannot be turned into a ratio.',
        help: 'Keep one of the three shapes.',
      });
    } else if (has('raw') && ratio.rawType === undefined) {
      findings.push({
        object,
        path: [...path, 'ratioMetric', 'raw'],
        at: 'key',
        message:
          'A `raw` ratio needs `rawType` (success or failure); without it the ratio can be read as good or as bad events.',
        help: 'Add `rawType: success` or `rawType: failure`.',
      });
    }
  }
  return findings;
}

function exactlyOneOf(
  object: ConfigObject,
  path: YamlPath,
  container: Record<string, unknown>,
  options: string[],
  consequence: string,
): ObjectFinding[] {
  const present = options.filter((option) => container[option] !== undefined && container[option] !== null);
  if (present.length === 1) return [];
  const list = options.map((option) => `\`${option}\``).join(' or ');
  if (present.length === 0)
    return [
      {
        object,
        path,
        at: 'value',
        message: `Neither ${list} is set: ${consequence}.`,
        help: `Set exactly one of ${list}.`,
      },
    ];
  return [
    {
      object,
      path: [...path, present[1]!],
      at: 'key',
      message: `Both ${present.map((option) => `\`${option}\``).join(' and ')} are set, but only one is allowed; tools disagree on which one wins.`,
      help: `Keep only one of ${list}.`,
    },
  ];
}

function openSloV1AlphaFindings(object: ConfigObject): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  if (object.value.kind !== 'SLO') return findings;
  const spec = recordAt(object.value, 'spec');
  if (!spec) return findings;
  arrayAt(spec, 'timeWindows').forEach((window, index) =>
    findings.push(...timeWindowFindings(object, ['spec', 'timeWindows', index], window)),
  );
  const objectives = arrayAt(spec, 'objectives');
  const hasRatio = objectives.some((objective) => isRecord(objective) && objective.ratioMetrics);
  if (hasRatio && spec.indicator) {
    findings.push({
      object,
      path: ['spec', 'indicator'],
      at: 'key',
      message: 'Both `indicator` and `objectives[*].ratioMetrics` are set, but only one is allowed in OpenSLO v1alpha.',
      help: 'Keep either the threshold indicator or the ratio metrics.',
    });
  } else if (!hasRatio && !spec.indicator) {
    findings.push({
      object,
      path: ['spec'],
      at: 'key',
      message: 'Neither `indicator` nor `objectives[*].ratioMetrics` is set: the SLO measures nothing.',
      help: 'Add `ratioMetrics` to the objectives, or an `indicator.thresholdMetric`.',
    });
  }
  objectives.forEach((objective, index) => {
    if (!isRecord(objective)) return;
    if (objective.target === undefined) {
      findings.push({
        object,
        path: ['spec', 'objectives', index],
        message: 'This objective has no `target`: there is no error budget to compute.',
        help: 'Add `target:` as a ratio, e.g. 0.999.',
      });
    }
    if (spec.budgetingMethod === 'Timeslices' && objective.timeSliceTarget === undefined) {
      findings.push({
        object,
        path: ['spec', 'objectives', index],
        message: 'Budgeting method Timeslices needs `timeSliceTarget` on every objective.',
        help: 'Add `timeSliceTarget:` (a ratio in (0, 1]).',
      });
    }
  });
  return findings;
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
