import { defineConfigRule, noOptions } from '../src/rule.js';
import { burnRateFactor, generatorProfiles, maxBurnRate } from '../src/config-files/burn-rate.js';
import { formatDuration, parseOpenSloShorthand, parsePrometheusDuration } from '../src/config-files/duration.js';
import { toReport, type ObjectFinding } from '../src/config-files/object-finding.js';
import { sloDefinitions } from '../src/config-files/slo-model.js';
import { forEachPromQLExpression } from '../src/config-files/expressions.js';
import { binaryParts, constantValue } from '../src/config-files/promql/queries.js';
import { nodesNamed, readSelector, unwrap } from '../src/config-files/promql/syntax-tree.js';
import { arrayAt, numberAt, recordAt, stringAt, valueAt } from '../src/config-files/yaml-values.js';
import { locate } from '../src/config-files/yaml-nodes.js';
import type { ConfigObject, ConfigProject, YamlPath } from '../src/config-files/model.js';
import type { ConfigReport } from '../src/rule.js';
import { dirname, relative } from 'node:path';

/** Everything this rule says: messages, help and related-location notes (numbers come formatted). */
const messages = {
  /** `alerts` lists `generatedAlert` texts. */
  unreachableGeneratedAlerts: (objective: string, ceiling: string, alerts: string) =>
    `With an objective of ${objective} the burn rate can never exceed ${ceiling} (even at 100% errors), ` +
    `so the generated ${alerts} can never fire.`,
  generatedAlert: (tier: string, factor: string) => `${tier} alert (×${factor})`,
  unreachableGeneratedAlertsHelp: (objective: string) =>
    `Raise the objective to at least ${objective} for these alerts to be reachable, or alert on this SLO with ` +
    'custom thresholds.',
  shortWindowNotShorter: (short: string, long: string) =>
    `The short window (${short}) must be shorter than the long window (${long}): the short window exists to make ` +
    'the alert reset quickly once the burn stops.',
  shortWindowNotShorterHelp: 'Use a short window about 1/12 of the long window (e.g. 5m for 1h).',
  longWindowBeyondPeriod: (long: string, period: string) =>
    `The long window (${long}) is longer than the SLO period (${period}): the alert would average over data ` +
    'outside the period it protects.',
  longWindowBeyondPeriodHelp: 'Use a long window shorter than the period.',
  pageNotAboveTicket: (page: string, ticket: string) =>
    `A page alert burn rate (×${page}) is not above the ticket alert burn rate (×${ticket}): every ticket-level burn ` +
    'also pages, so tickets lose their purpose.',
  pageNotAboveTicketHelp: 'Give page tiers a higher error-budget share per window (faster burn) than ticket tiers.',
  unreachableThreshold: (threshold: number, slo: string, target: string, ceiling: string) =>
    `Burn-rate threshold ${threshold} can never be reached by SLO '${slo}': with a target of ${target} the burn rate ` +
    `is at most ${ceiling}, even when every event fails.`,
  unreachableThresholdHelp: (ceiling: string) =>
    `Use a threshold below ${ceiling} (e.g. 14.4 for a 99.9% SLO over 30 days), or raise the target.`,
  lookbackBeyondWindow: (window: string) => `The lookback window is longer than the SLO's time window (${window}).`,
  lookbackBeyondWindowHelp: 'Use a lookback window shorter than the SLO period.',
  /** `steps` lists `policyStep` texts; `where` is `thisFile` or the policy file's path. */
  unreachablePolicySteps: (
    field: string,
    objective: string,
    ceiling: string,
    plural: boolean,
    steps: string,
    policy: string,
    where: string,
  ) =>
    `With a ${field} of ${objective} the burn rate can never exceed ${ceiling} (even when every event fails), ` +
    `so step${plural ? 's' : ''} ${steps} of error budget policy '${policy}' (${where}) can never alert.`,
  policyStep: (label: string, threshold: string) => `${label} (×${threshold})`,
  thisFile: 'this file',
  unreachablePolicyStepsHelp: (field: string, objective: string, ceiling: string) =>
    `Raise the ${field} to at least ${objective}, or give this SLO an \`error_budget_policy\` whose thresholds ` +
    `stay below ${ceiling}.`,
  policyStepThreshold: (label: string, threshold: string) => `Step ${label}: burn-rate threshold ${threshold}`,
  unreachableRatio: (metric: string, threshold: string) =>
    `'${metric}' is an error ratio (at most 1), but it is compared with ${threshold}: this burn-rate alert can never ` +
    'fire. The factor is larger than 1 / (1 - objective).',
  unreachableRatioHelp:
    'Lower the burn-rate factor or raise the objective so that factor × (1 - objective) stays below 1.',
} as const;

