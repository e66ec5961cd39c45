/**
 * Typed mode: the code files a tsconfig covers, linted one program at a time (memory stays at one program).
 * Returns the files no program took; they go on in syntax mode.
 */
import type { ts } from '../../compiler.js';
import { firstSyntaxError } from '../../languages/typescript/parse.js';
import { groupByProject } from '../../languages/typescript/typed-programs.js';
import { isStackOverflow } from '../../languages/typescript/run-code-rules.js';
import type { RunState } from '../run-state.js';
import { lintCodeFile } from './lint-code-file.js';

export function lintTypedGroups(run: RunState, paths: string[]): string[] {
  const { groups, ungrouped } = groupByProject(paths, { project: run.options.project, cwd: run.cwd });
  for (const group of groups) {
    let program: ts.Program;
    let checker: ts.TypeChecker;
    try {
      program = group.createProgram();
      checker = program.getTypeChecker();
    } catch (error) {
      // A file nested deeply enough to exhaust the binder: syntax mode isolates it from the group's other files.
      if (!isStackOverflow(error)) throw error;
      ungrouped.push(...group.files);
      continue;
    }
    for (const path of group.files) {
      const sourceFile = program.getSourceFile(path);
      if (!sourceFile) {
        ungrouped.push(path);
        continue;
      }
      lintCodeFile(run, run.file(path)!, {
        sourceFile,
        checker,
        typed: true,
        syntaxError: firstSyntaxError(program, sourceFile),
      });
      run.fileDone();
    }
  }
  return ungrouped;
}
