/**
 * SLOs of every format in one shape: service, name, objective (as a ratio), period, and where each came from, so
 * the SLO rules (objective, alerting, references) are written once.
 */
import { parseOpenSloShorthand, parsePrometheusDuration } from './duration.js';
import type { ConfigObject, ConfigProject, YamlPath } from './model.js';
import { arrayAt, isRecord, numberAt, recordAt, stringAt, valueAt } from './yaml-values.js';

export type ObjectiveUnit = 'percent' | 'ratio';

export interface SloObjective {
  /** The number as written. */
  raw: number;
  unit: ObjectiveUnit;
  /** The objective as a ratio in the format's intended unit (raw/100 for percents). */
  ratio: number;
  /** Path of the value inside the object. */
  path: YamlPath;
  /** The field name as written (`objective`, `target`, `targetPercent`, `goal`, `slo_target`). */
  field: string;
}

export interface SloDefinition {
  object: ConfigObject;
  format: 'sloth' | 'sloth-crd' | 'openslo' | 'openslo-v1alpha' | 'pyrra' | 'slo-generator' | 'slo-generator-v1';
  service: string | undefined;
  name: string | undefined;
  /** Path of the SLO (a list item for Sloth, the object for the others). */
  path: YamlPath;
  /** Path of the name value, for duplicate reports. */
  namePath: YamlPath;
  objectives: SloObjective[];
  /** Period in seconds, when known (Sloth's default is 30 days). */
  periodSeconds: number | undefined;
  periodPath: YamlPath | undefined;
  /** Burn-rate alerts the generator creates, when it creates them. */
  generatedAlerts: { page: boolean; ticket: boolean };
}

const thirtyDays = 30 * 86400;
const cache = new WeakMap<ConfigProject, SloDefinition[]>();

export function sloDefinitions(project: ConfigProject): SloDefinition[] {
  let found = cache.get(project);
  if (!found) {
    found = project.files.flatMap((file) => file.objects.flatMap(definitionsOf));
    cache.set(project, found);
  }
  return found;
}

