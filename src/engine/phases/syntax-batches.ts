/**
 * Syntax mode: code files parsed and bound in batches that share one checker (no lib, no module resolution, nothing
 * to install). A batch that cannot be built is retried file by file, so one pathological file costs only itself.
 */
import { parseSyntaxBatch } from '../../languages/typescript/parse.js';
import { isStackOverflow, tooDeeplyNested } from '../../languages/typescript/run-code-rules.js';
import type { RunState } from '../run-state.js';
import { lintCodeFile } from './lint-code-file.js';

/** Files per syntax-mode program: large enough to share the checker's set-up cost, small enough to bound memory. */
const syntaxBatchSize = 128;

export function lintSyntaxBatches(run: RunState, paths: readonly string[]): void {
  for (let i = 0; i < paths.length; i += syntaxBatchSize) {
    const batch = paths.slice(i, i + syntaxBatchSize).map((path) => run.file(path)!);
    let parsedBatch: ReturnType<typeof parseSyntaxBatch> | undefined;
    try {
      parsedBatch = parseSyntaxBatch(batch);
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
    }
    for (const [index, file] of batch.entries()) {
      let parsed = parsedBatch?.[index];
      try {
        parsed ??= parseSyntaxBatch([file])[0]!;
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        run.stateOf(file.path).raw.push(tooDeeplyNested('the TypeScript parser ran out of stack'));
        run.fileDone();
        continue;
      }
      lintCodeFile(run, file, {
        sourceFile: parsed.sourceFile,
        checker: parsed.checker,
        typed: false,
        syntaxError: parsed.syntaxError,
      });
      run.fileDone();
    }
  }
}
