/**
 * The docs pages' examples are linted (see CONTRIBUTING.md, "Docs pages"): every ❌ block must produce at least one
 * finding of the page's rule, every ✅ block none, with only that rule enabled and in syntax mode. Each block is
 * written to a temporary directory of its own, beside the page's context blocks.
 */
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { exampleProblems, lintExample, parseDocsExamples, type DocsExample } from './helpers/docs-examples.js';
import { repoRoot } from './helpers/paths.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'obslint-docs-')));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const where = (id: string, example: DocsExample) => `docs/rules/${id}.md:${example.line} (${example.heading})`;

describe('docs examples', () => {
  for (const rule of allRules) {
    const id = rule.meta.id;
    const page = readFileSync(join(repoRoot, 'docs/rules', `${id}.md`), 'utf8');
    const { examples, errors } = parseDocsExamples(page);
    const context = examples.filter((example) => example.kind === 'context');
    const linted = examples.filter((example) => example.kind !== 'context' && example.notLinted === undefined);

    describe(id, () => {
      it('the example blocks are well-formed', () => {
        expect(errors).toEqual([]);
        expect(
          linted.filter((example) => example.kind === 'incorrect').length,
          'at least one linted ❌ block',
        ).toBeGreaterThan(0);
        expect(
          linted.filter((example) => example.kind === 'correct').length,
          'at least one linted ✅ block',
        ).toBeGreaterThan(0);
        for (const example of examples) {
          const extension = example.fileName.split('.').pop();
          if (example.notLinted === undefined)
            expect(
              rule.kind === 'config' || example.kind === 'context' || extension !== 'yaml',
              `${where(id, example)}: a code rule's examples are code`,
            ).toBe(true);
          if (example.kind !== 'context')
            expect(
              context.map((block) => block.fileName),
              `${where(id, example)}: its file name is taken by a context block`,
            ).not.toContain(example.fileName);
        }
      });

      linted.forEach((example, index) => {
        const label = `${example.kind === 'incorrect' ? '❌' : '✅'} line ${example.line}`;
        it(`${label} ${example.kind === 'incorrect' ? 'is reported' : 'is not reported'}`, () => {
          const result = lintExample(id, example, context, join(scratch, id, String(index)));
          // DOCS_EXAMPLES_LOG=<file> writes every example's findings there (to review what each example shows).
          if (process.env.DOCS_EXAMPLES_LOG)
            appendFileSync(
              process.env.DOCS_EXAMPLES_LOG,
              `${where(id, example)} ${example.kind}\n  ${result.all.join('\n  ') || '(no findings)'}\n`,
            );
          expect(exampleProblems(id, example, result), where(id, example)).toEqual([]);
        });
      });
    });
  }
});

describe('parseDocsExamples', () => {
  const page = [
    '# some-rule',
    '## Why',
    '```ts',
    'not an example',
    '```',
    '## Examples',
    'Shared by the examples:',
    '```ts',
    '// src/metrics.ts',
    'export const a = 1;',
    '```',
    '### ❌ Incorrect',
    '```ts',
    'bad();',
    '```',
    '<!-- not linted: a package.json excerpt -->',
    '```json',
    '{}',
    '```',
    '### ✅ Correct: with a suffix',
    '',
    '```yaml',
    '# slo/sloth.yaml',
    'version: prometheus/v1',
    '```',
    '## Options',
    '```yaml',
    'rules: {}',
    '```',
  ].join('\n');

  it('finds context, ❌ and ✅ blocks, their file names and opt-outs, and nothing outside the examples', () => {
    const { examples, errors } = parseDocsExamples(page);
    expect(errors).toEqual([]);
    expect(examples.map(({ kind, fileName, line, notLinted }) => ({ kind, fileName, line, notLinted }))).toEqual([
      { kind: 'context', fileName: 'src/metrics.ts', line: 8, notLinted: undefined },
      { kind: 'incorrect', fileName: 'example.ts', line: 13, notLinted: undefined },
      { kind: 'incorrect', fileName: 'example.json', line: 17, notLinted: 'a package.json excerpt' },
      { kind: 'correct', fileName: 'slo/sloth.yaml', line: 22, notLinted: undefined },
    ]);
    expect(examples[1]!.code).toBe('bad();\n');
    expect(examples[3]!.heading).toBe('### ✅ Correct: with a suffix');
  });

  it('reports markup it cannot lint', () => {
    const errorsOf = (text: string) => parseDocsExamples(text).errors;
    expect(errorsOf('## Examples\n### ❌ Incorrect\n```json\n{}\n```\n')).toEqual([
      expect.stringContaining('a `json` block'),
    ]);
    expect(errorsOf('### ✅ Correct\n```\nx\n```\n')).toEqual([expect.stringContaining('a `(no language)` block')]);
    expect(errorsOf('### ✅ Correct\n<!-- not linted:  -->\n```json\n{}\n```\n')).toEqual([
      expect.stringContaining('needs a reason'),
    ]);
    expect(errorsOf('### ✅ Correct\n<!-- not linted: why -->\ntext\n```ts\nx;\n```\n')).toEqual([
      expect.stringContaining('right before a fence'),
    ]);
    expect(errorsOf('## Why\n<!-- not linted: why -->\n```ts\nx;\n```\n')).toEqual([
      expect.stringContaining('not an example'),
    ]);
    expect(errorsOf('### ✅ Correct\n```ts\n# slo.yaml\n```\n')).toEqual([]);
    expect(errorsOf('### ✅ Correct\n```ts\n// slo.yaml\n```\n')).toEqual([expect.stringContaining('names slo.yaml')]);
    expect(errorsOf('### ✅ Correct\n```ts\nx;\n')).toEqual([expect.stringContaining('never closed')]);
  });
});