function definitionsOf(object: ConfigObject): SloDefinition[] {
  const value = object.value;
  switch (object.kind) {
    case 'sloth':
    case 'sloth-crd': {
      const crd = object.kind === 'sloth-crd';
      const base: YamlPath = crd ? ['spec'] : [];
      const root = crd ? recordAt(value, 'spec') : value;
      const [pageKey, ticketKey] = crd ? ['pageAlert', 'ticketAlert'] : ['page_alert', 'ticket_alert'];
      return arrayAt(root, 'slos').flatMap((slo, index): SloDefinition[] => {
        if (!isRecord(slo)) return [];
        const path = [...base, 'slos', index];
        const objective = numberAt(slo, 'objective');
        return [
          {
            object,
            format: object.kind as 'sloth' | 'sloth-crd',
            service: stringAt(root, 'service'),
            name: stringAt(slo, 'name'),
            path,
            namePath: [...path, 'name'],
            objectives:
              objective === undefined
                ? []
                : [
                    {
                      raw: objective,
                      unit: 'percent',
                      ratio: objective / 100,
                      path: [...path, 'objective'],
                      field: 'objective',
                    },
                  ],
            periodSeconds: thirtyDays,
            periodPath: undefined,
            generatedAlerts: {
              page: valueAt(slo, 'alerting', pageKey, 'disable') !== true,
              ticket: valueAt(slo, 'alerting', ticketKey, 'disable') !== true,
            },
          },
        ];
      });
    }
    case 'openslo': {
      if (value.kind !== 'SLO') return [];
      const objectives: SloObjective[] = [];
      arrayAt(value, 'spec', 'objectives').forEach((objective, index) => {
        const target = numberAt(objective, 'target');
        const percent = numberAt(objective, 'targetPercent');
        if (target !== undefined)
          objectives.push({
            raw: target,
            unit: 'ratio',
            ratio: target,
            path: ['spec', 'objectives', index, 'target'],
            field: 'target',
          });
        if (percent !== undefined)
          objectives.push({
            raw: percent,
            unit: 'percent',
            ratio: percent / 100,
            path: ['spec', 'objectives', index, 'targetPercent'],
            field: 'targetPercent',
          });
      });
      const duration = stringAt(value, 'spec', 'timeWindow', 0, 'duration');
      return [
        {
          object,
          format: 'openslo',
          service: stringAt(value, 'spec', 'service'),
          name: stringAt(value, 'metadata', 'name'),
          path: [],
          namePath: ['metadata', 'name'],
          objectives,
          periodSeconds: duration ? parseOpenSloShorthand(duration)?.seconds : undefined,
          periodPath: duration ? ['spec', 'timeWindow', 0, 'duration'] : undefined,
          generatedAlerts: { page: false, ticket: false },
        },
      ];
    }
    case 'openslo-v1alpha': {
      if (value.kind !== 'SLO') return [];
      const objectives: SloObjective[] = [];
      arrayAt(value, 'spec', 'objectives').forEach((objective, index) => {
        const target = numberAt(objective, 'target');
        if (target !== undefined)
          objectives.push({
            raw: target,
            unit: 'ratio',
            ratio: target,
            path: ['spec', 'objectives', index, 'target'],
            field: 'target',
          });
      });
      const count = numberAt(value, 'spec', 'timeWindows', 0, 'count');
      const unit = stringAt(value, 'spec', 'timeWindows', 0, 'unit');
      const unitSeconds: Record<string, number> = { Second: 1, Day: 86400, Week: 604800 };
      return [
        {
          object,
          format: 'openslo-v1alpha',
          service: stringAt(value, 'spec', 'service'),
          name: stringAt(value, 'metadata', 'name'),
          path: [],
          namePath: ['metadata', 'name'],
          objectives,
          periodSeconds: count !== undefined && unit && unitSeconds[unit] ? count * unitSeconds[unit]! : undefined,
          periodPath: undefined,
          generatedAlerts: { page: false, ticket: false },
        },
      ];
    }
    case 'pyrra': {
      const target = numberAt(value, 'spec', 'target');
      const window = stringAt(value, 'spec', 'window');
      const alertsOff =
        valueAt(value, 'spec', 'alerting', 'disabled') === true ||
        valueAt(value, 'spec', 'alerting', 'burnrates') === false;
      return [
        {
          object,
          format: 'pyrra',
          service: undefined,
          name: stringAt(value, 'metadata', 'name'),
          path: [],
          namePath: ['metadata', 'name'],
          objectives:
            target === undefined
              ? []
              : [{ raw: target, unit: 'percent', ratio: target / 100, path: ['spec', 'target'], field: 'target' }],
          periodSeconds: window ? parsePrometheusDuration(window) : undefined,
          periodPath: window ? ['spec', 'window'] : undefined,
          generatedAlerts: { page: !alertsOff, ticket: !alertsOff },
        },
      ];
    }
    case 'slo-generator':
    case 'slo-generator-v1': {
      // slo-generator has no SLO period: each error budget policy step measures its own window. Its identity
      // (service, feature, SLO name) is left out on purpose: exporters key reports by more than the name.
      const v2 = object.kind === 'slo-generator';
      const field = v2 ? 'goal' : 'slo_target';
      const path = v2 ? ['spec', 'goal'] : ['slo_target'];
      const goal = numberAt(value, ...path);
      return [
        {
          object,
          format: object.kind,
          service: undefined,
          name: v2 ? stringAt(value, 'metadata', 'name') : stringAt(value, 'slo_name'),
          path: [],
          namePath: v2 ? ['metadata', 'name'] : ['slo_name'],
          objectives: goal === undefined ? [] : [{ raw: goal, unit: 'ratio', ratio: goal, path, field }],
          periodSeconds: undefined,
          periodPath: undefined,
          generatedAlerts: { page: false, ticket: false },
        },
      ];
    }
    default:
      return [];
  }
}
