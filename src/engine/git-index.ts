/**
 * The files git tracks, read from the repository's index (`.git/index`) without running git. Ignore patterns do not
 * apply to tracked files: a root `.gitignore` line `logs` leaves a committed `src/logs/` folder in the repository,
 * and discovery must lint it. Index versions 2–4 are read (4 compresses paths against the previous entry); anything
 * else (a split index, an unknown version, SHA-256 object names not declared) yields nothing, and discovery
 * falls back to the ignore files alone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TrackedPaths {
  /** Tracked files, repository-relative with `/`. */
  files: ReadonlySet<string>;
  /** Every folder that holds a tracked file, at any depth (`src`, `src/logs`). */
  folders: ReadonlySet<string>;
}

/** The git directory of a work tree: `.git`, or the folder a `.git` file (`gitdir: …`) points to. */
function gitDirOf(root: string): string | undefined {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer ? resolve(root, pointer[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** SHA-1 names are 20 bytes; a repository created with `--object-format=sha256` says so in its config. */
function hashLength(gitDir: string): number {
  const configs = [join(gitDir, 'config'), join(gitDir, 'commondir')];
  try {
    const common = existsSync(configs[1]!) ? resolve(gitDir, readFileSync(configs[1]!, 'utf8').trim()) : gitDir;
    return /objectformat\s*=\s*sha256/i.test(readFileSync(join(common, 'config'), 'utf8')) ? 32 : 20;
  } catch {
    return 20;
  }
}

function parseIndex(buffer: Buffer, hashBytes: number): string[] | undefined {
  if (buffer.length < 12 || buffer.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = buffer.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = buffer.readUInt32BE(8);
  const paths: string[] = [];
  let offset = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = offset;
    offset += 40 + hashBytes; // ctime, mtime, dev, ino, mode, uid, gid, size, object name
    if (offset + 2 > buffer.length) return undefined;
    const flags = buffer.readUInt16BE(offset);
    offset += 2;
    if (version >= 3 && flags & 0x4000) offset += 2; // extended flags
    let path: Buffer;
    if (version === 4) {
      // The number of bytes to drop from the previous path, as git's offset varint.
      let byte = buffer[offset++]!;
      let drop = byte & 0x7f;
      while (byte & 0x80) {
        byte = buffer[offset++]!;
        drop = ((drop + 1) << 7) | (byte & 0x7f);
      }
      const end = buffer.indexOf(0, offset);
      if (end === -1 || drop > previous.length) return undefined;
      path = Buffer.concat([previous.subarray(0, previous.length - drop), buffer.subarray(offset, end)]);
      offset = end + 1;
    } else {
      const end = buffer.indexOf(0, offset);
      if (end === -1) return undefined;
      path = buffer.subarray(offset, end);
      offset = start + ((end - start + 8) & ~7); // NUL padding to a multiple of 8 bytes
    }
    previous = path;
    paths.push(path.toString('utf8'));
  }
  return paths;
}

const cache = new Map<string, { mtimeMs: number; tracked: TrackedPaths | undefined }>();

/** What git tracks in the repository at `root`, or undefined when there is no readable index. */
export function trackedPaths(root: string): TrackedPaths | undefined {
  const gitDir = gitDirOf(root);
  if (!gitDir) return undefined;
  const indexFile = join(gitDir, 'index');
  let mtimeMs: number;
  try {
    mtimeMs = statSync(indexFile).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = cache.get(indexFile);
  if (cached?.mtimeMs === mtimeMs) return cached.tracked;
  let tracked: TrackedPaths | undefined;
  try {
    const paths = parseIndex(readFileSync(indexFile), hashLength(gitDir));
    if (paths) {
      const folders = new Set<string>();
      for (const path of paths)
        for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1))
          folders.add(path.slice(0, slash));
      tracked = { files: new Set(paths), folders };
    }
  } catch {
    tracked = undefined;
  }
  cache.set(indexFile, { mtimeMs, tracked });
  return tracked;
}
