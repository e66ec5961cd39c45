/** Paths as CI systems want them: POSIX, relative to the repository root (or the working directory). */
import { isAbsolute, relative, sep } from 'node:path';
import type { FormatContext } from './format-context.js';

/** `src/a.ts` for a file inside the repository; the absolute path (POSIX separators) for a file outside it. */
export function repositoryPath(file: string, context: Pick<FormatContext, 'cwd' | 'repositoryRoot'>): string {
  const root = context.repositoryRoot ?? context.cwd;
  const path = relative(root, file);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return file.split(sep).join('/');
  return path.split(sep).join('/');
}
