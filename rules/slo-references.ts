import { basename, dirname } from 'node:path';
import { defineConfigRule, noOptions } from '../src/rule.js';
import { toReport, type ObjectFinding } from '../src/config-files/object-finding.js';
import { sloDefinitions } from '../src/config-files/slo-model.js';
import { arrayAt, stringAt } from '../src/config-files/yaml-values.js';
import { locate } from '../src/config-files/yaml-nodes.js';
import type { ConfigObject, YamlPath } from '../src/config-files/model.js';

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  /** `effect` is one of the `…Effect` texts. */
  unresolved: (field: string, name: string, kind: string, effect: string) =>
    `\`${field}: ${name}\` names no ${kind} in the linted files, so ${effect}.`,
  noIndicatorEffect: 'the SLO has no indicator to measure',
  noAlertingEffect: 'the SLO has no alerting',
  noConditionEffect: 'the alert policy has no condition and never fires',
  nobodyNotifiedEffect: 'the alert notifies nobody',
  unresolvedHelp: (kind: string, name: string) =>
    `Define the ${kind} \`${name}\` (kind: ${kind}, metadata.name: ${name}), or fix the name.`,
  /** `service` is `ofService` or ''; `where` is `thisFile` or the other file's name. */
  duplicate: (name: string, service: string, where: string, line: number) =>
    `SLO '${name}'${service} is already defined in ${where} (line ${line}), in the same folder, loaded by the same ` +
    'tool: generated rules and alerts share the same identity, so one SLO silently replaces the other.',
  ofService: (service: string) => ` of service '${service}'`,
  thisFile: 'this file',
  duplicateHelp: 'Rename one of the SLOs, or remove the duplicate definition.',
  firstDefinition: 'First definition',
} as const;

/** OpenSLO reference fields: where they appear (relative to `spec`) and the kind they point to. */
interface Reference {
  path: YamlPath;
  name: string;
  field: string;
  kind: 'SLI' | 'AlertPolicy' | 'AlertCondition' | 'AlertNotificationTarget';
}

const unresolvedEffects: Record<Reference['kind'], string> = {
  SLI: messages.noIndicatorEffect,
  AlertPolicy: messages.noAlertingEffect,
  AlertCondition: messages.noConditionEffect,
  AlertNotificationTarget: messages.nobodyNotifiedEffect,
};

function referencesOf(object: ConfigObject): Reference[] {
  const refs: Reference[] = [];
  const add = (path: YamlPath, field: string, kind: Reference['kind']): void => {
    const name = stringAt(object.value, ...path);
    if (name) refs.push({ path, name, field, kind });
  };
  if (object.value.kind === 'SLO') {
    add(['spec', 'indicatorRef'], 'indicatorRef', 'SLI');
    arrayAt(object.value, 'spec', 'objectives').forEach((_, index) =>
      add(['spec', 'objectives', index, 'indicatorRef'], 'indicatorRef', 'SLI'),
    );
    arrayAt(object.value, 'spec', 'alertPolicies').forEach((policy, index) => {
      add(['spec', 'alertPolicies', index, 'alertPolicyRef'], 'alertPolicyRef', 'AlertPolicy');
      refs.push(...policyReferences(object, ['spec', 'alertPolicies', index], policy));
    });
  }
  if (object.value.kind === 'AlertPolicy') refs.push(...policyReferences(object, [], object.value));
  return refs;
}

function policyReferences(_object: ConfigObject, base: YamlPath, policy: unknown): Reference[] {
  const refs: Reference[] = [];
  arrayAt(policy, 'spec', 'conditions').forEach((condition, index) => {
    const name = stringAt(condition, 'conditionRef');
    if (name)
      refs.push({
        path: [...base, 'spec', 'conditions', index, 'conditionRef'],
        name,
        field: 'conditionRef',
        kind: 'AlertCondition',
      });
  });
  arrayAt(policy, 'spec', 'notificationTargets').forEach((target, index) => {
    const name = stringAt(target, 'targetRef');
    if (name)
      refs.push({
        path: [...base, 'spec', 'notificationTargets', index, 'targetRef'],
        name,
        field: 'targetRef',
        kind: 'AlertNotificationTarget',
      });
  });
  return refs;
}

