/**
 * What every reporter says about the files and folders discovery did not lint. Paths excluded on purpose (by an
 * ignore file, the configuration's `ignores`, vendored dependencies) are routine and counted; everything else —
 * build output judged by its contents, files too large, binary, minified or out of the tree — is named, because it
 * is obslint's decision and a reader must be able to check it.
 */
import type { SkippedPath } from '../findings.js';
import type { FormatContext } from './format-context.js';
import { repositoryPath } from './locations.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A path the user (or the repository) excluded: counted, not listed one by one. */
export function isRoutineSkip(skip: SkippedPath): boolean {
  return /^(ignored by |vendored dependencies)/.test(skip.reason);
}

/** `packages/x/dist/` for a folder, `src/big.ts` for a file; relative to the working directory (or absolute). */
export function skippedPath(skip: SkippedPath, context: Pick<FormatContext, 'cwd'>): string {
  const path = repositoryPath(skip.file, { cwd: context.cwd });
  return skip.directory ? `${path}/` : path;
}

/** "3 files and 12 folders were not linted (10 ignored: ignore files, `ignores`, vendored code); --debug-files
 * lists them and why", or '' when nothing was skipped. */
export function skippedCountText(skipped: readonly SkippedPath[]): string {
  if (skipped.length === 0) return '';
  const folders = skipped.filter((skip) => skip.directory).length;
  const files = skipped.length - folders;
  const routine = skipped.filter(isRoutineSkip).length;
  const what = [files ? plural(files, 'file') : '', folders ? plural(folders, 'folder') : ''].filter(Boolean);
  const verb = skipped.length === 1 ? 'was' : 'were';
  const onPurpose = routine ? ` (${routine} ignored: ignore files, \`ignores\`, vendored code)` : '';
  return `${what.join(' and ')} ${verb} not linted${onPurpose}; --debug-files lists them and why`;
}
