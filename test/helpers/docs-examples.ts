/**
 * The example blocks of a rule's docs page (see CONTRIBUTING.md, "Docs pages"):
 *
 * - a fenced block under a `### ❌ …` heading is an incorrect example, under a `### ✅ …` heading a correct one (the
 *   section runs to the next heading of any level);
 * - a fenced block under `## Examples` before its first ❌/✅ heading is context: written beside every example of
 *   the page (code that defines the metrics a config example queries, say), never an example itself;
 * - a first line that is only a comment naming a file (`// src/metrics.ts` in code, `# slo/sloth.yaml` in YAML) names
 *   the block's file; otherwise it is `example.<extension of the fence's language>`;
 * - `<!-- not linted: reason -->` as the nearest non-blank line before a fence opts that block out (a partial
 *   snippet); the reason is required.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lintSync } from '../../src/engine/lint.js';
import { detectKind } from '../../src/config-files/detect-kind.js';
import type { AnyRule } from '../../src/rule.js';

export type ExampleKind = 'incorrect' | 'correct' | 'context';

export interface DocsExample {
  kind: ExampleKind;
  /** The fence's language as written (`ts`, `yaml`, …). */
  language: string;
  /** The file the block is written to, relative to the example's directory. */
  fileName: string;
  code: string;
  /** 1-based line of the opening fence in the page. */
  line: number;
  /** The heading the block sits under. */
  heading: string;
  /** Why the block is not linted (`<!-- not linted: reason -->`). */
  notLinted?: string;
}

export interface ParsedDocsPage {
  examples: DocsExample[];
  /** Problems with the page's markup itself (an unknown fence language, a stray opt-out marker, …). */
  errors: string[];
}

const extensions: Record<string, string> = {
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
  js: 'js',
  javascript: 'js',
  cjs: 'cjs',
  mjs: 'mjs',
  jsx: 'jsx',
  yaml: 'yaml',
  yml: 'yaml',
};

/** A first line that only names a file, in the language's own comment syntax. */
const fileNameComment = (extension: string | undefined) =>
  new RegExp(`^${extension === 'yaml' ? '#' : '//'}\\s*((?:[\\w.-]+/)*[\\w.-]+\\.(?:[cm]?[jt]sx?|ya?ml))\\s*$`);
const optOut = /^\s*<!--\s*not linted:\s*(.*?)\s*-->\s*$/;
const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;
const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** The extension a block is written with, or undefined when obslint does not lint that language. */
export function extensionFor(language: string): string | undefined {
  return extensions[language.toLowerCase()];
}

export function parseDocsExamples(markdown: string): ParsedDocsPage {
  const lines = markdown.split(/\r?\n/);
  const examples: DocsExample[] = [];
  const errors: string[] = [];
  let section: ExampleKind | undefined;
  let currentHeading = '';
  let pendingOptOut: { reason: string; line: number } | undefined;
  let seenExampleHeading = false;

  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    const open = fence.exec(text);
    if (open) {
      const [, indent, marker, language] = open;
      const body: string[] = [];
      let end = index + 1;
      const closing = new RegExp(`^\\s*${marker![0] === '`' ? '`' : '~'}{${marker!.length},}\\s*$`);
      while (end < lines.length && !closing.test(lines[end]!)) {
        const bodyLine = lines[end]!;
        body.push(bodyLine.startsWith(indent!) ? bodyLine.slice(indent!.length) : bodyLine);
        end++;
      }
      if (end >= lines.length) errors.push(`line ${index + 1}: the fence is never closed`);
      if (section) {
        const extension = extensionFor(language!);
        const named = extension ? fileNameComment(extension).exec(body[0] ?? '') : null;
        const example: DocsExample = {
          kind: section,
          language: language!,
          fileName: named ? named[1]! : `example.${extension ?? language}`,
          code: `${body.join('\n')}\n`,
          line: index + 1,
          heading: currentHeading,
          ...(pendingOptOut ? { notLinted: pendingOptOut.reason } : {}),
        };
        if (pendingOptOut && !pendingOptOut.reason)
          errors.push(`line ${pendingOptOut.line}: \`<!-- not linted: … -->\` needs a reason`);
        if (!extension && !pendingOptOut)
          errors.push(
            `line ${index + 1}: a \`${language || '(no language)'}\` block under "${currentHeading}" cannot be linted: use ts, js or yaml, or mark it \`<!-- not linted: reason -->\``,
          );
        if (named && extension && extensionFor(named[1]!.split('.').pop()!) !== extension)
          errors.push(`line ${index + 1}: the block is \`${language}\` but its first line names ${named[1]}`);
        examples.push(example);
      } else if (pendingOptOut) {
        errors.push(`line ${pendingOptOut.line}: \`<!-- not linted -->\` before a block that is not an example`);
      }
      pendingOptOut = undefined;
      index = end;
      continue;
    }
    const marker = optOut.exec(text);
    if (marker) {
      if (pendingOptOut) errors.push(`line ${pendingOptOut.line}: \`<!-- not linted -->\` is not followed by a fence`);
      pendingOptOut = { reason: marker[1]!, line: index + 1 };
      continue;
    }
    if (text.trim() === '') continue;
    if (pendingOptOut) {
      errors.push(`line ${pendingOptOut.line}: \`<!-- not linted -->\` must come right before a fence`);
      pendingOptOut = undefined;
    }
    const title = heading.exec(text);
    if (!title) continue;
    const [, hashes, name] = title;
    currentHeading = `${hashes} ${name}`;
    if (hashes!.length === 3 && name!.startsWith('❌')) {
      section = 'incorrect';
      seenExampleHeading = true;
    } else if (hashes!.length === 3 && name!.startsWith('✅')) {
      section = 'correct';
      seenExampleHeading = true;
    } else if (hashes!.length === 2 && name === 'Examples') {
      section = seenExampleHeading ? undefined : 'context';
    } else {
      section = undefined;
    }
  }
  if (pendingOptOut) errors.push(`line ${pendingOptOut.line}: \`<!-- not linted -->\` is not followed by a fence`);
  return { examples, errors };
}

