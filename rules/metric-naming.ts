import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { codeExcerpt, unwrap } from '../src/analysis/syntax/ast.js';
import { metricDefinitionsIn, type MetricDefinition } from '../src/analysis/metrics/instruments.js';
import { otelInstrumentNameProblems, otelUnitProblems, promLabelNameProblems, promMetricNameProblems, type NameProblem } from '../src/analysis/metrics/names.js';
import { conflictingDefinitions } from '../src/analysis/metrics/duplicates.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

interface Options {
  checkDuplicates: boolean;
}

/**
 * Everything this rule says itself: messages and help (the naming-convention problems come with their texts from
 * src/analysis/metrics/names.ts).
 */
const messages = {
  /** `metric` is `metricKind(…)`. */
  computedName: (metric: string, part: string) =>
    `The ${metric} name is computed at runtime from \`${part}\`: each value creates a differently named metric that ` +
    'no dashboard or alert can know in advance ("no part of a metric name should ever be procedurally generated").',
  computedNameHelp: 'Use one static name and move the variable part into a label (with a bounded set of values).',
  /** `emptyHelp` is `emptyHelpNote` when the help is an empty string, '' when it is missing. */
  missingHelp: (name: string, emptyHelp: string) =>
    `The metric '${name}' has no help text: prom-client throws "Missing mandatory help parameter" when it is ` +
    `constructed${emptyHelp}, and the HELP line is what people read when they find the series.`,
  emptyHelpNote: ' (an empty string is still no help)',
  missingHelpHelp: "Add `help: 'What it counts, in which unit'`.",
  /** `difference` is `otherType` or `otherLabels`, `consequence` `promClientConflict` or `otelConflict`. */
  duplicate: (name: string, difference: string, where: string, more: string, consequence: string) =>
    `The metric '${name}' is also defined ${difference} at ${where}${more}: ${consequence}.`,
  otherType: (metric: string) => `as a ${metric}`,
  otherLabels: (theirs: string, ours: string) => `with the labels [${theirs}] (here: [${ours}])`,
  otherPlaces: (count: number) => ` and ${count} other place${count > 1 ? 's' : ''}`,
  promClientConflict:
    'prom-client throws "A metric with the name … has already been registered" when the second one registers, or — ' +
    'in separate registries — two incompatible series share one name in Prometheus',
  otelConflict: 'the SDK exports two conflicting streams under one name, and backends drop or mix them',
  duplicateHelp:
    'Define the metric once (in a shared module) and import it, or give the two metrics different names.',
  /** "prom-client counter", "OpenTelemetry up-down counter". */
  metricKind: (library: 'prom-client' | 'OpenTelemetry', type: string) => `${library} ${type}`,
  typeNames: {
    updowncounter: 'up-down counter',
    observablecounter: 'observable counter',
    observablegauge: 'observable gauge',
    observableupdowncounter: 'observable up-down counter',
  } as Record<string, string | undefined>,
} as const;

/** A configured namespace (`${prefix}_requests_total`) is Prometheus's own idea of a name prefix, fixed per deployment. */
const prefixLike = /(prefix|namespace|subsystem)$/i;

function isPrefixPart(part: ts.Expression): boolean {
  const value = unwrap(part);
  // `opts.prefix ?? 'service'`: a configured prefix with a default.
  if (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return isPrefixPart(value.left);
  }
  if (ts.isIdentifier(value)) return prefixLike.test(value.text);
  if (ts.isPropertyAccessExpression(value)) return prefixLike.test(value.name.text);
  if (ts.isElementAccessExpression(value) && ts.isStringLiteralLike(value.argumentExpression)) return prefixLike.test(value.argumentExpression.text);
  return false;
}

function inFile(file: FileAnalysis, node: ts.Node | undefined): node is ts.Node {
  return !!node && node.getSourceFile() === file.sourceFile;
}

