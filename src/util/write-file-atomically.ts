import { renameSync, writeFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/** Writes a file through a temporary sibling and a rename, so readers never see half a report. */
export function writeFileAtomically(path: string, content: string, cwd = process.cwd()): void {
  const target = resolve(cwd, path);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
