/**
 * A string together with where each of its characters came from in the file, so that an offset found while
 * analysing a derived string (a YAML scalar's value, a template-substituted query) can be reported in the file.
 */
export interface MappedText {
  text: string;
  /** `offsets[i]` is the file offset of `text[i]`; `offsets[text.length]` is the file offset just after the text. */
  offsets: number[];
}

/** File offset of position `index` of the mapped text (clamped, so an end-of-text error still lands somewhere). */
export function fileOffset(mapped: MappedText, index: number): number {
  const clamped = Math.max(0, Math.min(index, mapped.text.length));
  return mapped.offsets[clamped]!;
}

/** File range of `[from, to)` in the mapped text; never empty-inverted. */
export function fileRange(mapped: MappedText, from: number, to: number): { start: number; end: number } {
  const start = fileOffset(mapped, from);
  // The end of the last character, not the start of the next one (which may be on another line).
  const end = to > from ? fileOffset(mapped, to - 1) + 1 : start;
  return { start, end: Math.max(start, end) };
}

/** Replaces `[from, to)` ranges with new strings; every inserted character maps to the start of what it replaced. */
export function substitute(source: MappedText, replacements: { from: number; to: number; text: string }[]): MappedText {
  const sorted = [...replacements].sort((a, b) => a.from - b.from);
  let text = '';
  const offsets: number[] = [];
  let cursor = 0;
  for (const replacement of sorted) {
    if (replacement.from < cursor) continue;
    for (let i = cursor; i < replacement.from; i++) {
      text += source.text[i];
      offsets.push(source.offsets[i]!);
    }
    for (let i = 0; i < replacement.text.length; i++) {
      text += replacement.text[i];
      offsets.push(source.offsets[replacement.from]!);
    }
    cursor = replacement.to;
  }
  for (let i = cursor; i < source.text.length; i++) {
    text += source.text[i];
    offsets.push(source.offsets[i]!);
  }
  offsets.push(source.offsets[source.text.length]!);
  return { text, offsets };
}
