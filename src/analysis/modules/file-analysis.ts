/**
 * Everything rules may ask about one file, computed lazily and once: the module view (syntax tree + checker),
 * project facts, and the per-file settings. Rules receive it as `context.file`.
 */
import type { ts } from '../../compiler.js';
import type { ModuleView } from './module-view.js';
import type { ProjectFacts } from './project.js';

export class FileAnalysis implements ModuleView {
  private readonly memo = new Map<string, unknown>();

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

  /** Computes a per-file fact once, whichever rule asks first. */
  memoise<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }
}
