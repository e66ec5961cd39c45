/**
 * Architecture boundaries, read from the sources: the one door to the TypeScript compiler, what src/analysis/ may
 * import (no front end, and only layers below its own), rule files named after their ids, and the size limit for
 * source files. Imports are read with the compiler (static imports, `export … from`, `import x = require()`,
 * `require()`, dynamic `import()` and `import('…')` types), type-only imports included.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { allRules } from '../rules/index.js';
import type { AnyRule } from '../src/rule.js';
import { repoRoot } from './helpers/paths.js';

/** Repository-relative paths (with `/`) of the source files under `dir`. */
function sourceFilesUnder(dir: string): string[] {
  const absolute = join(repoRoot, dir);
  return readdirSync(absolute)
    .sort()
    .flatMap((name) => {
      const path = join(absolute, name);
      if (statSync(path).isDirectory()) return sourceFilesUnder(`${dir}/${name}`);
      return /\.[cm]?ts$/.test(name) && !name.endsWith('.d.ts') ? [`${dir}/${name}`] : [];
    });
}

interface ImportRef {
  /** The importing file, repository-relative. */
  file: string;
  line: number;
  specifier: string;
  /** For a relative specifier: the imported source file, repository-relative (`./x.js` names `./x.ts`). */
  target?: string;
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function importsOf(file: string): ImportRef[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  const add = (specifier: ts.Node | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = sourceFile.getLineAndCharacterOfPosition(specifier.getStart(sourceFile)).line + 1;
    const ref: ImportRef = { file, line, specifier: specifier.text };
    if (specifier.text.startsWith('.')) {
      ref.target = toPosix(relative(repoRoot, resolve(dirname(join(repoRoot, file)), specifier.text))).replace(
        /\.([cm]?)js$/,
        '.$1ts',
      );
    }
    refs.push(ref);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    )
      add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return refs;
}

const where = (ref: ImportRef) => `${ref.file}:${ref.line} imports '${ref.specifier}'`;

const srcFiles = sourceFilesUnder('src');
const ruleFiles = sourceFilesUnder('rules');

describe('the TypeScript compiler', () => {
  const compilerPackage = /^(typescript|ts-morph|@ts-morph\/common)(\/|$)/;

  it('is read by the import scanner', () => {
    expect(importsOf('src/compiler.ts').map((ref) => ref.specifier)).toEqual(
      expect.arrayContaining(['ts-morph', '@ts-morph/common']),
    );
  });

  it('is imported only by src/compiler.ts (everything else imports `ts` from there)', () => {
    // `require.resolve('typescript/package.json')` in typed-programs.ts only locates the lib folder: not an import.
    const offenders = [...srcFiles, ...ruleFiles]
      .filter((file) => file !== 'src/compiler.ts')
      .flatMap(importsOf)
      .filter((ref) => compilerPackage.test(ref.specifier))
      .map(where);
    expect(offenders, 'import { ts } from src/compiler.ts instead').toEqual([]);
  });
});

/**
 * The layers of src/analysis/, lowest first. A folder imports only from folders of a lower rank, so folders of the
 * same rank (the four domains; otel and frameworks; control-flow and values) do not import each other.
 */
const analysisLayers: Record<string, number> = {
  syntax: 0,
  modules: 1,
  otel: 2,
  frameworks: 2,
  'control-flow': 3,
  values: 3,
  spans: 4,
  context: 4,
  metrics: 4,
  logs: 4,
};

/** Parts of the program that src/analysis/ must not depend on: the engine, the front ends and the outputs. */
const outsideAnalysis = ['src/engine/', 'src/languages/', 'src/cli/', 'src/report/', 'src/eslint/', 'src/action/'];

/** The analysis folder a repository path is in, or undefined outside src/analysis/<folder>/. */
function analysisFolder(path: string): string | undefined {
  return /^src\/analysis\/([^/]+)\//.exec(path)?.[1];
}

/** Why importing `to` from `from` breaks the layering, or undefined when it does not. */
function layerProblem(from: string, to: string): string | undefined {
  const source = analysisFolder(from);
  const target = analysisFolder(to);
  if (!source || !target || source === target) return undefined;
  const sourceRank = analysisLayers[source];
  const targetRank = analysisLayers[target];
  if (sourceRank === undefined || targetRank === undefined)
    return `${source} or ${target} has no rank in analysisLayers`;
  if (targetRank < sourceRank) return undefined;
  return `${source} (rank ${sourceRank}) may import only from lower layers, and ${target} has rank ${targetRank}`;
}

describe('src/analysis/', () => {
  const analysisFiles = srcFiles.filter((file) => file.startsWith('src/analysis/'));
  const analysisImports = analysisFiles.flatMap(importsOf);

  it('has its files in layer folders, each ranked and with a README.md', () => {
    const entries = readdirSync(join(repoRoot, 'src/analysis'));
    const folders = entries.filter((name) => statSync(join(repoRoot, 'src/analysis', name)).isDirectory()).sort();
    expect(entries.filter((name) => !folders.includes(name))).toEqual(['README.md']);
    expect(folders).toEqual(Object.keys(analysisLayers).sort());
    expect(folders.filter((folder) => !existsSync(join(repoRoot, 'src/analysis', folder, 'README.md')))).toEqual([]);
  });

  it('imports nothing from the engine, the language front ends, the CLI, reports, the ESLint plugin or the action', () => {
    const offenders = analysisImports
      .filter((ref) => ref.target && outsideAnalysis.some((dir) => ref.target!.startsWith(dir)))
      .map(where);
    expect(offenders).toEqual([]);
  });

  it('imports only from lower layers', () => {
    const offenders = analysisImports.flatMap((ref) => {
      const problem = ref.target && layerProblem(ref.file, ref.target);
      return problem ? [`${where(ref)}: ${problem}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it('the layer check itself tells a violation from a legal import', () => {
    expect(layerProblem('src/analysis/spans/live-span.ts', 'src/analysis/control-flow/flow.ts')).toBeUndefined();
    expect(layerProblem('src/analysis/spans/spans.ts', 'src/analysis/spans/live-span.ts')).toBeUndefined();
    expect(layerProblem('src/analysis/otel/api.ts', 'src/analysis/frameworks/request-scope.ts')).toBe(
      'otel (rank 2) may import only from lower layers, and frameworks has rank 2',
    );
    expect(layerProblem('src/analysis/logs/loggers.ts', 'src/analysis/spans/trace-scope.ts')).toBe(
      'logs (rank 4) may import only from lower layers, and spans has rank 4',
    );
    expect(layerProblem('src/analysis/syntax/ast.ts', 'src/analysis/modules/origin.ts')).toBe(
      'syntax (rank 0) may import only from lower layers, and modules has rank 1',
    );
  });
});

describe('rules/', () => {
  const ruleModules = ruleFiles.filter((file) => file !== 'rules/index.ts');

  it('registers every rule file once in rules/index.ts', () => {
    expect(allRules.length).toBe(ruleModules.length);
    expect(new Set(allRules.map((rule) => rule.meta.id)).size).toBe(allRules.length);
  });

  for (const file of ruleModules) {
    const id = basename(file, '.ts');
    it(`${file}: meta.id is '${id}', and it is the rule the registry holds`, async () => {
      const rule = ((await import(join(repoRoot, file))) as { default: AnyRule }).default;
      expect(rule.meta.id).toBe(id);
      expect(allRules).toContain(rule);
    });
  }
});

describe('source file size', () => {
  const limit = 400;
  /** How far down the justification may sit: in the header comment. */
  const headerLines = 40;

  it(`no file in src/ is over ${limit} lines unless a comment near its top says why ("${limit} lines")`, () => {
    const offenders = srcFiles.flatMap((file) => {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      const lines = text.split('\n');
      const count = lines.length - (text.endsWith('\n') ? 1 : 0);
      if (count <= limit) return [];
      const justified = lines
        .slice(0, headerLines)
        .some((line) => /^\s*(\/\/|\/\*|\*)/.test(line) && line.includes(`${limit} lines`));
      return justified ? [] : [`${file}: ${count} lines`];
    });
    expect(offenders, `split these files, or say in their header comment why they stay over ${limit} lines`).toEqual(
      [],
    );
  });
});
