import { defineConfigRule, noOptions } from '../src/rule.js';
import { toReport } from '../src/config-files/object-finding.js';
import { schemaFindings } from '../src/config-files/schema-findings.js';
import { structureFindings } from '../src/config-files/structure-checks.js';

/*
 * No messages table: this rule reports the findings of src/config-files/schema-findings.ts and structure-checks.ts,
 * which carry their texts, and the loader (src/config-files/load-yaml.ts) reports YAML problems under its id.
 */
export default defineConfigRule({
  meta: {
    id: 'config-schema',
    family: 'config',
    description:
      'Rule files and SLO specs must match their format: known fields, right types, valid durations and names.',
    rationale:
      'Prometheus refuses to load a rule file with an unknown field or a bad duration, which blocks every rule in it; Sloth and the Kubernetes API server silently drop misspelled fields, so an alert label or a disabled page alert never takes effect.',
    defaultSeverity: 'error',
    preset: 'recommended',
    types: 'none',
    ...noOptions,
  },
  check({ project, report }) {
    for (const file of project.files) {
      for (const object of file.objects) {
        const findings = [...schemaFindings(object), ...structureFindings(object)];
        const seen = new Set<string>();
        for (const finding of findings) {
          const converted = toReport(finding);
          const key = `${converted.range.start}:${converted.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report(converted);
        }
      }
    }
  },
});
