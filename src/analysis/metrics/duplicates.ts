/**
 * "The same metric name defined twice with different types or labels" — prom-client throws at the second
 * registration, OpenTelemetry exports conflicting streams. Rules see one file at a time, so this module indexes the
 * metric definitions of the package that contains a file (its own source files, scanned once per run and cached on
 * the run's `ProjectFacts`, in sorted order: the answer never depends on which file is linted first).
 *
 * Test files are left out: tests routinely re-create production metrics in private registries.
 */
import { dirname, relative, sep } from 'node:path';
import { isTestFileOf, listSources } from '../modules/package-sources.js';
import type { ModuleView } from '../modules/module-view.js';
import { lineOf } from '../syntax/ast.js';
import type { ProjectFacts } from '../modules/project.js';
import { metricDefinitionsIn, type MetricDefinition } from './instruments.js';

export interface IndexedDefinition {
  definition: MetricDefinition;
  /** Path relative to the package root, with '/' separators. */
  file: string;
  line: number;
}

export interface ProjectMetricIndex {
  root: string;
  byName: Map<string, IndexedDefinition[]>;
}

/** Only files that can define metrics are parsed. */
const mentionsMetrics = /prom-client|@opentelemetry\/api|\.create(?:Counter|UpDownCounter|Histogram|Gauge|Observable)|new (?:\w+\.)?(?:Counter|Gauge|Histogram|Summary)\s*\(/;

const indexes = new WeakMap<ProjectFacts, Map<string, ProjectMetricIndex>>();

/** The index of the package containing `view` (its nearest package.json; the file's directory if none). */
export function projectMetricIndex(view: ModuleView): ProjectMetricIndex {
  const project = view.project;
  const info = project.packageFor(view.path);
  const root = info ? dirname(info.path) : dirname(view.path);
  let perRoot = indexes.get(project);
  if (!perRoot) indexes.set(project, (perRoot = new Map()));
  const cached = perRoot.get(root);
  if (cached) return cached;
  const byName = new Map<string, IndexedDefinition[]>();
  for (const path of listSources(root)) {
    const text = project.text(path);
    if (text === undefined || !mentionsMetrics.test(text)) continue;
    const parsed = project.sourceFile(path);
    if (!parsed) continue;
    const fileView: ModuleView = { path, sourceFile: parsed, typed: false, project };
    let definitions: MetricDefinition[];
    try {
      definitions = metricDefinitionsIn(fileView);
    } catch {
      continue;
    }
    for (const definition of definitions) {
      if (definition.name.kind !== 'static') continue;
      const at = definition.site ?? definition.node;
      const entry: IndexedDefinition = { definition, file: relative(root, path).split(sep).join('/'), line: lineOf(at) };
      const list = byName.get(definition.name.value) ?? [];
      list.push(entry);
      byName.set(definition.name.value, list);
    }
  }
  const index = { root, byName };
  perRoot.set(root, index);
  return index;
}

function labelKey(definition: MetricDefinition): string | undefined {
  if (definition.library !== 'prom-client') return '';
  if (!definition.labelNames || definition.labelNames.some((label) => label === undefined)) return undefined;
  return [...(definition.labelNames as string[])].sort().join(',');
}

export interface MetricConflict {
  other: IndexedDefinition;
  difference: 'type' | 'labels';
}

/**
 * Other definitions of the same name in the package that disagree with `definition` in library/type or (prom-client)
 * label names. `definition` is matched to its own index entry by file and position.
 */
export function conflictingDefinitions(view: ModuleView, definition: MetricDefinition): MetricConflict[] {
  if (definition.name.kind !== 'static') return [];
  const index = projectMetricIndex(view);
  if (isTestFileOf(index.root, view.path)) return [];
  const entries = index.byName.get(definition.name.value) ?? [];
  const here = relative(index.root, view.path).split(sep).join('/');
  const at = definition.site ?? definition.node;
  const position = at.getStart(at.getSourceFile());
  const conflicts: MetricConflict[] = [];
  const ownLabels = labelKey(definition);
  for (const entry of entries) {
    const other = entry.definition;
    const otherAt = other.site ?? other.node;
    if (entry.file === here && otherAt.getStart(otherAt.getSourceFile()) === position) continue;
    if (other.library !== definition.library || other.type !== definition.type) conflicts.push({ other: entry, difference: 'type' });
    else {
      const otherLabels = labelKey(other);
      if (ownLabels !== undefined && otherLabels !== undefined && ownLabels !== otherLabels) conflicts.push({ other: entry, difference: 'labels' });
    }
  }
  return conflicts;
}
