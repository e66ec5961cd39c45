/**
 * Expected findings written inline in fixtures (see CONTRIBUTING.md): a comment line with `^` under the expected
 * start column (or `<-` for column 1) and the rule ids, pointing at the nearest line above that is not itself an
 * annotation.
 */
export interface Expectation {
  line: number;
  column: number;
  ruleId: string;
}

const annotation = /^(\s*)(\/\/|#)(\s*)(\^|<-)\s*(.*)$/;

export function isAnnotationLine(text: string): boolean {
  return annotation.test(text);
}

export function parseAnnotations(text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let target = 0;
  lines.forEach((lineText, index) => {
    const match = annotation.exec(lineText);
    if (!match) {
      target = index + 1;
      return;
    }
    const [, indent, marker, gap, pointer, rest] = match;
    const column = pointer === '<-' ? 1 : indent!.length + marker!.length + gap!.length + 1;
    const ids = rest!
      .split(/\s--\s|\s--$/)[0]!
      .split(/[\s,]+/)
      .filter(Boolean);
    for (const ruleId of ids) expectations.push({ line: target, column, ruleId });
  });
  return expectations;
}

export function describeFinding(file: string, e: { line: number; column: number; ruleId: string | null }): string {
  return `${file}:${e.line}:${e.column} ${e.ruleId ?? '(fatal)'}`;
}
