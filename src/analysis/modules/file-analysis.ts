/**
 * Everything rules may ask about one file: the module view (syntax tree + checker), project facts, and the per-file
 * settings. Rules receive it as `context.file`. Analyses that need a per-file fact more than once cache it themselves
 * (weak maps keyed by the source file or the view).
 */
import type { ts } from '../../compiler.js';
import type { ModuleView } from './module-view.js';
import type { ProjectFacts } from './project.js';

export class FileAnalysis implements ModuleView {
  constructor(
    readonly path: string,
    readonly sourceFile: ts.SourceFile,
    readonly checker: ts.TypeChecker,
    /** True when the checker comes from the project's tsconfig (real types); false in syntax mode. */
    readonly typed: boolean,
    readonly project: ProjectFacts,
    /** `settings` from the obslint configuration that applies to this file. */
    readonly settings: Readonly<Record<string, unknown>> = {},
  ) {}
}
