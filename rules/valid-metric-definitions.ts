import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { codeExcerpt } from '../src/analysis/syntax/ast.js';
import { metricDefinitionsIn, type MetricDefinition } from '../src/analysis/metrics/instruments.js';
import { promLabelNameProblems, promMetricNameProblems } from '../src/analysis/metrics/names.js';
import { runtimeNamePart, type RuntimeSource } from '../src/analysis/metrics/runtime-names.js';
import { conflictingDefinitions, isNamedAtCallSites, type MetricConflict } from '../src/analysis/metrics/duplicates.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  checkDuplicates: boolean;
}

/** Everything this rule reports: messages and help. */
const messages = {
  /** `metric` is `metricKind(…)`, `source` `fromParameter`/`fromCallback`/`fromLoop`, `consequence` per library. */
  runtimeName: (metric: string, part: string, source: string, consequence: string) =>
    `The ${metric} name is built at runtime from \`${part}\` (${source}): every value creates a metric of its own ` +
    `under a different name, so no dashboard, alert or recording rule can select them by name, and ${consequence}.`,
  fromParameter: (fn: string) => `a parameter of \`${fn}\``,
  fromCallback: 'a parameter of the callback',
  fromLoop: (variable: string) => `the loop variable \`${variable}\``,
  promRuntimeConsequence:
    'prom-client registers each one as a metric of its own for as long as its registry lives (and throws "A metric ' +
    'with the name … has already been registered" when one is created again for a value the registry holds)',
  otelRuntimeConsequence:
    'the SDK keeps an instrument and a stream per value for the life of the process (its cardinality limit is per ' +
    'instrument, so nothing caps the number of instruments)',
  runtimeNameHelp:
    'Use one static name and put the varying part in a label (an attribute in OpenTelemetry) with a bounded set of ' +
    'values. Dashboards built on the per-value names must then select the label instead.',

  /** `emptyHelp` is `emptyHelpNote` when the help is an empty string, '' when it is missing. */
  missingHelp: (name: string, emptyHelp: string) =>
    `The metric '${name}' has no help text${emptyHelp}: prom-client throws "Missing mandatory help parameter" when it ` +
    `is constructed${messages.startUp}.`,
  emptyHelpNote: ' (an empty string counts as none)',
  missingHelpHelp:
    "Add `help: 'What it counts, in which unit'`: it is also the HELP line people read next to the series.",
  invalidName: (name: string) =>
    `The metric name '${name}' is not a valid Prometheus name: prom-client throws "Invalid metric name" when the ` +
    `metric is constructed${messages.startUp}.`,
  invalidNameHelp: (suggestion: string) => `Use letters, digits and underscores only, e.g. '${suggestion}'.`,
  invalidLabel: (label: string) =>
    `The label name '${label}' is not a valid Prometheus label name: prom-client throws "Invalid label name" when ` +
    `the metric is constructed${messages.startUp}.`,
  invalidLabelHelp: (suggestion: string) => `Use letters, digits and underscores only, e.g. '${suggestion}'.`,
  /** `type` is histogram or summary. */
  reservedLabel: (label: string, type: string) =>
    `The label '${label}' is the one prom-client adds to every ${type} series itself: it throws "${label} is a ` +
    `reserved label keyword" when the metric is constructed${messages.startUp}.`,
  reservedLabelHelp: 'Use another label name.',
  startUp: ' — at start-up for a metric defined at module level, so the service does not start',

  /** `difference` is `otherType`, `otherLabels` or `otherUnit`, `consequence` `promClientConflict` or `otelConflict`. */
  duplicate: (name: string, difference: string, where: string, more: string, consequence: string) =>
    `The metric '${name}' is also defined ${difference} at ${where}${more}: ${consequence}.`,
  otherType: (metric: string) => `as a ${metric}`,
  otherLabels: (theirs: string, ours: string) => `with the labels [${theirs}] (here: [${ours}])`,
  otherUnit: (theirs: string, ours: string) => `with the unit '${theirs}' (here: '${ours}')`,
  otherPlaces: (count: number) => ` and ${count} other place${count > 1 ? 's' : ''}`,
  promClientConflict:
    'prom-client throws "A metric with the name … has already been registered" when the second one is constructed ' +
    'in the same registry, or — in separate registries — two incompatible series share one name in Prometheus',
  otelConflict:
    'the SDK logs "A view or instrument with the name … has already been registered and is incompatible" and exports ' +
    'two conflicting streams under one name, which backends reject, drop or merge',
  duplicateHelp: 'Define the metric once (in a shared module) and import it, or give the two metrics different names.',
  defaultCollisionHelp:
    "Give the project's metric another name: the default metric keeps its name, and the dashboards built on it expect its type and labels.",

  /** "prom-client counter", "OpenTelemetry up-down counter". */
  metricKind: (library: 'prom-client' | 'OpenTelemetry', type: string) => `${library} ${type}`,
  typeNames: {
    updowncounter: 'up-down counter',
    observablecounter: 'observable counter',
    observablegauge: 'observable gauge',
    observableupdowncounter: 'observable up-down counter',
  } as Record<string, string | undefined>,
} as const;

function inFile(file: FileAnalysis, node: ts.Node | undefined): node is ts.Node {
  return !!node && node.getSourceFile() === file.sourceFile;
}

