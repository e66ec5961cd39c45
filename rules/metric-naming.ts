import type { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import { metricDefinitionsIn, type MetricDefinition } from '../src/analysis/metrics/instruments.js';
import {
  otelInstrumentNameProblems,
  otelUnitProblems,
  promLabelNameProblems,
  promMetricNameProblems,
  type OtelNameProblem,
  type OtelUnitProblem,
  type PromLabelProblem,
  type PromNameProblem,
} from '../src/analysis/metrics/names.js';
import type { FileAnalysis } from '../src/analysis/modules/file-analysis.js';

/**
 * Everything this rule reports: messages and help. What the libraries reject outright (invalid prom-client names,
 * missing help, names built at runtime, conflicting definitions) is valid-metric-definitions'.
 */
const messages = {
  /** Appended to every help that renames a metric or changes its exported name. */
  renameCaveat:
    ' A rename is not free: every dashboard, alert and recording rule that queries the old name stops matching, so ' +
    'for a published metric migrate them with it (or export both names for a while) — or leave it.',
  labelRenameCaveat: ' Queries that filter or group by the old label name stop matching: change them with it.',

  colon: (name: string) =>
    `The metric name '${name}' contains ':', which Prometheus reserves for recording rules: the series looks ` +
    'derived, and can collide with a recorded series of the same name.',
  colonHelp: (suggestion: string) => `Use underscores: '${suggestion}'.${messages.renameCaveat}`,
  camelCase: (name: string) =>
    `The metric name '${name}' is camelCase; Prometheus names are snake_case, so people who follow the convention ` +
    'will not find it.',
  renameHelp: (suggestion: string) => `Rename it to '${suggestion}'.${messages.renameCaveat}`,
  counterWithoutTotal: (name: string) =>
    `The counter '${name}' does not end in '_total': Prometheus and OpenMetrics expect counter names to, and a ` +
    'reader (or a `rate()` lint) cannot tell it is a counter.',
  totalOnNonCounter: (type: string, name: string) =>
    `The ${type} '${name}' ends in '_total', which marks a counter: readers will \`rate()\` it and read nonsense, ` +
    `because a ${type} can go down.`,
  totalOnNonCounterHelp: (suggestion: string) =>
    `Drop the '_total' suffix ('${suggestion}'), or make it a Counter if it only ever increases.${messages.renameCaveat}`,
  nonBaseUnit: (name: string, unit: string, base: string) =>
    `The metric name '${name}' uses the unit '${unit}': Prometheus names use base units (${base}), so dashboards ` +
    'and SLOs that assume the base unit read it wrong by a constant factor.',
  nonBaseUnitHelp: (base: string) => `Record the value in ${base} and name it accordingly.${messages.renameCaveat}`,
  abbreviatedUnit: (name: string, abbreviation: string) =>
    `The metric name '${name}' abbreviates a unit ('${abbreviation}'); Prometheus names spell out base units, so ` +
    `nobody has to guess what '${abbreviation}' means.`,
  abbreviatedUnitHelp: (spelled: string, subSecond: boolean) =>
    (subSecond ? 'Record the value in seconds and end the name in `_seconds`.' : `Spell it out: ${spelled}.`) +
    messages.renameCaveat,
  ownType: (name: string, word: string) =>
    `The metric name '${name}' contains its own type '${word}': the type is already metadata of the series, and ` +
    'the word only lengthens every query.',
  bucketSuffix: (name: string) =>
    `The metric name '${name}' ends in '_bucket', the suffix of a histogram's bucket series: tools and queries ` +
    'will take it for part of a histogram.',
  reservedSuffixHelp: () => `Choose a name without the reserved suffix.${messages.renameCaveat}`,
  ownSeriesSuffix: (type: string, name: string, suffix: string) =>
    `The ${type} '${name}' ends in '${suffix}': prom-client appends '_count' and '_sum'` +
    `${type === 'histogram' ? " and '_bucket'" : ''} to it, so the series become '${name}_count', '${name}_sum'… ` +
    `and '${name}' itself looks like one of those parts.`,
  reservedSuffix: (type: string, name: string, suffix: string) =>
    `The ${type} '${name}' ends in '${suffix}', a suffix Prometheus reserves for histogram and summary series: ` +
    'tools and readers will take it for part of one.',
  withoutSuffixHelp: (suggestion: string) => `Name it '${suggestion}'.${messages.renameCaveat}`,

  internalPrefix: (label: string) =>
    `The label name '${label}' starts with '__', which Prometheus reserves for its own internal labels: ` +
    'relabelling configurations treat such labels as temporary, and a later Prometheus may give the name a meaning.',
  internalPrefixHelp: (suggestion: string) => `Name it '${suggestion}'.${messages.labelRenameCaveat}`,
  /** `le` or `quantile` on a metric of another type. */
  foreignReservedLabel: (label: string, type: string) =>
    label === 'le'
      ? `The label 'le' is the bucket label of histograms: on a ${type} it makes the series look like histogram ` +
        'buckets, and `histogram_quantile` over them returns nonsense.'
      : `The label 'quantile' is the label of summary quantiles: on a ${type} it makes the series look like ` +
        'summary quantiles.',
  foreignReservedLabelHelp:
    'Use another label name. Queries that filter or group by the old label name stop matching: change them with it.',
  camelCaseLabel: (label: string) =>
    `The label name '${label}' is camelCase; Prometheus label names are snake_case, so queries that follow the ` +
    'convention will not match it.',
  camelCaseLabelHelp: (suggestion: string) => `Rename it to '${suggestion}'.${messages.labelRenameCaveat}`,

  invalidInstrumentName: (name: string) =>
    `'${name}' is not a valid OpenTelemetry instrument name (a letter, then up to 254 letters, digits, '_', '.', ` +
    "'-' or '/'): the JavaScript SDK logs \"Invalid metric name\" and records it anyway, but the specification " +
    'leaves it to each SDK whether such an instrument works at all, and exporters rewrite the characters they do ' +
    'not accept.',
  invalidInstrumentNameHelp: (suggestion: string) =>
    `Use a dotted lower-case name such as '${suggestion}'.${messages.renameCaveat}`,
  /** `declared` is `unitOnlyInName`, `unitDoubled` or `unitContradicts`. */
  unitInName: (name: string, word: string, declared: string) =>
    `The instrument name '${name}' carries its unit ('${word}'): in OpenTelemetry the unit is metadata (the ` +
    `\`unit\` option) that backends read and exporters translate${declared}.`,
  unitOnlyInName: ' — here it is only in the name, so nothing can read or convert it',
  unitDoubled: (unit: string, translated: string) =>
    ` — with \`unit: '${unit}'\` as well, the Prometheus translation (the Collector's Prometheus exporters, ` +
    `Prometheus's OTLP receiver) appends the unit again: '${translated}'`,
  unitContradicts: (unit: string) => ` — and the \`unit\` option says '${unit}'`,
  /** `keep` is `keepNameNote(…)` when the unit is only in the name, else ''. */
  unitInNameHelp: (suggestion: string, ucum: string, keep: string) =>
    `For a new instrument: name it '${suggestion}' and pass \`{ unit: '${ucum}' }\`.${keep}${messages.renameCaveat}`,
  keepNameNote: (ucum: string, translated: string) =>
    ` Do not add \`unit: '${ucum}'\` to the current name: the Prometheus translation would append it again ` +
    `('${translated}').`,
  /** `what` is `countUnit` or `spelledUnit`. */
  notUcum: (unit: string, what: string) =>
    `The unit '${unit}' is not a UCUM code, and OpenTelemetry units are UCUM: ${what}`,
  countUnit: (fix: string) =>
    `a count of things is the dimensionless unit with an annotation ('${fix}'), which backends read as a count and ` +
    'the Prometheus translation leaves out of the name.',
  spelledUnit: (fix: string) =>
    `the code is '${fix}', which backends can display and convert; a spelled-out word they show verbatim.`,
  /** `rename` is `unitRenames(…)` or ''. */
  notUcumHelp: (fix: string, rename: string) => `Use \`unit: '${fix}'\`.${rename}`,
  unitRenames: (before: string, after: string) =>
    ` Where a Collector or Prometheus translates the metric (with unit suffixes, their default), this also renames ` +
    `the series from '${before}' to '${after}': dashboards and alerts that query it must follow.`,
} as const;

function inFile(file: FileAnalysis, node: ts.Node | undefined): node is ts.Node {
  return !!node && node.getSourceFile() === file.sourceFile;
}

/** The naming conventions a prom-client metric name breaks (what prom-client rejects is not a convention). */
function promNameReport(name: string, problem: PromNameProblem): { message: string; help: string } | undefined {
  switch (problem.kind) {
    case 'invalidName':
      return undefined;
    case 'colon':
      return { message: messages.colon(name), help: messages.colonHelp(problem.suggestion) };
    case 'camelCase':
      return { message: messages.camelCase(name), help: messages.renameHelp(problem.suggestion) };
    case 'counterWithoutTotal':
      return { message: messages.counterWithoutTotal(name), help: messages.renameHelp(problem.suggestion) };
    case 'totalOnNonCounter':
      return {
        message: messages.totalOnNonCounter(problem.type, name),
        help: messages.totalOnNonCounterHelp(problem.suggestion),
      };
    case 'nonBaseUnit':
      return {
        message: messages.nonBaseUnit(name, problem.unit, problem.base),
        help: messages.nonBaseUnitHelp(problem.base),
      };
    case 'abbreviatedUnit':
      return {
        message: messages.abbreviatedUnit(name, problem.abbreviation),
        help: messages.abbreviatedUnitHelp(problem.spelled, problem.subSecond),
      };
    case 'ownType':
      return { message: messages.ownType(name, problem.word), help: messages.renameHelp(problem.suggestion) };
    case 'bucketSuffix':
      return { message: messages.bucketSuffix(name), help: messages.reservedSuffixHelp() };
    case 'ownSeriesSuffix':
      return {
        message: messages.ownSeriesSuffix(problem.type, name, problem.suffix),
        help: messages.withoutSuffixHelp(problem.suggestion),
      };
    case 'reservedSuffix':
      return {
        message: messages.reservedSuffix(problem.type, name, problem.suffix),
        help: messages.reservedSuffixHelp(),
      };
  }
}

function promLabelReport(label: string, problem: PromLabelProblem): { message: string; help: string } | undefined {
  switch (problem.kind) {
    case 'invalidLabel':
    case 'ownReservedLabel':
      return undefined;
    case 'internalPrefix':
      return { message: messages.internalPrefix(label), help: messages.internalPrefixHelp(problem.suggestion) };
    case 'foreignReservedLabel':
      return {
        message: messages.foreignReservedLabel(problem.label, problem.type),
        help: messages.foreignReservedLabelHelp,
      };
    case 'camelCaseLabel':
      return { message: messages.camelCaseLabel(label), help: messages.camelCaseLabelHelp(problem.suggestion) };
  }
}

function otelNameReport(name: string, problem: OtelNameProblem): { message: string; help: string } {
  if (problem.kind === 'invalidInstrumentName') {
    return {
      message: messages.invalidInstrumentName(name),
      help: messages.invalidInstrumentNameHelp(problem.suggestion),
    };
  }
  const declared =
    problem.declared === undefined
      ? messages.unitOnlyInName
      : problem.declared === problem.ucum
        ? messages.unitDoubled(problem.declared, problem.translated)
        : messages.unitContradicts(problem.declared);
  const keep =
    problem.declared === undefined && problem.translatedWithUcum !== problem.translated
      ? messages.keepNameNote(problem.ucum, problem.translatedWithUcum)
      : '';
  return {
    message: messages.unitInName(name, problem.word, declared),
    help: messages.unitInNameHelp(problem.suggestion, problem.ucum, keep),
  };
}

function otelUnitReport(problem: OtelUnitProblem): { message: string; help: string } {
  const what = problem.count ? messages.countUnit(problem.fix) : messages.spelledUnit(problem.fix);
  const rename =
    problem.translated !== problem.translatedAfterFix
      ? messages.unitRenames(problem.translated, problem.translatedAfterFix)
      : '';
  return { message: messages.notUcum(problem.unit, what), help: messages.notUcumHelp(problem.fix, rename) };
}

export default defineCodeRule({
  meta: {
    id: 'metric-naming',
    family: 'metrics',
    description:
      'Metric names, label names and units should follow the Prometheus (promlint) or OpenTelemetry (UCUM) conventions.',
    rationale:
      'Metric names are the API of your dashboards and alerts: a counter without `_total`, a name in milliseconds or a plain-word unit is misread or cannot be converted. These are conventions — renaming a published metric breaks every query that uses it — so the rule is opt-in; what the libraries reject outright is `valid-metric-definitions`.',
    defaultSeverity: 'warn',
    preset: 'stylistic',
    types: 'none',
    ...noOptions,
  },
  typescript(context) {
    const { file } = context;
    const reported = new Set<string>();
    const report = (node: ts.Node, found: { message: string; help: string } | undefined) => {
      if (!found) return;
      const key = `${node.getStart(file.sourceFile)}:${found.message}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ node, message: found.message, help: found.help });
    };

    const checkDefinition = (definition: MetricDefinition) => {
      const nameNode = definition.nameNode;
      const at = inFile(file, nameNode) ? nameNode : (definition.site ?? definition.node);
      if (!inFile(file, at) || definition.name.kind !== 'static') return;
      const name = definition.name.value;
      if (definition.library === 'prom-client') {
        for (const problem of promMetricNameProblems(name, definition.type)) report(at, promNameReport(name, problem));
        definition.labelNameNodes?.forEach((node, index) => {
          const label = definition.labelNames?.[index];
          if (!label || !inFile(file, node)) return;
          for (const problem of promLabelNameProblems(label, definition.type))
            report(node, promLabelReport(label, problem));
        });
        return;
      }
      const unit = definition.unit?.kind === 'static' ? definition.unit.value : undefined;
      // An unreadable unit option: judge the name alone, without claiming the unit is missing.
      const unitKnown = !definition.unit || unit !== undefined;
      for (const problem of otelInstrumentNameProblems(name, unit)) {
        if (problem.kind === 'unitInName' && !unitKnown) continue;
        report(at, otelNameReport(name, problem));
      }
      if (unit !== undefined && inFile(file, definition.unitNode)) {
        for (const problem of otelUnitProblems(unit, name)) report(definition.unitNode!, otelUnitReport(problem));
      }
    };

    return {
      end() {
        for (const definition of metricDefinitionsIn(file)) checkDefinition(definition);
      },
    };
  },
});
