/**
 * One obslint code rule as an ESLint rule, generated from the rule's metadata: same id (under the `obslint/`
 * namespace), docs, schema and default options, and the same implementation — the rule's TypeScript detector runs inside the
 * engine's single-file traversal, shared with every other obslint rule on the file (see file-session.ts).
 */
import type { Rule } from 'eslint';
import type { CodeRule } from '../rule.js';
import { docsUrl } from '../rule.js';
import { applyDirectives, type Directive } from '../engine/directives.js';
import type { RawFinding } from '../languages/typescript/run-code-rules.js';
import { toFinding } from '../engine/to-finding.js';
import type { FileSessions, LintedFile } from './file-session.js';

export const pluginNamespace = 'obslint';

/** ESLint `docs` plus the flags typescript-eslint's tooling reads. */
type ObslintRuleDocs = NonNullable<Rule.RuleMetaData['docs']> & { requiresTypeChecking: boolean };

/** A comment ESLint acts on itself when the rule is registered under `obslint/`; see `directivesFor`. */
function isEslintDirective(directive: Directive): boolean {
  return directive.text.startsWith('eslint-');
}

/**
 * `obslint-disable…` comments are the adapter's to apply. `eslint-disable… obslint/<rule>` comments are ESLint's
 * when the rule runs as `obslint/<rule>` (so `--report-unused-disable-directives` sees them used); under any other
 * name (another plugin key, RuleTester's) ESLint cannot match them, so the adapter applies them, as the CLI does.
 */
function directivesFor(ruleId: string, eslintRuleId: string, directives: readonly Directive[]): Directive[] {
  if (eslintRuleId === `${pluginNamespace}/${ruleId}`)
    return directives.filter((directive) => !isEslintDirective(directive));
  return [...directives];
}

function messageOf(raw: RawFinding): string {
  return raw.help ? `${raw.message} How to fix: ${raw.help}` : raw.message;
}

export function toEslintRule(rule: CodeRule<any>, sessions: FileSessions): Rule.RuleModule {
  const { meta } = rule;
  const docs: ObslintRuleDocs = {
    description: meta.description,
    recommended: meta.preset === 'recommended',
    url: docsUrl(meta.id),
    requiresTypeChecking: meta.types === 'required',
  };
  return {
    meta: {
      type: 'problem',
      docs,
      messages: { finding: '{{message}}' },
      schema: [meta.optionsSchema],
      defaultOptions: [meta.defaultOptions],
    },
    create(context) {
      const file = context as unknown as LintedFile;
      const session = sessions.for(context.sourceCode);
      // ESLint merges the user's options over `meta.defaultOptions`; the spread keeps obslint's defaults for an
      // ESLint that does not.
      session.register(rule, {
        ...meta.defaultOptions,
        ...((context.options[0] as Record<string, unknown> | undefined) ?? {}),
      });
      return {
        'Program:exit'() {
          const outcome = session.result(file);
          const { sourceCode } = context;
          const length = sourceCode.text.length;
          const loc = (offset: number) => sourceCode.getLocFromIndex(Math.max(0, Math.min(offset, length)));
          for (const failure of outcome.failures.get(meta.id) ?? []) {
            context.report({
              loc: { line: 1, column: 0 },
              messageId: 'finding',
              data: { message: messageOf(failure) },
            });
          }
          const own = outcome.findings.get(meta.id);
          if (!own) return;
          const byFinding = new Map(
            own.map((raw) => [toFinding(outcome.path, outcome.lines, raw, () => undefined), raw]),
          );
          const { kept } = applyDirectives(
            [...byFinding.keys()],
            directivesFor(meta.id, context.id, outcome.directives),
          );
          for (const finding of kept) {
            const raw = byFinding.get(finding)!;
            // A location, never a node: nothing is reported on `Program`, whose range covers the whole file.
            context.report({
              loc: { start: loc(raw.start), end: loc(Math.max(raw.end, raw.start)) },
              messageId: 'finding',
              data: { message: messageOf(raw) },
            });
          }
        },
      };
    },
  };
}
