import { defineConfigRule, noOptions } from '../src/rule.js';
import { toReport } from '../src/config-files/object-finding.js';
import { sloDefinitions, type SloDefinition, type SloObjective } from '../src/config-files/slo-model.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `effect` is `negativeBudgetEffect` (slo-generator) or `impossibleEffect`. */
  percentageAsRatio: (field: string, value: number, tool: string, effect: string) =>
    `\`${field}: ${value}\` reads as a percentage, but ${tool} expects a ratio between 0 and 1 here, ${effect}`,
  negativeBudgetEffect: (value: number) =>
    `so the error budget (1 − ${value}) is negative: burn rates come out negative and no error budget policy step ` +
    'ever alerts.',
  impossibleEffect: 'so this objective is impossible (more than 100%).',
  openSloRatioHelp: (ratio: number, value: number) => `Write \`target: ${ratio}\`, or use \`targetPercent: ${value}\`.`,
  ratioHelp: (field: string, ratio: number) => `Write \`${field}: ${ratio}\`.`,
  /** `limit` is `limitPercent` or `limitRatio`; `effect` `negativeBurnRatesEffect` or `alwaysFiringEffect`. */
  aboveFull: (field: string, value: number, limit: string, effect: string) =>
    `\`${field}: ${value}\` is above ${limit}: no service can meet it, so the error budget is negative and ${effect}.`,
  limitPercent: '100%',
  limitRatio: '1 (100%)',
  negativeBurnRatesEffect: 'burn rates come out negative and no error budget policy step ever alerts',
  alwaysFiringEffect: 'every burn-rate alert fires',
  /** `unit` is `percentage` or `ratio`. */
  useUnitHelp: (unit: string, example: string) => `Use a ${unit} such as ${example}.`,
  percentage: 'percentage',
  ratio: 'ratio',
  zeroBudgetSloGenerator: (field: string, value: number) =>
    `\`${field}: ${value}\` is a 100% objective: the error budget is zero, and slo-generator then reports a burn ` +
    'rate of 0 whatever the errors, so no error budget policy step ever alerts.',
  zeroBudgetSloGeneratorHelp: (field: string) =>
    `Pick a \`${field}\` below 1 (e.g. 0.999); a zero-budget SLO cannot drive alerting.`,
  zeroBudget: (field: string, value: number) =>
    `\`${field}: ${value}\` is a 100% objective: the error budget is zero, so burn rates divide by zero (+Inf) and ` +
    'a single failed request exhausts the budget.',
  zeroBudgetHelp: (example: string) =>
    `Pick an objective below 100% (e.g. ${example}); a zero-budget SLO cannot drive alerting.`,
  notPositive: (field: string, value: number) =>
    `\`${field}: ${value}\` is not a meaningful objective: it must be above 0. An SLO of 0% or less is met even ` +
    'when every event fails, so it never alerts.',
  ratioAsPercentage: (field: string, value: number, tool: string) =>
    `\`${field}: ${value}\` looks like a ratio, but ${tool} reads it as a percentage: this SLO promises ${value}% ` +
    'success, so it can never be breached and its alerts never fire.',
  ratioAsPercentageHelp: (field: string, percentage: number) =>
    `Write it as a percentage: \`${field}: ${percentage}\`.`,
} as const;

function formatName(slo: SloDefinition): string {
  return {
    sloth: 'Sloth',
    'sloth-crd': 'Sloth',
    openslo: 'OpenSLO',
    'openslo-v1alpha': 'OpenSLO',
    pyrra: 'Pyrra',
    'slo-generator': 'slo-generator',
    'slo-generator-v1': 'slo-generator',
  }[slo.format];
}

/**
 * slo-generator does not divide by a zero or negative budget the way the generators do: it reports a burn rate of
 * 0 when the budget is zero, and a negative one when the goal is above 1, so its error budget policy never alerts.
 */
function isSloGenerator(slo: SloDefinition): boolean {
  return slo.format === 'slo-generator' || slo.format === 'slo-generator-v1';
}

/** A percentage as a ratio without floating-point noise (99.9 → 0.999, not 0.9990000000000001). */
const asRatio = (percent: number): number => Number((percent / 100).toPrecision(6));

function problem(slo: SloDefinition, objective: SloObjective): { message: string; help: string } | undefined {
  const { raw, unit, field } = objective;
  const tool = formatName(slo);
  const full = unit === 'percent' ? 100 : 1;
  const example = unit === 'percent' ? '99.9' : '0.999';
  const unitWord = unit === 'percent' ? messages.percentage : messages.ratio;
  if (raw > full) {
    if (unit === 'ratio' && raw <= 100) {
      const effect = isSloGenerator(slo) ? messages.negativeBudgetEffect(raw) : messages.impossibleEffect;
      return {
        message: messages.percentageAsRatio(field, raw, tool, effect),
        help:
          slo.format === 'openslo'
            ? messages.openSloRatioHelp(asRatio(raw), raw)
            : messages.ratioHelp(field, asRatio(raw)),
      };
    }
    const effect = isSloGenerator(slo) ? messages.negativeBurnRatesEffect : messages.alwaysFiringEffect;
    return {
      message: messages.aboveFull(field, raw, unit === 'percent' ? messages.limitPercent : messages.limitRatio, effect),
      help: messages.useUnitHelp(unitWord, example),
    };
  }
  if (raw === full && isSloGenerator(slo)) {
    return { message: messages.zeroBudgetSloGenerator(field, raw), help: messages.zeroBudgetSloGeneratorHelp(field) };
  }
  if (raw === full) return { message: messages.zeroBudget(field, raw), help: messages.zeroBudgetHelp(example) };
  if (raw <= 0) return { message: messages.notPositive(field, raw), help: messages.useUnitHelp(unitWord, example) };
  if (unit === 'percent' && raw < 1) {
    return {
      message: messages.ratioAsPercentage(field, raw, tool),
      help: messages.ratioAsPercentageHelp(field, Number((raw * 100).toPrecision(6))),
    };
  }
  return undefined;
}

export default defineConfigRule({
  meta: {
    id: 'slo-objective',
    family: 'config',
    description:
      'SLO objectives (Sloth, OpenSLO, Pyrra, slo-generator) must be below 100%, above 0, and written in the unit the format expects.',
    rationale:
      'An objective of 100% leaves no error budget (burn rates become infinite); a ratio written where a percentage is expected (0.999 for Sloth or Pyrra) makes an SLO that can never be breached, so nobody is ever paged.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const slo of sloDefinitions(project)) {
      for (const objective of slo.objectives) {
        const found = problem(slo, objective);
        if (found) report(toReport({ object: slo.object, path: objective.path, ...found }));
      }
    }
  },
});
