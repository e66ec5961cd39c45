import { defineConfigRule, noOptions } from '../src/rule.js';
import { prometheusRules } from '../src/config-files/prometheus-rules.js';
import { scanTemplate } from '../src/config-files/go-template.js';
import { fileRange } from '../src/config-files/mapped-text.js';
import { scalarAt } from '../src/config-files/scalar-at.js';
import { canHaveLabel, resultLabels, type LabelSet } from '../src/config-files/promql/result-labels.js';

/** Everything this rule says: messages and help. */
const messages = {
  /** `error` is the template scanner's message (go-template.ts). */
  brokenTemplate: (error: string, key: string) =>
    `${error} in the \`${key}\` template; Prometheus refuses to load a rule file with a broken template.`,
  brokenTemplateHelp:
    'Balance the template actions: every `{{` needs `}}`, every `{{ if }}` / `{{ range }}` needs `{{ end }}`.',
  valueInLabel: (label: string) =>
    `Label \`${label}\` uses the query value: labels are the alert's identity, so each evaluation with a new value ` +
    'creates a new alert and resolves the old one, flooding notifications.',
  valueInLabelHelp: 'Move the value into an annotation (e.g. `description`); keep labels constant.',
  /** `labels` is `noLabels`, `onlyLabels` or `allLabelsExcept`. */
  labelNeverPresent: (label: string, labels: string) =>
    `\`${label}\` can never be a label of this alert: its query returns ${labels}, so the template renders an ` +
    'empty string.',
  labelNeverPresentHelp: (label: string) =>
    `Keep \`${label}\` in the query's result (e.g. add it to \`by (…)\`), or remove it from the template.`,
  noLabels: 'no labels at all',
  onlyLabels: (labels: string) => `only ${labels}`,
  allLabelsExcept: (labels: string) => `every label except ${labels}`,
} as const;

function describeSet(set: LabelSet): string {
  const list = (labels: Iterable<string>) => [...labels].map((label) => `\`${label}\``).join(', ');
  if (set.kind === 'only') return set.labels.size === 0 ? messages.noLabels : messages.onlyLabels(list(set.labels));
  return messages.allLabelsExcept(list(set.excluded));
}

export default defineConfigRule({
  meta: {
    id: 'alert-template-labels',
    family: 'config',
    description:
      'Alert templates must parse, reference only labels the alert query can return, and keep `$value` out of labels.',
    rationale:
      'A template error makes Prometheus refuse the whole rule file; `{{ $labels.x }}` for a label the query aggregated away renders empty, so the notification says "instance  is down"; `$value` in a label changes the alert identity on every evaluation, so the alert resolves and re-fires endlessly.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const rule of prometheusRules(project)) {
      if (rule.type !== 'alert') continue;
      const expression = rule.expression;
      let labels: LabelSet | undefined;
      if (expression?.judgeable && expression.parsed().syntaxErrors.length === 0) {
        labels = resultLabels(expression.query.text, expression.parsed().tree.topNode);
      }
      for (const section of ['labels', 'annotations'] as const) {
        for (const key of Object.keys(section === 'labels' ? rule.labels : rule.annotations)) {
          const mapped = scalarAt(rule.object, [...rule.path, section, key]);
          if (!mapped || !mapped.text.includes('{{')) continue;
          const scan = scanTemplate(mapped.text);
          for (const error of scan.errors) {
            report({
              file: rule.object.file.path,
              range: fileRange(mapped, error.from, error.to),
              message: messages.brokenTemplate(error.message, key),
              help: messages.brokenTemplateHelp,
            });
          }
          if (scan.errors.length > 0) continue;
          for (const reference of scan.references) {
            if (reference.kind === 'value' && section === 'labels') {
              report({
                file: rule.object.file.path,
                range: fileRange(mapped, reference.from, reference.to),
                message: messages.valueInLabel(key),
                help: messages.valueInLabelHelp,
              });
            }
            if (
              reference.kind === 'label' &&
              reference.name &&
              labels &&
              !canHaveLabel(labels, reference.name) &&
              !(reference.name in rule.labels)
            ) {
              report({
                file: rule.object.file.path,
                range: fileRange(mapped, reference.from, reference.to),
                message: messages.labelNeverPresent(reference.name, describeSet(labels)),
                help: messages.labelNeverPresentHelp(reference.name),
              });
            }
          }
        }
      }
    }
  },
});
