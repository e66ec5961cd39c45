/** Validating an object against its JSON Schema and explaining each error at the YAML node it concerns. */
import type { ConfigKind, ConfigObject, YamlPath } from './model.js';
import { describeValue, fieldName, type ObjectFinding } from './object-finding.js';
import { schemaValidator, type SchemaError } from './schemas.js';
import { closestName } from './suggest.js';
import { valueAt } from './yaml-values.js';

/** What happens to an unknown field, per format: the "why it matters" of the message. */
const unknownFieldEffect: Record<ConfigKind, string> = {
  'prometheus-rules': 'Prometheus refuses to load a rule file with unknown fields',
  'prometheus-rule-crd':
    'the Kubernetes API server silently drops unknown fields, so this setting never reaches Prometheus',
  sloth: 'Sloth silently ignores unknown fields, so this setting has no effect',
  'sloth-crd': 'the Kubernetes API server silently drops unknown fields, so this setting has no effect',
  'sloth-alert-windows': 'Sloth silently ignores unknown fields, so this setting has no effect',
  openslo: 'OpenSLO validators reject unknown fields, and tools that accept the file ignore it',
  'openslo-v1alpha': 'OpenSLO tools ignore unknown fields, so this setting has no effect',
  pyrra: 'the Kubernetes API server silently drops unknown fields, so this setting has no effect',
  'slo-generator': 'slo-generator silently ignores unknown fields, so this setting has no effect',
  'slo-generator-v1': 'slo-generator silently ignores unknown fields, so this setting has no effect',
  'slo-generator-config': 'slo-generator silently ignores unknown fields, so this setting has no effect',
};

export function schemaFindings(object: ConfigObject): ObjectFinding[] {
  const validate = schemaValidator(object.kind);
  if (validate(object.value)) return [];
  const errors = (validate.errors ?? []).filter(
    (error) => !['if', 'allOf', 'anyOf', 'oneOf', 'then'].includes(error.keyword),
  );
  const findings: ObjectFinding[] = [];
  const seenPaths = new Set<string>();
  for (const error of errors) {
    const finding = explain(object, error);
    if (!finding) continue;
    const key = JSON.stringify(finding.path);
    if (seenPaths.has(key)) continue; // one finding per place: the first error says enough
    seenPaths.add(key);
    findings.push(finding);
  }
  return findings;
}

function pointerToPath(pointer: string): YamlPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function expectation(error: SchemaError): string | undefined {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  return typeof schema?.['x-expect'] === 'string' ? (schema['x-expect'] as string) : undefined;
}

function explain(object: ConfigObject, error: SchemaError): ObjectFinding | undefined {
  const path = pointerToPath(error.instancePath);
  const name = fieldName(path);
  const value = valueAt(object.value, ...path);
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return {
        object,
        path,
        at: 'key',
        message: `\`${name}\` is missing the required field \`${missing}\`; without it the ${describeKind(object.kind)} cannot be loaded.`,
        help: `Add \`${missing}:\`.`,
      };
    }
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(
        ((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
      );
      const suggestion = closestName(extra, allowed);
      return {
        object,
        path: [...path, extra],
        at: 'key',
        message: `Unknown field \`${extra}\`${path.length > 0 ? ` in \`${name}\`` : ''}: ${unknownFieldEffect[object.kind]}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        help: suggestion
          ? `Rename it to \`${suggestion}\`.`
          : `Remove it, or use one of: ${allowed.map((field) => `\`${field}\``).join(', ')}.`,
      };
    }
    case 'propertyNames': {
      return undefined; // reported by the nested error with the offending name
    }
    default: {
      // Go loaders read an empty `key:` as an empty list or map: harmless where a collection is expected.
      if (
        error.keyword === 'type' &&
        value === null &&
        /object|array/.test(String((error.params as { type?: unknown }).type))
      )
        return undefined;
      const expected = expectation(error) ?? plainExpectation(error);
      if (!expected) return undefined;
      const isName = error.propertyName !== undefined;
      if (isName) {
        return {
          object,
          path: [...path, error.propertyName!],
          at: 'key',
          message: `\`${error.propertyName}\` is not a valid name here: it must be ${expected}.`,
          help: 'Rename the key.',
        };
      }
      return {
        object,
        path,
        message: `\`${name}\` must be ${expected}, got ${describeValue(value)}.`,
        help: `Change \`${name}\` to ${expected}.`,
      };
    }
  }
}

function plainExpectation(error: SchemaError): string | undefined {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `of type ${String(params.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((value) => `\`${String(value)}\``).join(', ')}`;
    case 'const':
      return `\`${String(params.allowedValue)}\``;
    case 'minLength':
      return 'a non-empty text';
    case 'maxLength':
      return `at most ${String(params.limit)} characters long`;
    case 'minItems':
      return `a list of at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `a list of at most ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `${String(params.comparison)} ${String(params.limit)}`;
    case 'integer':
      return 'a whole number';
    default:
      return undefined;
  }
}

export function describeKind(kind: ConfigKind): string {
  return {
    'prometheus-rules': 'rule file',
    'prometheus-rule-crd': 'PrometheusRule',
    sloth: 'Sloth spec',
    'sloth-crd': 'Sloth PrometheusServiceLevel',
    'sloth-alert-windows': 'Sloth AlertWindows',
    openslo: 'OpenSLO object',
    'openslo-v1alpha': 'OpenSLO object',
    pyrra: 'Pyrra ServiceLevelObjective',
    'slo-generator': 'slo-generator SLO config',
    'slo-generator-v1': 'slo-generator SLO config',
    'slo-generator-config': 'slo-generator shared config',
  }[kind];
}
