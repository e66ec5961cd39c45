/**
 * `--debug-files`: every file the run linted with its role (service, test, example, …, config for YAML), then every
 * file or folder it did not lint and why — so "why was this not checked?" has an answer without reading the code.
 */
import { relative, sep } from 'node:path';
import type { LintRun } from '../engine/lint.js';

function shown(file: string, cwd: string): string {
  const path = relative(cwd, file).split(sep).join('/');
  return path === '' ? '.' : path;
}

export function debugFilesListing(run: Pick<LintRun, 'linted' | 'skipped'>, cwd: string): string {
  const lines = [`Linted (${run.linted.length}):`];
  const width = Math.max(0, ...run.linted.map((file) => (file.role ?? 'code').length));
  for (const file of run.linted) lines.push(`  ${(file.role ?? 'code').padEnd(width)}  ${shown(file.file, cwd)}`);
  lines.push(`Not linted (${run.skipped.length}; node_modules and .git folders are never entered):`);
  for (const skip of run.skipped) lines.push(`  ${shown(skip.file, cwd)}${skip.directory ? '/' : ''}  ${skip.reason}`);
  return `${lines.join('\n')}\n`;
}
