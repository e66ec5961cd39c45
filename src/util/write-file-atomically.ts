import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';

/** Writes a file through a temporary sibling and a rename, so readers never see half a report (folders created). */
export function writeFileAtomically(path: string, content: string, cwd = process.cwd()): void {
  const target = resolve(cwd, path);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written there
    }
    // Not an obslint bug: a path the user gave cannot be written (exit 2 with one clear line).
    throw new UsageError(
      `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
