/** The alerting and recording rules of rule files and PrometheusRule CRDs, as one list. */
import { expressionAt, type PromQLExpression } from './expressions.js';
import type { ConfigObject, ConfigProject, YamlPath } from './model.js';
import { arrayAt, isRecord, recordAt } from './yaml-values.js';

export interface PrometheusRule {
  object: ConfigObject;
  /** Path of the rule map inside the object. */
  path: YamlPath;
  type: 'alert' | 'record';
  name: string | undefined;
  value: Record<string, unknown>;
  labels: Record<string, unknown>;
  annotations: Record<string, unknown>;
  expression: PromQLExpression | undefined;
}

export function prometheusRules(project: ConfigProject): PrometheusRule[] {
  const rules: PrometheusRule[] = [];
  for (const file of project.files) {
    for (const object of file.objects) {
      if (object.kind !== 'prometheus-rules' && object.kind !== 'prometheus-rule-crd') continue;
      const base: YamlPath = object.kind === 'prometheus-rule-crd' ? ['spec'] : [];
      const root = object.kind === 'prometheus-rule-crd' ? recordAt(object.value, 'spec') : object.value;
      arrayAt(root, 'groups').forEach((group, groupIndex) => {
        arrayAt(group, 'rules').forEach((rule, ruleIndex) => {
          if (!isRecord(rule)) return;
          const path = [...base, 'groups', groupIndex, 'rules', ruleIndex];
          const type = 'alert' in rule ? 'alert' : 'record' in rule ? 'record' : undefined;
          if (!type) return;
          const name = typeof rule[type] === 'string' ? (rule[type] as string) : undefined;
          rules.push({
            object,
            path,
            type,
            name,
            value: rule,
            labels: recordAt(rule, 'labels') ?? {},
            annotations: recordAt(rule, 'annotations') ?? {},
            expression: expressionAt(object, [...path, 'expr']),
          });
        });
      });
    }
  }
  return rules;
}