const describeFinding = (
  root: string,
  finding: { file: string; start: { line: number; column: number }; ruleId: string | null; message: string },
) =>
  `${relative(root, finding.file)}:${finding.start.line}:${finding.start.column} ${finding.ruleId ?? '(fatal)'}: ${finding.message}`;

export interface ExampleResult {
  /** Findings of the rule in the example's own file. */
  own: string[];
  /** Every finding in the example's directory (context files included), fatal ones too. */
  all: string[];
  fatal: string[];
}

/**
 * Lints one example the way the docs tests do: written to `root` beside the page's context blocks, with only rule
 * `ruleId` enabled, in syntax mode. `rules` replaces the built-in registry (a rule that is not in it yet).
 */
export function lintExample(
  ruleId: string,
  example: DocsExample,
  context: readonly DocsExample[],
  root: string,
  rules?: readonly AnyRule[],
): ExampleResult {
  mkdirSync(root, { recursive: true });
  for (const block of [...context, example]) {
    const path = join(root, block.fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, block.code);
  }
  const run = lintSync({ cwd: root, paths: [root], onlyRules: [ruleId], types: false, ...(rules ? { rules } : {}) });
  const findings = run.results.flatMap((result) =>
    result.findings.map((finding) => ({ ...finding, file: result.file })),
  );
  const own = join(root, example.fileName);
  return {
    own: findings
      .filter((finding) => finding.file === own && finding.ruleId === ruleId)
      .map((finding) => describeFinding(root, finding)),
    all: findings.map((finding) => describeFinding(root, finding)),
    fatal: findings.filter((finding) => finding.fatal).map((finding) => describeFinding(root, finding)),
  };
}

/** The kinds obslint recognises in a YAML text (a rule file, an SLO…): a ✅ example it would ignore proves nothing. */
export function recognisedKinds(code: string): string[] {
  return parseAllDocuments(code).flatMap((document) => {
    const kind = 'errors' in document && document.errors.length === 0 ? detectKind(document.toJS()) : undefined;
    return kind ? [kind] : [];
  });
}

/**
 * What is wrong with one example, if anything: it does not parse, a ❌ example produces no finding of the rule in
 * its own file, a ✅ example produces any finding, or a ✅ YAML example is not something obslint checks.
 */
export function exampleProblems(ruleId: string, example: DocsExample, result: ExampleResult): string[] {
  const problems = result.fatal.map((finding) => `does not parse: ${finding}`);
  if (example.kind === 'incorrect' && result.own.length === 0) {
    problems.push(
      `should produce a ${ruleId} finding, got ${result.all.length === 0 ? 'none' : `only:\n  ${result.all.join('\n  ')}`}`,
    );
  }
  if (example.kind === 'correct') {
    problems.push(
      ...result.all
        .filter((finding) => !result.fatal.includes(finding))
        .map((finding) => `should produce no finding, got ${finding}`),
    );
    if (example.fileName.endsWith('.yaml') && recognisedKinds(example.code).length === 0)
      problems.push('is not YAML obslint recognises (a rule file or an SLO), so it is never checked');
  }
  return problems;
}
