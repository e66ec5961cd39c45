/** Typed mode: programs per tsconfig, and the standard library with or without the `typescript` package on disk. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { createHost, groupByProject } from '../src/languages/typescript/typed-programs.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-typed-'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext' }, include: ['src'] }),
  );
  writeFileSync(join(dir, 'a.ts'), 'export const outside = 1;\n');
  return dir;
}

function promiseTypeWith(libFolder: string | undefined): string {
  const file = join(mkdtempSync(join(tmpdir(), 'obslint-lib-')), 'x.ts');
  writeFileSync(file, 'export const p = Promise.resolve(1);\n');
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, strict: true, noEmit: true };
  const program = ts.createProgram({ rootNames: [file], options, host: createHost(options, libFolder) });
  const declaration = (program.getSourceFile(file)!.statements[0] as ts.VariableStatement).declarationList
    .declarations[0]!;
  return program.getTypeChecker().typeToString(program.getTypeChecker().getTypeAtLocation(declaration.name));
}

describe('typed programs', () => {
  it('groups files by the tsconfig that includes them and leaves the rest to syntax mode', () => {
    const dir = project();
    writeFileSync(join(dir, 'in.ts'), '');
    const { groups, ungrouped } = groupByProject([join(dir, 'a.ts')], { cwd: dir });
    expect(groups).toEqual([]);
    expect(ungrouped).toEqual([join(dir, 'a.ts')]);
  });

  it('follows a solution-style tsconfig to the referenced project that includes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'obslint-solution-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ files: [], references: [{ path: './tsconfig.src.json' }] }),
    );
    writeFileSync(
      join(dir, 'tsconfig.src.json'),
      JSON.stringify({ compilerOptions: { composite: true, strict: true }, include: ['src'] }),
    );
    const { groups, ungrouped } = groupByProject([join(dir, 'src/a.ts')], { cwd: dir });
    expect(groups.map((group) => [group.tsconfig, group.files])).toEqual([
      [join(dir, 'tsconfig.src.json'), [join(dir, 'src/a.ts')]],
    ]);
    expect(ungrouped).toEqual([]);
  });

  it('resolves standard library types from the embedded lib files when no lib folder exists', () => {
    expect(promiseTypeWith(undefined)).toBe('Promise<number>');
  });

  it('resolves them from the pinned typescript package otherwise', () => {
    expect(promiseTypeWith(join(process.cwd(), 'node_modules/typescript/lib'))).toBe('Promise<number>');
  });
});
