import { defineConfigRule } from '../src/rule.js';
import { prometheusRules } from '../src/config-files/prometheus-rules.js';
import { locate } from '../src/config-files/yaml-nodes.js';

interface Options {
  requiredAnnotations: string[];
  requiredLabels: string[];
  requireSummaryOrDescription: boolean;
}

/** Everything this rule says: messages and help. */
const messages = {
  /** `alert` is `namedAlert` or `thisAlert`. */
  noSummary: (alert: string) =>
    `${alert} has neither a \`summary\` nor a \`description\` annotation: whoever receives it sees only its name ` +
    'and labels, with nothing saying what is wrong or how bad it is.',
  noSummaryHelp:
    'Add `annotations: {summary: …, description: …}`; templates like `{{ $labels.instance }}` make them specific.',
  missingAnnotation: (alert: string, annotation: string) =>
    `${alert} has no \`${annotation}\` annotation, which this project requires on every alert.`,
  missingAnnotationHelp: (annotation: string) => `Add \`${annotation}:\` under \`annotations:\`.`,
  missingLabel: (alert: string, label: string) =>
    `${alert} has no \`${label}\` label, which this project requires (Alertmanager routing usually depends on it).`,
  missingLabelHelp: (label: string) => `Add \`${label}:\` under \`labels:\`.`,
  namedAlert: (name: string) => `Alert '${name}'`,
  thisAlert: 'This alert',
} as const;

const filled = (value: unknown): boolean => value !== undefined && value !== null && String(value).trim() !== '';

export default defineConfigRule<Options>({
  meta: {
    id: 'alert-annotations',
    family: 'config',
    description:
      'Alerts need a human-readable summary or description, plus any annotations and labels your team requires.',
    rationale:
      'The person paged at 3 a.m. sees only the alert name and its annotations; an alert without a summary or description, or without the `severity` label routing relies on, is slow to act on or goes to the wrong receiver.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'none',
    optionsSchema: {
      type: 'object',
      properties: {
        requireSummaryOrDescription: {
          type: 'boolean',
          description: 'Report alerts that have neither a `summary` nor a `description` annotation.',
        },
        requiredAnnotations: {
          type: 'array',
          items: { type: 'string' },
          description: 'Annotations every alert must have, e.g. `runbook_url`.',
        },
        requiredLabels: {
          type: 'array',
          items: { type: 'string' },
          description: 'Labels every alert must have, e.g. `severity`.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { requireSummaryOrDescription: true, requiredAnnotations: [], requiredLabels: [] },
  },
  check({ options, project, report }) {
    for (const rule of prometheusRules(project)) {
      if (rule.type !== 'alert') continue;
      const at = (): { start: number; end: number } => locate(rule.object, [...rule.path, 'alert']);
      const name = rule.name ? messages.namedAlert(rule.name) : messages.thisAlert;
      if (
        options.requireSummaryOrDescription &&
        !filled(rule.annotations.summary) &&
        !filled(rule.annotations.description)
      ) {
        report({
          file: rule.object.file.path,
          range: at(),
          message: messages.noSummary(name),
          help: messages.noSummaryHelp,
        });
      }
      for (const annotation of options.requiredAnnotations) {
        if (filled(rule.annotations[annotation])) continue;
        report({
          file: rule.object.file.path,
          range: at(),
          message: messages.missingAnnotation(name, annotation),
          help: messages.missingAnnotationHelp(annotation),
        });
      }
      for (const label of options.requiredLabels) {
        if (filled(rule.labels[label])) continue;
        report({
          file: rule.object.file.path,
          range: at(),
          message: messages.missingLabel(name, label),
          help: messages.missingLabelHelp(label),
        });
      }
    }
  },
});
