import { defineConfigRule, noOptions } from '../src/rule.js';
import { recordedNameProblems } from '../src/config-files/metric-naming.js';
import { prometheusRules } from '../src/config-files/prometheus-rules.js';
import { locate } from '../src/config-files/yaml-nodes.js';

/* No messages table: the naming problems come with their texts from src/config-files/metric-naming.ts. */
export default defineConfigRule({
  meta: {
    id: 'recording-rule-naming',
    family: 'config',
    description:
      'Recorded series follow `level:metric:operations` and Prometheus metric naming (snake_case, base units).',
    rationale:
      'The colon convention is how readers and tools tell a recorded series from a scraped one; a recorded name without it can silently collide with a real metric, and non-base units or camelCase make queries that join or compare series wrong.',
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const rule of prometheusRules(project)) {
      if (rule.type !== 'record' || !rule.name || /[{}]/.test(rule.name)) continue;
      for (const problem of recordedNameProblems(
        rule.name,
        typeof rule.value.expr === 'string' ? rule.value.expr : '',
      )) {
        report({
          file: rule.object.file.path,
          range: locate(rule.object, [...rule.path, 'record']),
          message: problem.message,
          help: problem.help,
        });
      }
    }
  },
});
