/** Finds directive comments in JS/TS text without a full token walk: directives are rare, so search, then verify. */
import { ts } from '../../compiler.js';
import { parseDirective, type Directive } from '../../engine/directives.js';
import type { LineMap } from '../../engine/text-positions.js';

const markers = /\b(?:obslint|eslint)-(?:disable|enable)/g;

const literalKinds = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.JsxText,
]);

/** True when `offset` lies inside a string, template, regex or JSX text rather than in trivia. */
function insideLiteral(sourceFile: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= offset && offset < child.end) {
        next = child;
        return true;
      }
      return undefined;
    });
    if (!next) return literalKinds.has(node.kind) && offset >= node.getStart(sourceFile);
    node = next;
  }
}

interface CommentSpan {
  start: number;
  bodyStart: number;
  bodyEnd: number;
}

function enclosingComment(text: string, offset: number): CommentSpan | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineComment = text.lastIndexOf('//', offset);
  if (lineComment >= lineStart) {
    const lineEnd = text.indexOf('\n', offset);
    return { start: lineComment, bodyStart: lineComment + 2, bodyEnd: lineEnd === -1 ? text.length : lineEnd };
  }
  const blockStart = text.lastIndexOf('/*', offset);
  if (blockStart === -1) return undefined;
  const closedBetween = text.indexOf('*/', blockStart + 2);
  if (closedBetween !== -1 && closedBetween < offset) return undefined;
  const blockEnd = closedBetween === -1 ? text.length : closedBetween;
  return { start: blockStart, bodyStart: blockStart + 2, bodyEnd: blockEnd };
}

export function codeDirectives(sourceFile: ts.SourceFile, lines: LineMap): Directive[] {
  const text = sourceFile.text;
  const directives: Directive[] = [];
  const seen = new Set<number>();
  for (const match of text.matchAll(markers)) {
    const comment = enclosingComment(text, match.index);
    if (!comment || seen.has(comment.start)) continue;
    // The marker must open the comment body ("// obslint-disable …"), not sit in its prose.
    if (text.slice(comment.bodyStart, match.index).replace(/^\*?\s*/, '') !== '') continue;
    if (insideLiteral(sourceFile, comment.start)) continue;
    seen.add(comment.start);
    const start = lines.position(comment.start);
    const end = lines.position(comment.bodyEnd);
    const body = text.slice(comment.bodyStart, comment.bodyEnd).replace(/^\*?\s*/, '');
    const directive = parseDirective(body, start.line, start.column, end.line);
    if (directive) directives.push(directive);
  }
  return directives;
}