const percent = (ratio: number): string => `${Number((ratio * 100).toPrecision(6))}%`;
const round = (value: number): string => String(Number(value.toPrecision(4)));

/** Sloth/Pyrra SLOs whose generated burn-rate alerts can never reach their threshold. */
function generatedAlertFindings(project: ConfigProject): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  for (const slo of sloDefinitions(project)) {
    const objective = slo.objectives[0];
    if (!objective || objective.ratio <= 0 || objective.ratio >= 1) continue; // slo-objective reports those
    let tiers: { tier: string; factor: number }[] = [];
    if ((slo.format === 'sloth' || slo.format === 'sloth-crd') && slo.periodSeconds) {
      tiers = generatorProfiles
        .sloth(slo.periodSeconds)
        .filter((tier) => (tier.tier.startsWith('page') ? slo.generatedAlerts.page : slo.generatedAlerts.ticket));
    } else if (slo.format === 'pyrra' && slo.generatedAlerts.page) {
      tiers = generatorProfiles.pyrra();
    }
    const ceiling = maxBurnRate(objective.ratio);
    const dead = tiers.filter((tier) => tier.factor > ceiling + 1e-9);
    if (dead.length === 0) continue;
    findings.push({
      object: slo.object,
      path: objective.path,
      message: messages.unreachableGeneratedAlerts(
        percent(objective.ratio),
        round(ceiling),
        dead.map((tier) => messages.generatedAlert(tier.tier, round(tier.factor))).join(', '),
      ),
      help: messages.unreachableGeneratedAlertsHelp(percent(1 - 1 / Math.max(...dead.map((tier) => tier.factor)))),
    });
  }
  return findings;
}

/** Sloth AlertWindows: short < long <= period, page faster than ticket. */
function alertWindowFindings(object: ConfigObject): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  const period = parsePrometheusDuration(stringAt(object.value, 'spec', 'sloPeriod') ?? '');
  const factors: Record<string, number> = {};
  for (const severity of ['page', 'ticket']) {
    for (const speed of ['quick', 'slow']) {
      const tier = recordAt(object.value, 'spec', severity, speed);
      if (!tier) continue;
      const path = ['spec', severity, speed];
      const short = parsePrometheusDuration(String(tier.shortWindow ?? ''));
      const long = parsePrometheusDuration(String(tier.longWindow ?? ''));
      const budget = numberAt(tier, 'errorBudgetPercent');
      if (short !== undefined && long !== undefined && short >= long) {
        findings.push({
          object,
          path: [...path, 'shortWindow'],
          message: messages.shortWindowNotShorter(formatDuration(short), formatDuration(long)),
          help: messages.shortWindowNotShorterHelp,
        });
      }
      if (period !== undefined && long !== undefined && long > period) {
        findings.push({
          object,
          path: [...path, 'longWindow'],
          message: messages.longWindowBeyondPeriod(formatDuration(long), formatDuration(period)),
          help: messages.longWindowBeyondPeriodHelp,
        });
      }
      if (period !== undefined && long && budget !== undefined)
        factors[`${severity}.${speed}`] = burnRateFactor(budget / 100, period, long);
    }
  }
  const pageMin = Math.min(...['page.quick', 'page.slow'].map((key) => factors[key] ?? Infinity));
  const ticketMax = Math.max(...['ticket.quick', 'ticket.slow'].map((key) => factors[key] ?? -Infinity));
  if (Number.isFinite(pageMin) && Number.isFinite(ticketMax) && pageMin <= ticketMax) {
    findings.push({
      object,
      path: ['spec', 'page'],
      at: 'key',
      message: messages.pageNotAboveTicket(round(pageMin), round(ticketMax)),
      help: messages.pageNotAboveTicketHelp,
    });
  }
  return findings;
}

/** Where a burn-rate condition lives: its object and the path of its `condition` map. */
interface ConditionSite {
  object: ConfigObject;
  base: YamlPath;
}

/**
 * OpenSLO burn-rate conditions that the SLO using them can never reach. Policies and conditions can be separate
 * objects (`alertPolicyRef`, `conditionRef`) or written inline (`kind: AlertPolicy` inside `spec.alertPolicies`,
 * `kind: AlertCondition` inside `spec.conditions`); all four combinations are checked alike.
 */
