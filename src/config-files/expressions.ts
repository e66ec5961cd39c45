/**
 * Every PromQL expression of a project, with its file position: the public walker config rules (and the later
 * metrics-vs-code cross check) build on. Parsing happens once per expression and is shared by all rules.
 */
import { isScalar } from 'yaml';
import { expressionSites, type ExpressionRole } from './expression-sites.js';
import { fileOffset, fileRange, type MappedText } from './mapped-text.js';
import type { ConfigObject, ConfigProject, TextRange, YamlPath } from './model.js';
import { mapScalar } from './scalar-source.js';
import { renderSloGeneratorWindow, renderWindowTemplates } from './templates.js';
import { nodeAt } from './yaml-nodes.js';
import { parsePromQL, type ParsedPromQL } from './promql/syntax-tree.js';
import { fileDialect } from './promql/dialect.js';

export interface PromQLExpression {
  object: ConfigObject;
  /** Path of the YAML scalar that holds the query, inside `object`. */
  path: YamlPath;
  role: ExpressionRole;
  /** Pyrra `metric` fields: a single selector is expected. */
  selectorOnly: boolean;
  /** The scalar's value, mapped to the file. */
  source: MappedText;
  /** The query that is parsed: `source` with `{{.window}}` (Sloth) or `[window]` (slo-generator) substituted. */
  query: MappedText;
  /** How many window placeholders were substituted (`{{.window}}` for Sloth, `[window` for slo-generator). */
  windowPlaceholders: number;
  /** 'metricsql' for files written for VictoriaMetrics (not PromQL-checked). */
  dialect: 'promql' | 'metricsql';
  /** False when the query cannot be judged as PromQL: other template actions remain, or the file is MetricsQL. */
  judgeable: boolean;
  /** The parse of `query.text` (cached). */
  parsed(): ParsedPromQL;
  /** File offset of an offset inside `query.text`. */
  toFileOffset(queryOffset: number): number;
  /** File range of `[from, to)` inside `query.text`. */
  toFileRange(from: number, to: number): TextRange;
}

const cache = new WeakMap<ConfigProject, PromQLExpression[]>();

export function promqlExpressions(project: ConfigProject): PromQLExpression[] {
  let found = cache.get(project);
  if (!found) {
    found = project.files.flatMap((file) => file.objects.flatMap((object) => objectExpressions(object)));
    cache.set(project, found);
  }
  return found;
}

/** Calls `visit` for every PromQL expression of the project, in file order. */
export function forEachPromQLExpression(project: ConfigProject, visit: (expression: PromQLExpression) => void): void {
  for (const expression of promqlExpressions(project)) visit(expression);
}

const objectCache = new WeakMap<ConfigObject, PromQLExpression[]>();

export function objectExpressions(object: ConfigObject): PromQLExpression[] {
  let found = objectCache.get(object);
  if (found) return found;
  found = [];
  for (const site of expressionSites(object)) {
    const node = nodeAt(object, site.path);
    if (!isScalar(node)) continue;
    const source = mapScalar(object.file.text, node);
    if (!source) continue;
    const rendered =
      object.kind === 'slo-generator' || object.kind === 'slo-generator-v1'
        ? renderSloGeneratorWindow(source)
        : renderWindowTemplates(source);
    let parsed: ParsedPromQL | undefined;
    const query = rendered.query;
    found.push({
      object,
      path: site.path,
      role: site.role,
      selectorOnly: site.selectorOnly ?? false,
      source,
      query,
      windowPlaceholders: rendered.windowPlaceholders,
      dialect: fileDialect(object.file),
      judgeable: !rendered.hasOtherTemplates && fileDialect(object.file) === 'promql',
      parsed: () => (parsed ??= parsePromQL(query.text)),
      toFileOffset: (offset) => fileOffset(query, offset),
      toFileRange: (from, to) => fileRange(query, from, to),
    });
  }
  objectCache.set(object, found);
  return found;
}

/** The expression at a path of an object, if that path holds one. */
export function expressionAt(object: ConfigObject, path: YamlPath): PromQLExpression | undefined {
  return objectExpressions(object).find(
    (expression) =>
      expression.path.length === path.length && expression.path.every((step, index) => step === path[index]),
  );
}
