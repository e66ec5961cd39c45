/**
 * Turning text into a `ts.SourceFile` plus a checker. Syntax mode builds a one-file program without lib or module
 * resolution: nothing to install, yet the checker still resolves local symbols (scopes, shadowing, destructuring).
 */
import { ts } from '../compiler.js';

export function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export interface ParsedFile {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  /** The first syntax error, if the file does not parse. */
  syntaxError?: { start: number; message: string };
}

const syntaxOptions: ts.CompilerOptions = {
  noLib: true,
  noResolve: true,
  allowJs: true,
  checkJs: false,
  noEmit: true,
  types: [],
  target: ts.ScriptTarget.Latest,
  jsx: ts.JsxEmit.Preserve,
};

export function firstSyntaxError(program: ts.Program, sourceFile: ts.SourceFile): ParsedFile['syntaxError'] {
  const diagnostic = program.getSyntacticDiagnostics(sourceFile)[0];
  if (!diagnostic) return undefined;
  return { start: diagnostic.start ?? 0, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ') };
}

export function parseSyntaxMode(path: string, text: string): ParsedFile {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
  const host: ts.CompilerHost = {
    getSourceFile: (fileName) => (fileName === path ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => fileName === path,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [path], options: syntaxOptions, host });
  return { sourceFile, checker: program.getTypeChecker(), syntaxError: firstSyntaxError(program, sourceFile) };
}