function openSloConditionFindings(project: ConfigProject): ObjectFinding[] {
  const findings: ObjectFinding[] = [];
  const conditions = new Map<string, ConfigObject>();
  const policies = new Map<string, ConfigObject>();
  for (const file of project.files)
    for (const object of file.objects) {
      if (object.kind !== 'openslo') continue;
      const name = stringAt(object.value, 'metadata', 'name');
      if (!name) continue;
      if (object.value.kind === 'AlertCondition') conditions.set(name, object);
      if (object.value.kind === 'AlertPolicy') policies.set(name, object);
    }
  for (const slo of sloDefinitions(project)) {
    if (slo.format !== 'openslo') continue;
    const objective = slo.objectives[0];
    if (!objective || objective.ratio <= 0 || objective.ratio >= 1) continue;
    const ceiling = maxBurnRate(objective.ratio);
    const seen = new Set<string>();
    arrayAt(slo.object.value, 'spec', 'alertPolicies').forEach((entry, entryIndex) => {
      const policyName = stringAt(entry, 'alertPolicyRef');
      const referenced = policyName ? policies.get(policyName) : undefined;
      const policy: ConditionSite | undefined = referenced
        ? { object: referenced, base: [] }
        : !policyName && recordAt(entry, 'spec')
          ? { object: slo.object, base: ['spec', 'alertPolicies', entryIndex] }
          : undefined;
      if (!policy) return;
      arrayAt(valueAt(policy.object.value, ...policy.base), 'spec', 'conditions').forEach((condition, index) => {
        const conditionName = stringAt(condition, 'conditionRef');
        const conditionObject = conditionName ? conditions.get(conditionName) : undefined;
        const target: ConditionSite | undefined = conditionName
          ? conditionObject && { object: conditionObject, base: ['spec', 'condition'] }
          : { object: policy.object, base: [...policy.base, 'spec', 'conditions', index, 'spec', 'condition'] };
        if (!target) return;
        const { base } = target;
        const threshold = numberAt(target.object.value, ...base, 'threshold');
        const op = stringAt(target.object.value, ...base, 'op') ?? 'gt';
        // The object's identity, not only its file: several AlertConditions of one file share the path `spec.condition`.
        const key = `${target.object.file.path}#${target.object.documentIndex}#${target.object.basePath.join('.')}:${base.join('.')}`;
        if (threshold === undefined || !op.startsWith('gt') || threshold <= ceiling || seen.has(key)) return;
        seen.add(key);
        findings.push({
          object: target.object,
          path: [...base, 'threshold'],
          message: messages.unreachableThreshold(threshold, slo.name ?? '', percent(objective.ratio), round(ceiling)),
          help: messages.unreachableThresholdHelp(round(ceiling)),
        });
        const lookback = parseOpenSloShorthand(stringAt(target.object.value, ...base, 'lookbackWindow') ?? '')?.seconds;
        if (lookback && slo.periodSeconds && lookback > slo.periodSeconds) {
          findings.push({
            object: target.object,
            path: [...base, 'lookbackWindow'],
            message: messages.lookbackBeyondWindow(formatDuration(slo.periodSeconds)),
            help: messages.lookbackBeyondWindowHelp,
          });
        }
      });
    });
  }
  return findings;
}

/** An slo-generator error budget policy as one shared config defines it. */
interface SloGeneratorPolicy {
  object: ConfigObject;
  name: string;
  steps: unknown[];
}

function sloGeneratorPolicies(project: ConfigProject): Map<string, SloGeneratorPolicy[]> {
  const policies = new Map<string, SloGeneratorPolicy[]>();
  for (const file of project.files)
    for (const object of file.objects) {
      if (object.kind !== 'slo-generator-config') continue;
      for (const [name, policy] of Object.entries(recordAt(object.value, 'error_budget_policies') ?? {})) {
        policies.set(name, [...(policies.get(name) ?? []), { object, name, steps: arrayAt(policy, 'steps') }]);
      }
    }
  return policies;
}

/**
 * slo-generator SLOs whose error budget policy has steps they can never trigger: a step alerts when the burn rate
 * is above its `burn_rate_threshold`, and the burn rate of a goal cannot exceed 1 / (1 - goal). The policy is the
 * SLO's `error_budget_policy` (default: `default`) in the shared config; when no linted shared config defines it,
 * or several do (one per environment), which steps run is unknown and nothing is reported.
 */
