/** Every YAML comment of a file, with its position, for inline `# obslint-disable…` directives. */
import { Parser } from 'yaml';
import type { ConfigFile } from './model.js';
import { objectExpressions } from './expressions.js';

export interface DirectiveComment {
  /** 1-based line of the `#`. */
  line: number;
  /** 1-based column of the `#`. */
  column: number;
  /** The text after the `#`. */
  text: string;
}

export function yamlCommentOffsets(text: string): { offset: number; source: string }[] {
  const found = new Map<number, string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const token = value as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string')
      found.set(token.offset, token.source);
    for (const [key, child] of Object.entries(value)) if (key !== 'type' && typeof child === 'object') visit(child);
  };
  try {
    for (const token of new Parser().parse(text)) visit(token);
  } catch {
    return [];
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([offset, source]) => ({ offset, source }));
}

/**
 * YAML comments, plus PromQL line comments inside multi-line queries (a `#` line in a `|` block is a PromQL
 * comment, and is where a directive for the next query line has to go).
 */
export function directiveComments(file: ConfigFile): DirectiveComment[] {
  const offsets = yamlCommentOffsets(file.text).map(({ offset, source }) => ({ offset, text: source.slice(1) }));
  for (const object of file.objects) {
    for (const expression of objectExpressions(object)) {
      const query = expression.source.text;
      for (const match of query.matchAll(/(^|\n)([ \t]*)#([^\n]*)/g)) {
        const at = match.index! + match[1]!.length + match[2]!.length;
        offsets.push({ offset: expression.source.offsets[at]!, text: match[3]! });
      }
    }
  }
  const lineStarts = lineStartOffsets(file.text);
  const seen = new Set<number>();
  return offsets
    .filter(({ offset }) => (seen.has(offset) ? false : (seen.add(offset), true)))
    .sort((a, b) => a.offset - b.offset)
    .map(({ offset, text }) => {
      const line = lineIndex(lineStarts, offset);
      return { line: line + 1, column: offset - lineStarts[line]! + 1, text };
    });
}

export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineIndex(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
