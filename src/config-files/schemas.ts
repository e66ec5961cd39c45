/** obslint's JSON Schemas (in `schemas/`), compiled once with ajv. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ConfigKind } from './model.js';
import { packagePath } from '../util/package-root.js';

/** The schema file for each kind. */
export const schemaFiles: Record<ConfigKind, string> = {
  'prometheus-rules': 'prometheus-rules.schema.json',
  'prometheus-rule-crd': 'prometheus-rule-crd.schema.json',
  sloth: 'sloth.schema.json',
  'sloth-crd': 'sloth-crd.schema.json',
  'sloth-alert-windows': 'sloth-alert-windows.schema.json',
  openslo: 'openslo.schema.json',
  'openslo-v1alpha': 'openslo-v1alpha.schema.json',
  pyrra: 'pyrra.schema.json',
  'slo-generator': 'slo-generator.schema.json',
  'slo-generator-v1': 'slo-generator-v1.schema.json',
  'slo-generator-config': 'slo-generator-config.schema.json',
};

function schemasDirectory(): string {
  return packagePath('schemas');
}

let ajv: Ajv | undefined;
const validators = new Map<ConfigKind, ValidateFunction>();

export function schemaValidator(kind: ConfigKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    ajv ??= createAjv();
    const schema = JSON.parse(readFileSync(join(schemasDirectory(), schemaFiles[kind]), 'utf8')) as object;
    validate = ajv.compile(schema);
    validators.set(kind, validate);
  }
  return validate;
}

function createAjv(): Ajv {
  // `verbose` keeps the failing sub-schema on each error: its `x-expect` and property list make the message.
  const instance = new Ajv({ allErrors: true, verbose: true, strict: false });
  instance.addKeyword({ keyword: 'x-expect', schemaType: 'string' });
  return instance;
}

export type SchemaError = ErrorObject;
