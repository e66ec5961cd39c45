/**
 * "The same metric name defined twice with different types or labels" — prom-client throws at the second
 * registration, OpenTelemetry exports conflicting streams. Rules see one file at a time, so this module indexes the
 * metric definitions of the package that contains a file (its own source files, scanned once per run and cached on
 * the run's `ProjectFacts`, in sorted order: the answer never depends on which file is linted first).
 *
 * Only definitions of one library conflict: a prom-client registry and an OpenTelemetry meter never see each
 * other's metrics. OpenTelemetry instruments conflict on type or unit (the SDK's descriptor compatibility; label
 * sets are not part of an instrument), prom-client metrics on type or label names.
 *
 * The same scan tells which metric factories (wrappers) the package calls with static names: a wrapper's
 * `` `app_${name}` `` is named at each call site, not at runtime.
 *
 * The metrics `collectDefaultMetrics()` registers are indexed too, at the call: not the project's naming choice,
 * but a project metric that reuses one of their names with another type or labels collides with them.
 *
 * Test files are left out: tests routinely re-create production metrics in private registries.
 */
import { dirname, relative, sep } from 'node:path';
import { isTestFileOf, listSources } from '../modules/package-sources.js';
import type { ModuleView } from '../modules/module-view.js';
import { ts } from '../../compiler.js';
import { lineOf, visitDescendants } from '../syntax/ast.js';
import type { ProjectFacts } from '../modules/project.js';
import { metricDefinitionsIn, usesPromClient, type MetricDefinition } from './instruments.js';
import { defaultMetricsCallAt } from './default-metrics.js';
import { promClientMention } from './prom-client.js';

export interface IndexedDefinition {
  definition: MetricDefinition;
  /** Path relative to the package root, with '/' separators. */
  file: string;
  line: number;
}

export interface ProjectMetricIndex {
  root: string;
  byName: Map<string, IndexedDefinition[]>;
  /** `path:position` of the definitions inside factories that some call in the package names statically. */
  namedFactoryDefinitions: Set<string>;
}

function definitionKey(view: ModuleView, node: ts.Node): string {
  return `${view.path}:${node.getStart(node.getSourceFile())}`;
}

/** Only files that can define metrics are parsed. */
const mentionsMetrics = new RegExp(
  `${promClientMention.source}|@opentelemetry\\/api|\\.create(?:Counter|UpDownCounter|Histogram|Gauge|Observable)|new (?:\\w+\\.)?(?:Counter|Gauge|Histogram|Summary)\\s*\\(`,
);

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
  const namedFactoryDefinitions = new Set<string>();
  /** Functions that define a metric named by their parameters: calls to them elsewhere produce metrics too. */
  const factoryNames = new Set<string>();
  const index = (path: string) => {
    const parsed = project.sourceFile(path);
    if (!parsed) return;
    const fileView: ModuleView = { path, sourceFile: parsed, typed: false, project };
    let definitions: MetricDefinition[];
    try {
      definitions = metricDefinitionsIn(fileView);
    } catch {
      return;
    }
    definitions = [...definitions, ...defaultMetricDefinitionsIn(fileView)];
    for (const definition of definitions) {
      if (definition.name.kind !== 'static') {
        const factory = definition.view.sourceFile === parsed ? enclosingFunctionName(definition.node) : undefined;
        if (factory) factoryNames.add(factory);
        // A factory that passes its options on to another one (`register(definition) { createGauge(definition) }`).
        const outer =
          definition.site && definition.siteView?.sourceFile === parsed
            ? enclosingFunctionName(definition.site)
            : undefined;
        if (outer) factoryNames.add(outer);
        continue;
      }
      if (definition.site) namedFactoryDefinitions.add(definitionKey(definition.view, definition.node));
      const at = definition.site ?? definition.node;
      const entry: IndexedDefinition = {
        definition,
        file: relative(root, path).split(sep).join('/'),
        line: lineOf(at),
      };
      const list = byName.get(definition.name.value) ?? [];
      list.push(entry);
      byName.set(definition.name.value, list);
    }
  };
  const sources = listSources(root);
  const rest: string[] = [];
  for (const path of sources) {
    const text = project.text(path);
    if (text === undefined) continue;
    if (mentionsMetrics.test(text)) index(path);
    else rest.push(path);
  }
  // Files that only call a metric factory (`appCounter('orders')`) define metrics through it.
  if (factoryNames.size > 0) {
    const calls = new RegExp(`\\b(?:${[...factoryNames].map((name) => name.replace(/\$/g, '\\$')).join('|')})\\s*\\(`);
    for (const path of rest) if (calls.test(project.text(path) ?? '')) index(path);
  }
  for (const list of byName.values())
    list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const result = { root, byName, namedFactoryDefinitions };
  perRoot.set(root, result);
  return result;
}

/**
 * The metrics `collectDefaultMetrics()` registers, as definitions at the call: a project metric of the same name
 * with another type or labels collides with them in the registry.
 */
function defaultMetricDefinitionsIn(view: ModuleView): MetricDefinition[] {
  if (!/collectDefaultMetrics/.test(view.sourceFile.text)) return [];
  const promClient = usesPromClient(view);
  const definitions: MetricDefinition[] = [];
  visitDescendants(view.sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return;
    const defaults = defaultMetricsCallAt(view, node, promClient);
    for (const metric of defaults?.metrics ?? [])
      definitions.push({
        library: 'prom-client',
        type: metric.type,
        node,
        view,
        name: { kind: 'static', value: metric.name },
        labelNames: metric.labelNames ? [...metric.labelNames] : undefined,
        help: { kind: 'static', value: metric.help },
        source: 'collectDefaultMetrics',
      });
  });
  return definitions;
}

/** The name of the function a definition is created in (a declaration, a method, or a function held by a variable). */
function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current))
      return current.name && ts.isIdentifier(current.name) ? current.name.text : undefined;
    if (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) {
      return ts.isVariableDeclaration(current.parent) && ts.isIdentifier(current.parent.name)
        ? current.parent.name.text
        : undefined;
    }
  }
  return undefined;
}

function labelKey(definition: MetricDefinition): string | undefined {
  if (definition.library !== 'prom-client') return '';
  if (!definition.labelNames || definition.labelNames.some((label) => label === undefined)) return undefined;
  return [...(definition.labelNames as string[])].sort().join(',');
}

export interface MetricConflict {
  other: IndexedDefinition;
  difference: 'type' | 'labels' | 'unit';
}

/** Is `definition` inside a factory that calls elsewhere in the package name with static names (a wrapper)? */
export function isNamedAtCallSites(view: ModuleView, definition: MetricDefinition): boolean {
  const index = projectMetricIndex(view);
  return index.namedFactoryDefinitions.has(definitionKey(definition.view, definition.node));
}

function staticUnit(definition: MetricDefinition): string | undefined {
  if (!definition.unit) return '';
  return definition.unit.kind === 'static' ? definition.unit.value : undefined;
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
    if (other.library !== definition.library) continue;
    if (other.type !== definition.type) conflicts.push({ other: entry, difference: 'type' });
    else if (definition.library === 'opentelemetry') {
      const ownUnit = staticUnit(definition);
      const otherUnit = staticUnit(other);
      if (ownUnit !== undefined && otherUnit !== undefined && ownUnit !== otherUnit)
        conflicts.push({ other: entry, difference: 'unit' });
    } else {
      const otherLabels = labelKey(other);
      if (ownLabels !== undefined && otherLabels !== undefined && ownLabels !== otherLabels)
        conflicts.push({ other: entry, difference: 'labels' });
    }
  }
  return conflicts;
}
