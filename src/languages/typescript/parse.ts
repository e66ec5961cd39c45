/**
 * Turning text into a `ts.SourceFile` plus a checker. Syntax mode builds a one-file program without lib or module
 * resolution: nothing to install, yet the checker still resolves local symbols (scopes, shadowing, destructuring).
 */
import { scriptKindFor, ts } from '../../compiler.js';

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
  moduleDetection: ts.ModuleDetectionKind.Force,
};

export function firstSyntaxError(program: ts.Program, sourceFile: ts.SourceFile): ParsedFile['syntaxError'] {
  const diagnostic = program.getSyntacticDiagnostics(sourceFile)[0];
  if (!diagnostic) return undefined;
  return { start: diagnostic.start ?? 0, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ') };
}

/**
 * Parses files for syntax mode in one program per batch: creating a checker costs about ten parses, so it is
 * shared by a batch, while the batch size bounds memory. `moduleDetection: force` keeps each file its own scope
 * (scripts would otherwise share globals across the batch).
 */
export function parseSyntaxBatch(files: readonly { path: string; text: string }[]): ParsedFile[] {
  const sourceFiles = new Map(
    files.map(({ path, text }) => [
      path,
      ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path)),
    ]),
  );
  const host: ts.CompilerHost = {
    getSourceFile: (fileName) => sourceFiles.get(fileName),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => sourceFiles.has(fileName),
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [...sourceFiles.keys()], options: syntaxOptions, host });
  const checker = program.getTypeChecker();
  return [...sourceFiles.values()].map((sourceFile) => ({
    sourceFile,
    checker,
    syntaxError: firstSyntaxError(program, sourceFile),
  }));
}

export function parseSyntaxMode(path: string, text: string): ParsedFile {
  return parseSyntaxBatch([{ path, text }])[0]!;
}
