/**
 * A small reader for the Go templates of alert labels and annotations (`{{ $labels.instance }}`): it finds the
 * actions, the label and value references, and the syntax errors Prometheus would reject the rule file for.
 * It never evaluates anything.
 */
export interface TemplateReference {
  kind: 'label' | 'value';
  /** Label name for `label` references. */
  name?: string;
  from: number;
  to: number;
}

export interface TemplateScan {
  references: TemplateReference[];
  errors: { from: number; to: number; message: string }[];
}

const blockOpeners = /^\s*-?\s*(if|range|with|define|block)\b/;
const blockEnd = /^\s*-?\s*end\s*-?\s*$/;

export function scanTemplate(text: string): TemplateScan {
  const references: TemplateReference[] = [];
  const errors: TemplateScan['errors'] = [];
  const openBlocks: { from: number; keyword: string }[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const close = findClose(text, open + 2);
    if (close < 0) {
      errors.push({ from: open, to: open + 2, message: 'This `{{` is never closed with `}}`' });
      break;
    }
    const body = text.slice(open + 2, close);
    const bodyStart = open + 2;
    if (!/^\s*-?\s*\/\*/.test(body)) {
      const opener = blockOpeners.exec(body);
      if (opener) openBlocks.push({ from: open, keyword: opener[1]! });
      else if (blockEnd.test(body)) {
        if (!openBlocks.pop())
          errors.push({
            from: open,
            to: close + 2,
            message: '`{{ end }}` has no matching `{{ if }}`, `{{ range }}` or `{{ with }}`',
          });
      }
      collectReferences(body, bodyStart, references);
    }
    cursor = close + 2;
  }
  for (const block of openBlocks)
    errors.push({
      from: block.from,
      to: block.from + 2,
      message: `This \`{{ ${block.keyword} }}\` has no matching \`{{ end }}\``,
    });
  return { references, errors };
}

/** The `}}` that ends an action, skipping quoted strings inside it. */
function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length - 1; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote !== '`') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === '`' || char === "'") quote = char;
    else if (char === '}' && text[i + 1] === '}') return i;
    else if (char === '{' && text[i + 1] === '{') return -1; // a new action starts before this one closed
  }
  return -1;
}

function collectReferences(body: string, offset: number, references: TemplateReference[]): void {
  const patterns: [RegExp, (match: RegExpMatchArray) => TemplateReference][] = [
    [
      /\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g,
      (m) => ({ kind: 'label', name: m[1]!, from: offset + m.index!, to: offset + m.index! + m[0].length }),
    ],
    [
      /(?<![\w$])\.Labels\.([A-Za-z_][A-Za-z0-9_]*)/g,
      (m) => ({ kind: 'label', name: m[1]!, from: offset + m.index!, to: offset + m.index! + m[0].length }),
    ],
    [
      /index\s+\$labels\s+"([^"]+)"/g,
      (m) => ({ kind: 'label', name: m[1]!, from: offset + m.index!, to: offset + m.index! + m[0].length }),
    ],
    [
      /\$value\b|(?<![\w$])\.Value\b/g,
      (m) => ({ kind: 'value', from: offset + m.index!, to: offset + m.index! + m[0].length }),
    ],
  ];
  for (const [pattern, build] of patterns) for (const match of body.matchAll(pattern)) references.push(build(match));
}
