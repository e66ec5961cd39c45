/**
 * Parsed rule and SLO files of one run (filled in by the config checker, read by the config rules).
 *
 * A file can hold several YAML documents, and a document can be a list of objects (OpenSLO allows that), so the
 * unit rules work on is the `ConfigObject`: one recognised object with its kind, its plain value and its YAML node.
 */
import type { Document, Node as YamlNode } from 'yaml';

export type ConfigKind =
  | 'prometheus-rules'
  | 'prometheus-rule-crd'
  | 'sloth'
  | 'sloth-crd'
  | 'sloth-alert-windows'
  | 'openslo'
  | 'openslo-v1alpha'
  | 'pyrra'
  /** google/slo-generator SLO config, `apiVersion: sre.google.com/v2`. */
  | 'slo-generator'
  /** google/slo-generator's older SLO config (no apiVersion: `slo_target`, `backend.class`, `backend.measurement`). */
  | 'slo-generator-v1'
  /** google/slo-generator's shared config (`backends`, `exporters`, `error_budget_policies`). */
  | 'slo-generator-config';

export const configKinds: readonly ConfigKind[] = [
  'prometheus-rules',
  'prometheus-rule-crd',
  'sloth',
  'sloth-crd',
  'sloth-alert-windows',
  'openslo',
  'openslo-v1alpha',
  'pyrra',
  'slo-generator',
  'slo-generator-v1',
  'slo-generator-config',
];

/** A path into a YAML document: map keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

export interface TextRange {
  start: number;
  end: number;
}

export interface ConfigObject {
  kind: ConfigKind;
  /** The file that holds it. */
  file: ConfigFile;
  /** Index of the YAML document in the file (0-based). */
  documentIndex: number;
  /** Path of this object inside its document: `[]` for a whole document, `[2]` for the third item of a list. */
  basePath: YamlPath;
  /** The plain JavaScript value (aliases expanded, within the alias limit). */
  value: Record<string, unknown>;
  /** The YAML node of the object. */
  node: YamlNode;
}

/** Parsed rule and SLO files of one run (filled in by the config checker). */
export interface ConfigFile {
  /** Absolute path. */
  path: string;
  text: string;
  /** Kind of the first recognised object; `objects` has the kind of each. */
  kind: ConfigKind;
  /** Every YAML document of the file, in order (recognised or not). */
  documents: Document.Parsed[];
  /** Every recognised object, in file order. */
  objects: ConfigObject[];
}

export interface ConfigProject {
  files: ConfigFile[];
}
