/**
 * Maps a YAML string scalar's value back to the file, character by character: plain and quoted scalars fold lines
 * and unescape, block scalars strip indentation, so `value[i]` is rarely at `start + i`.
 *
 * Each style is re-derived from the source and checked against the parser's value; when our derivation disagrees
 * (an exotic scalar) we fall back to matching the value line by line, and finally to the scalar's start.
 */
import { Scalar } from 'yaml';
import type { MappedText } from './mapped-text.js';

export function mapScalar(fileText: string, scalar: Scalar): MappedText | undefined {
  const range = scalar.range;
  if (!range || (typeof scalar.value !== 'string' && typeof scalar.value !== 'number')) return undefined;
  const value = String(scalar.value);
  const [start, end] = range;
  let derived: MappedText | undefined;
  switch (scalar.type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      derived = blockScalar(fileText, start, end, scalar.type === Scalar.BLOCK_FOLDED);
      break;
    case Scalar.QUOTE_DOUBLE:
      derived = flowScalar(fileText, start + 1, end - 1, 'double');
      break;
    case Scalar.QUOTE_SINGLE:
      derived = flowScalar(fileText, start + 1, end - 1, 'single');
      break;
    default:
      derived = flowScalar(fileText, start, end, 'plain');
  }
  if (derived && derived.text.startsWith(value)) return truncate(derived, value.length);
  return lineByLine(fileText, start, end, value);
}

function truncate(mapped: MappedText, length: number): MappedText {
  return {
    text: mapped.text.slice(0, length),
    offsets: [...mapped.offsets.slice(0, length), mapped.offsets[length] ?? mapped.offsets[mapped.offsets.length - 1]!],
  };
}

interface Builder {
  text: string;
  offsets: number[];
}

function push(builder: Builder, char: string, offset: number): void {
  builder.text += char;
  builder.offsets.push(offset);
}

/** Plain and quoted scalars: line folding (a single break becomes a space, each empty line a newline) and escapes. */
function flowScalar(fileText: string, start: number, end: number, style: 'plain' | 'single' | 'double'): MappedText {
  const out: Builder = { text: '', offsets: [] };
  const lines: { from: number; to: number }[] = [];
  let lineStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || fileText[i] === '\n') {
      lines.push({ from: lineStart, to: i > lineStart && fileText[i - 1] === '\r' ? i - 1 : i });
      lineStart = i + 1;
    }
  }
  let pendingBreaks = 0;
  lines.forEach((line, index) => {
    let from = line.from;
    let to = line.to;
    if (index > 0) while (from < to && (fileText[from] === ' ' || fileText[from] === '\t')) from++;
    if (index < lines.length - 1 && !(style === 'double' && endsWithEscape(fileText, from, to))) {
      while (to > from && (fileText[to - 1] === ' ' || fileText[to - 1] === '\t')) to--;
    }
    if (index > 0) {
      if (from === to && index < lines.length - 1) {
        pendingBreaks++;
        return;
      }
      const joinedByEscape = style === 'double' && out.text.endsWith('\u0000');
      if (joinedByEscape) {
        out.text = out.text.slice(0, -1);
        out.offsets.pop();
      } else if (pendingBreaks > 0) {
        for (let b = 0; b < pendingBreaks; b++) push(out, '\n', from);
      } else {
        push(out, ' ', from);
      }
      pendingBreaks = 0;
    }
    for (let i = from; i < to; i++) {
      const char = fileText[i]!;
      if (style === 'single' && char === "'" && fileText[i + 1] === "'") {
        push(out, "'", i);
        i++;
      } else if (style === 'double' && char === '\\') {
        const consumed = unescape(fileText, i, to, out);
        i += consumed - 1;
      } else {
        push(out, char, i);
      }
    }
  });
  out.offsets.push(end);
  return out;
}

