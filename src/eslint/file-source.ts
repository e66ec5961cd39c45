/**
 * The `ts.SourceFile` and checker obslint's rules run on, for one file ESLint is linting.
 *
 * - typescript-eslint with type information (`projectService` / `project`), same TypeScript `major.minor` as
 *   obslint's: its source file and program are used as they are — typed mode, no second parse.
 * - Anything else — espree, typescript-eslint without types, a program built by another TypeScript version, a tree
 *   whose text is not the text being linted: the text is parsed with obslint's own compiler, exactly as the CLI
 *   parses it (syntax mode). Without a program the parser services' tree offers nothing a parse would not, and
 *   typescript-estree's untyped parse skips JSDoc, which would make results differ from the CLI's.
 */
import { ts, compilerVersion } from '../compiler.js';
import { firstSyntaxError, parseSyntaxMode } from '../languages/typescript/parse.js';
import { typescriptVersionOf } from './typescript-identity.js';

/** The parts of typescript-eslint's parser services obslint reads; every one may be missing (espree, others). */
export interface ParserServicesLike {
  program?: ts.Program | null;
  esTreeNodeToTSNodeMap?: { get(node: unknown): unknown };
}

export interface FileSourceInput {
  /** Absolute path of the file. */
  path: string;
  /** The text ESLint lints (without a byte order mark). */
  text: string;
  /** The ESLint AST root (`context.sourceCode.ast`). */
  ast: unknown;
  /** `context.sourceCode.parserServices` (never through `getParserServices`, which throws under espree). */
  parserServices: unknown;
  /** Tells which TypeScript built a source file (replaceable in tests). */
  typescriptVersionOf?: (sourceFile: object) => string | undefined;
}

export interface FileSource {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  typed: boolean;
  syntaxError?: { start: number; message: string };
  /** Whose syntax tree the rules see. */
  origin: 'parser-services' | 'own-parse';
  /** Why a program offered by the parser services was not used. */
  fallbackReason?: string;
}

function isSourceFile(node: unknown): node is ts.SourceFile {
  return (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as ts.SourceFile).text === 'string' &&
    typeof (node as ts.SourceFile).fileName === 'string'
  );
}

function servicesSourceFile(services: ParserServicesLike, program: ts.Program, input: FileSourceInput): unknown {
  try {
    return services.esTreeNodeToTSNodeMap?.get(input.ast) ?? program.getSourceFile(input.path);
  } catch {
    return undefined;
  }
}

/** Why the parser services' program cannot be used, or undefined when it can. */
function programProblem(sourceFile: unknown, input: FileSourceInput): string | undefined {
  if (!isSourceFile(sourceFile)) return 'the parser services have no TypeScript source file for it';
  const version = (input.typescriptVersionOf ?? typescriptVersionOf)(sourceFile);
  if (version !== compilerVersion) {
    return `typescript-eslint uses TypeScript ${version ?? '(unknown version)'}, obslint uses ${compilerVersion}: their syntax trees are not interchangeable`;
  }
  if (sourceFile.text !== input.text) return "the program's copy of the file differs from the text being linted";
  return undefined;
}

export function fileSource(input: FileSourceInput): FileSource {
  const services = (typeof input.parserServices === 'object' ? input.parserServices : undefined) as
    ParserServicesLike | undefined;
  const program = services?.program;
  let fallbackReason: string | undefined;
  if (program && typeof program.getTypeChecker === 'function') {
    const sourceFile = servicesSourceFile(services!, program, input);
    fallbackReason = programProblem(sourceFile, input);
    if (!fallbackReason) {
      const typedFile = sourceFile as ts.SourceFile;
      return {
        sourceFile: typedFile,
        checker: program.getTypeChecker(),
        typed: true,
        syntaxError: firstSyntaxError(program, typedFile),
        origin: 'parser-services',
      };
    }
  }
  const parsed = parseSyntaxMode(input.path, input.text);
  return { ...parsed, typed: false, origin: 'own-parse', ...(fallbackReason ? { fallbackReason } : {}) };
}
