/**
 * OpenSLO's structural rules (v1 and v1alpha) that its JSON Schema cannot say: exactly one of the alternative fields
 * (`indicator` or `indicatorRef`, `target` or `targetPercent`, `thresholdMetric` or `ratioMetric`), and time
 * windows that are either rolling or calendar-aligned.
 */
import type { ConfigObject, YamlPath } from './model.js';
import type { ObjectFinding } from './object-finding.js';
import { arrayAt, isRecord, recordAt, valueAt } from './yaml-values.js';

export function timeWindowFindings(object: ConfigObject, path: YamlPath, window: unknown): ObjectFinding[] {
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

export function openSloV1Findings(object: ConfigObject): ObjectFinding[] {
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

export function sliFindings(object: ConfigObject, path: YamlPath, spec: Record<string, unknown>): ObjectFinding[] {
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

export function exactlyOneOf(
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

export function openSloV1AlphaFindings(object: ConfigObject): ObjectFinding[] {
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