function endsWithEscape(fileText: string, from: number, to: number): boolean {
  let backslashes = 0;
  for (let i = to - 1; i >= from && fileText[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

const simpleEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Decodes one escape at `at`; returns how many source characters it used. A trailing `\` marks a line join. */
function unescape(fileText: string, at: number, lineEnd: number, out: Builder): number {
  const next = fileText[at + 1];
  if (at + 1 >= lineEnd || next === undefined) {
    push(out, '\u0000', at); // marker: escaped line break, removed when the next line is joined
    return 1;
  }
  if (next in simpleEscapes) {
    push(out, simpleEscapes[next]!, at);
    return 2;
  }
  const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLength) {
    const code = Number.parseInt(fileText.slice(at + 2, at + 2 + hexLength), 16);
    const decoded = Number.isFinite(code) ? String.fromCodePoint(code) : '';
    for (const char of decoded) push(out, char, at);
    return 2 + hexLength;
  }
  push(out, next, at);
  return 2;
}

/** `|` and `>` scalars: content lines after the header, minus the block's indentation. */
function blockScalar(fileText: string, start: number, end: number, folded: boolean): MappedText | undefined {
  const headerEnd = fileText.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return undefined;
  const header = fileText.slice(start, headerEnd);
  if (/[1-9]/.test(header.replace(/#.*$/, ''))) return undefined; // explicit indentation: let the fallback handle it
  const lines: { from: number; to: number }[] = [];
  let lineStart = headerEnd + 1;
  for (let i = lineStart; i <= end; i++) {
    if (i === end || fileText[i] === '\n') {
      if (i > lineStart || i < end)
        lines.push({ from: lineStart, to: i > lineStart && fileText[i - 1] === '\r' ? i - 1 : i });
      lineStart = i + 1;
    }
  }
  const firstContent = lines.find((line) => fileText.slice(line.from, line.to).trim() !== '');
  if (!firstContent) return { text: '', offsets: [end] };
  let indent = 0;
  while (fileText[firstContent.from + indent] === ' ') indent++;
  const out: Builder = { text: '', offsets: [] };
  let previous: 'none' | 'normal' | 'more' | 'empty' = 'none';
  let emptyRun = 0;
  for (const line of lines) {
    const from = Math.min(line.from + indent, line.to);
    const isEmpty = fileText.slice(line.from, line.to).trim() === '';
    if (isEmpty) {
      emptyRun++;
      continue;
    }
    const moreIndented = fileText[from] === ' ' || fileText[from] === '\t';
    if (previous !== 'none') {
      if (folded && previous === 'normal' && !moreIndented) {
        if (emptyRun === 0) push(out, ' ', from);
        for (let b = 0; b < emptyRun; b++) push(out, '\n', line.from);
      } else {
        for (let b = 0; b <= emptyRun; b++) push(out, '\n', b === 0 ? from - indent - 1 : line.from);
      }
    } else {
      for (let b = 0; b < emptyRun; b++) push(out, '\n', line.from);
    }
    emptyRun = 0;
    for (let i = from; i < line.to; i++) push(out, fileText[i]!, i);
    previous = moreIndented ? 'more' : 'normal';
  }
  push(out, '\n', end);
  out.offsets.push(end);
  return out;
}

/** Fallback: find each line of the value in the source, in order; characters between map to the line start. */
function lineByLine(fileText: string, start: number, end: number, value: string): MappedText {
  const out: Builder = { text: '', offsets: [] };
  let cursor = start;
  const valueLines = value.split('\n');
  valueLines.forEach((line, index) => {
    const content = line.trim();
    const found = content ? fileText.indexOf(content, cursor) : -1;
    const base = found >= 0 && found < end ? found - (line.length - line.trimStart().length) : cursor;
    for (let i = 0; i < line.length; i++) push(out, line[i]!, Math.max(start, Math.min(base + i, end)));
    if (found >= 0 && found < end) cursor = found + content.length;
    if (index < valueLines.length - 1) push(out, '\n', Math.min(cursor, end));
  });
  out.offsets.push(end);
  return out;
}