/** Names of OpenSLO objects of each kind, inline definitions (with metadata.name) included. */
function definedNames(objects: ConfigObject[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (kind: unknown, name: unknown): void => {
    if (typeof kind !== 'string' || typeof name !== 'string') return;
    if (!names.has(kind)) names.set(kind, new Set());
    names.get(kind)!.add(name);
  };
  for (const object of objects) {
    add(object.value.kind, stringAt(object.value, 'metadata', 'name'));
    add('SLI', stringAt(object.value, 'spec', 'indicator', 'metadata', 'name'));
    const policies =
      object.value.kind === 'AlertPolicy' ? [object.value] : arrayAt(object.value, 'spec', 'alertPolicies');
    for (const policy of policies) {
      add('AlertPolicy', stringAt(policy, 'metadata', 'name'));
      for (const condition of arrayAt(policy, 'spec', 'conditions'))
        add('AlertCondition', stringAt(condition, 'metadata', 'name'));
      for (const target of arrayAt(policy, 'spec', 'notificationTargets'))
        add('AlertNotificationTarget', stringAt(target, 'metadata', 'name'));
    }
  }
  return names;
}

/** Which tool loads a spec of this kind together with others. */
function pipelineOf(kind: string): string {
  if (kind === 'sloth' || kind === 'openslo' || kind === 'openslo-v1alpha') return 'sloth-or-openslo-files';
  if (kind === 'sloth-crd' || kind === 'pyrra') return 'kubernetes';
  return kind;
}

export default defineConfigRule({
  meta: {
    id: 'slo-references',
    family: 'config',
    description:
      'OpenSLO references must resolve across the linted files, and each SLO (service + name) must be defined once.',
    rationale:
      'An `indicatorRef` or `alertPolicyRef` that names nothing leaves the SLO without an indicator or without alerts, and no OpenSLO validator checks it; two SLOs with the same service and name generate clashing recording rules and alerts, so one silently overwrites the other.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    const openslo = project.files.flatMap((file) => file.objects.filter((object) => object.kind === 'openslo'));
    const names = definedNames(openslo);
    for (const object of openslo) {
      for (const reference of referencesOf(object)) {
        if (names.get(reference.kind)?.has(reference.name)) continue;
        const finding: ObjectFinding = {
          object,
          path: reference.path,
          message: messages.unresolved(
            reference.field,
            reference.name,
            reference.kind,
            unresolvedEffects[reference.kind],
          ),
          help: messages.unresolvedHelp(reference.kind, reference.name),
        };
        report(toReport(finding));
      }
    }
    // Duplicates matter among specs that are loaded together: one folder fed to one tool (`sloth generate -i dir`
    // reads plain Sloth and OpenSLO files alike; `kubectl apply -f dir` the CRDs). The same SLO as a plain spec and
    // as a CRD, or in sibling example folders, are alternatives, not a conflict.
    const seen = new Map<string, { object: ConfigObject; path: YamlPath }>();
    for (const slo of sloDefinitions(project)) {
      if (!slo.name || (!slo.service && slo.format !== 'pyrra')) continue;
      const namespace =
        slo.format === 'pyrra' ? `pyrra:${stringAt(slo.object.value, 'metadata', 'namespace') ?? ''}` : slo.service!;
      const key = `${dirname(slo.object.file.path)}\u0000${pipelineOf(slo.object.kind)}\u0000${namespace}\u0000${slo.name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { object: slo.object, path: slo.namePath });
        continue;
      }
      const firstRange = locate(first.object, first.path);
      const line = first.object.file.text.slice(0, firstRange.start).split('\n').length;
      report({
        ...toReport({
          object: slo.object,
          path: slo.namePath,
          message: messages.duplicate(
            slo.name,
            slo.service ? messages.ofService(slo.service) : '',
            first.object.file.path === slo.object.file.path ? messages.thisFile : basename(first.object.file.path),
            line,
          ),
          help: messages.duplicateHelp,
        }),
        related: [{ file: first.object.file.path, range: firstRange, message: messages.firstDefinition }],
      });
    }
  },
});