function typeWord(definition: MetricDefinition): string {
  const library = definition.library === 'prom-client' ? 'prom-client' : 'OpenTelemetry';
  return messages.metricKind(library, messages.typeNames[definition.type] ?? definition.type);
}

function describeSource(source: RuntimeSource): string {
  if (source.kind === 'loop') return messages.fromLoop(source.variable);
  return source.function ? messages.fromParameter(source.function) : messages.fromCallback;
}

function describeDifference(definition: MetricDefinition, conflict: MetricConflict): string {
  const other = conflict.other.definition;
  if (conflict.difference === 'type') return messages.otherType(typeWord(other));
  if (conflict.difference === 'unit') {
    const unit = (d: MetricDefinition) => (d.unit?.kind === 'static' ? d.unit.value : '');
    return messages.otherUnit(unit(other), unit(definition));
  }
  return messages.otherLabels((other.labelNames ?? []).join(', '), (definition.labelNames ?? []).join(', '));
}

export default defineCodeRule<Options>({
  meta: {
    id: 'valid-metric-definitions',
    family: 'metrics',
    description:
      'Metric definitions must be accepted by their library and define one metric each: a static name, the options prom-client requires, one type and label set per name.',
    rationale:
      'prom-client throws when a metric has no help, an invalid name or label name, or a name already registered with another definition — at start-up for metrics defined at module level. OpenTelemetry exports two conflicting streams under one name. A name built from runtime data creates one metric per value, which no dashboard or alert can select and which nothing bounds.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        checkDuplicates: {
          type: 'boolean',
          description:
            "Also report a metric name defined elsewhere in the package with a different type, labels (prom-client) or unit (OpenTelemetry) (scans the package's source files, tests excluded).",
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { checkDuplicates: true },
  },
  typescript(context) {
    const { file, options } = context;
    const reported = new Set<string>();
    const report = (node: ts.Node, message: string, help: string) => {
      const key = `${node.getStart(file.sourceFile)}:${message}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ node, message, help });
    };

    const checkRuntimeName = (definition: MetricDefinition) => {
      const nameNode = definition.nameNode;
      if (!inFile(file, nameNode)) return;
      const part = runtimeNamePart(definition);
      if (!part || isNamedAtCallSites(file, definition)) return;
      const consequence =
        definition.library === 'prom-client' ? messages.promRuntimeConsequence : messages.otelRuntimeConsequence;
      report(
        nameNode,
        messages.runtimeName(typeWord(definition), codeExcerpt(part.node), describeSource(part.source), consequence),
        messages.runtimeNameHelp,
      );
    };

    const checkPromClient = (definition: MetricDefinition, name: string, at: ts.Node) => {
      for (const problem of promMetricNameProblems(name, definition.type)) {
        if (problem.kind === 'invalidName')
          report(at, messages.invalidName(name), messages.invalidNameHelp(problem.suggestion));
      }
      definition.labelNameNodes?.forEach((node, index) => {
        const label = definition.labelNames?.[index];
        if (!label || !inFile(file, node)) return;
        for (const problem of promLabelNameProblems(label, definition.type)) {
          if (problem.kind === 'invalidLabel')
            report(node, messages.invalidLabel(label), messages.invalidLabelHelp(problem.suggestion));
          if (problem.kind === 'ownReservedLabel')
            report(node, messages.reservedLabel(problem.label, problem.type), messages.reservedLabelHelp);
        }
      });
      // prom-client checks `!this.help`: a missing or empty help throws, a blank one does not.
      if (definition.help.kind === 'static' && definition.help.value === '') {
        report(
          at,
          messages.missingHelp(name, definition.helpNode ? messages.emptyHelpNote : ''),
          messages.missingHelpHelp,
        );
      }
    };

    const checkDuplicates = (definition: MetricDefinition, name: string, at: ts.Node) => {
      const conflicts = conflictingDefinitions(file, definition);
      if (conflicts.length === 0) return;
      const first = conflicts[0]!;
      const more = conflicts.length > 1 ? messages.otherPlaces(conflicts.length - 1) : '';
      const consequence = definition.library === 'prom-client' ? messages.promClientConflict : messages.otelConflict;
      report(
        at,
        messages.duplicate(
          name,
          describeDifference(definition, first),
          `${first.other.file}:${first.other.line}${first.other.definition.source ? ` (${first.other.definition.source}())` : ''}`,
          more,
          consequence,
        ),
        first.other.definition.source ? messages.defaultCollisionHelp : messages.duplicateHelp,
      );
    };

    const checkDefinition = (definition: MetricDefinition) => {
      const nameNode = definition.nameNode;
      const at = inFile(file, nameNode) ? nameNode : (definition.site ?? definition.node);
      if (!inFile(file, at)) return;
      if (definition.name.kind === 'dynamic') return checkRuntimeName(definition);
      if (definition.name.kind !== 'static') return;
      const name = definition.name.value;
      if (definition.library === 'prom-client') checkPromClient(definition, name, at);
      if (options.checkDuplicates) checkDuplicates(definition, name, at);
    };

    return {
      end() {
        for (const definition of metricDefinitionsIn(file)) checkDefinition(definition);
      },
    };
  },
});