function typeWord(definition: MetricDefinition): string {
  const library = definition.library === 'prom-client' ? 'prom-client' : 'OpenTelemetry';
  return messages.metricKind(library, messages.typeNames[definition.type] ?? definition.type);
}

export default defineCodeRule<Options>({
  meta: {
    id: 'metric-naming',
    family: 'metrics',
    description: 'Metric names must be static and follow Prometheus (promlint) or OpenTelemetry conventions, and one name must mean one metric.',
    rationale:
      'Metric names are the API of your dashboards and alerts: a name generated at runtime cannot be queried, a counter without `_total` or a name in milliseconds is misread, an invalid name makes prom-client throw at start-up, and the same name defined twice with different types or labels makes prom-client throw at registration (OpenTelemetry exports conflicting streams).',
    defaultSeverity: 'warn',
    preset: 'stylistic',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        checkDuplicates: {
          type: 'boolean',
          description: 'Also report a metric name defined elsewhere in the package with a different type or different label names (scans the package\'s source files, tests excluded).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { checkDuplicates: true },
  },
  typescript(context) {
    const { file, options } = context;
    const reported = new Set<string>();
    const report = (node: ts.Node, problem: NameProblem) => {
      const key = `${node.getStart(file.sourceFile)}:${problem.message}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ node, message: problem.message, help: problem.help });
    };

    const checkDefinition = (definition: MetricDefinition) => {
      const nameNode = definition.nameNode;
      const at = inFile(file, nameNode) ? nameNode : definition.site ?? definition.node;
      if (!inFile(file, at)) return;

      if (definition.name.kind === 'dynamic') {
        const part = definition.name.part;
        const value = nameNode && unwrap(nameNode);
        const composed = value && (ts.isTemplateExpression(value) || ts.isBinaryExpression(value) || ts.isCallExpression(value));
        if (composed && !isPrefixPart(part) && inFile(file, nameNode)) {
          report(nameNode!, {
            message: messages.computedName(typeWord(definition), codeExcerpt(part)),
            help: messages.computedNameHelp,
          });
        }
        return;
      }
      if (definition.name.kind !== 'static') return;
      const name = definition.name.value;

      if (definition.library === 'prom-client') {
        for (const problem of promMetricNameProblems(name, definition.type)) report(at, problem);
        definition.labelNameNodes?.forEach((node, index) => {
          const label = definition.labelNames?.[index];
          if (!label || !inFile(file, node)) return;
          for (const problem of promLabelNameProblems(label, definition.type)) report(node, problem);
        });
        if (definition.help.kind === 'static' && definition.help.value.trim() === '') {
          report(at, {
            message: messages.missingHelp(name, definition.helpNode ? messages.emptyHelpNote : ''),
            help: messages.missingHelpHelp,
          });
        }
      } else {
        for (const problem of otelInstrumentNameProblems(name)) report(at, problem);
        if (definition.unit?.kind === 'static' && inFile(file, definition.unitNode)) {
          for (const problem of otelUnitProblems(definition.unit.value)) report(definition.unitNode!, problem);
        }
      }

      if (options.checkDuplicates) {
        const conflicts = conflictingDefinitions(file, definition);
        if (conflicts.length > 0) {
          const first = conflicts[0]!;
          const other = first.other.definition;
          const difference =
            first.difference === 'type'
              ? messages.otherType(typeWord(other))
              : messages.otherLabels((other.labelNames ?? []).join(', '), (definition.labelNames ?? []).join(', '));
          const more = conflicts.length > 1 ? messages.otherPlaces(conflicts.length - 1) : '';
          report(at, {
            message: messages.duplicate(
              name,
              difference,
              `${first.other.file}:${first.other.line}`,
              more,
              definition.library === 'prom-client' ? messages.promClientConflict : messages.otelConflict,
            ),
            help: messages.duplicateHelp,
          });
        }
      }
    };

    return {
      end() {
        for (const definition of metricDefinitionsIn(file)) checkDefinition(definition);
      },
    };
  },
});