function sloGeneratorPolicyFindings(project: ConfigProject, report: (finding: ConfigReport) => void): void {
  const policies = sloGeneratorPolicies(project);
  if (policies.size === 0) return;
  for (const slo of sloDefinitions(project)) {
    if (slo.format !== 'slo-generator') continue;
    const objective = slo.objectives[0];
    if (!objective || objective.ratio <= 0 || objective.ratio >= 1) continue; // slo-objective reports those
    const policyName = stringAt(slo.object.value, 'spec', 'error_budget_policy') ?? 'default';
    const definitions = policies.get(policyName) ?? [];
    if (definitions.length !== 1) continue;
    const policy = definitions[0]!;
    const ceiling = maxBurnRate(objective.ratio);
    const dead = policy.steps.flatMap((step, index) => {
      const threshold = numberAt(step, 'burn_rate_threshold');
      if (threshold === undefined || threshold <= ceiling + 1e-9) return [];
      const name = valueAt(step, 'name');
      return [
        {
          label: typeof name === 'string' || typeof name === 'number' ? `'${name}'` : `${index + 1}`,
          threshold,
          path: ['error_budget_policies', policyName, 'steps', index, 'burn_rate_threshold'] as YamlPath,
        },
      ];
    });
    if (dead.length === 0) continue;
    const where =
      policy.object.file.path === slo.object.file.path
        ? messages.thisFile
        : relativeName(slo.object.file.path, policy.object.file.path);
    report({
      ...toReport({
        object: slo.object,
        path: objective.path,
        message: messages.unreachablePolicySteps(
          objective.field,
          percent(objective.ratio),
          round(ceiling),
          dead.length > 1,
          dead.map((step) => messages.policyStep(step.label, round(step.threshold))).join(', '),
          policyName,
          where,
        ),
        help: messages.unreachablePolicyStepsHelp(
          objective.field,
          percent(1 - 1 / Math.max(...dead.map((step) => step.threshold))),
          round(ceiling),
        ),
      }),
      related: dead.map((step) => ({
        file: policy.object.file.path,
        range: locate(policy.object, step.path),
        message: messages.policyStepThreshold(step.label, round(step.threshold)),
      })),
    });
  }
}

/** The policy file as seen from the SLO file, for messages. */
function relativeName(from: string, to: string): string {
  return relative(dirname(from), to) || to;
}

/**
 * Burn-rate alerts in rule files (e.g. Sloth's generated ones): `error_ratio > factor * (1 - objective)` with a
 * right side above 1 compares a ratio with something it can never reach.
 */
function ruleThresholdFindings(project: ConfigProject, report: (finding: ConfigReport) => void): void {
  forEachPromQLExpression(project, (expression) => {
    if (expression.role !== 'alert' || !expression.judgeable) return;
    const parsed = expression.parsed();
    if (parsed.syntaxErrors.length > 0) return;
    for (const node of nodesNamed(parsed.tree, ['BinaryExpr'])) {
      const parts = binaryParts(node);
      if (!parts || !['Gtr', 'Gte'].includes(parts.operator.name)) continue;
      const threshold = constantValue(parsed.text, parts.right);
      const left = unwrap(parts.left);
      if (threshold === undefined || threshold <= 1 || left.name !== 'VectorSelector') continue;
      const metric = readSelector(parsed.text, left).metric ?? '';
      if (!/(^|:)(slo:)?sli_error:ratio|error(s)?_?ratio|:ratio_rate/.test(metric)) continue;
      report({
        file: expression.object.file.path,
        range: expression.toFileRange(parts.right.from, parts.right.to),
        message: messages.unreachableRatio(metric, round(threshold)),
        help: messages.unreachableRatioHelp,
      });
    }
  });
}

export default defineConfigRule({
  meta: {
    id: 'slo-alerting',
    family: 'config',
    description:
      'Burn-rate alerts must be reachable and their windows consistent: short < long ≤ period, page above ticket.',
    rationale:
      'The error ratio is at most 1, so a burn-rate threshold above 1 / (1 - objective) never fires: a 90% SLO with the standard 14.4× page alert has no working page at all. Inverted windows or page thresholds below ticket thresholds silently change who gets woken up.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    const findings: ObjectFinding[] = [...generatedAlertFindings(project), ...openSloConditionFindings(project)];
    for (const file of project.files)
      for (const object of file.objects)
        if (object.kind === 'sloth-alert-windows') findings.push(...alertWindowFindings(object));
    for (const finding of findings) report(toReport(finding));
    sloGeneratorPolicyFindings(project, report);
    ruleThresholdFindings(project, report);
  },
});
