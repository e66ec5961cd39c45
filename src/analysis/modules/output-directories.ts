/**
 * Is a folder build output or source? A folder's name alone does not say: `packages/build/` is a package and
 * `src/build/` holds the bundler's source, while `dist/` next to `src/*.ts` is what tsc wrote. Discovery (which
 * files to lint) and package-wide facts (`listSources`) ask this same question, so they agree on what is code.
 *
 * Evidence, strongest first: a folder named by a tsconfig `outDir` / `declarationDir` is output (unless TypeScript
 * sources live in it); a folder with its own package.json or with TypeScript sources is source; folders that only
 * tools write (`coverage`, `.next`, `.turbo`) are output; JavaScript with source maps, or JavaScript alone next to
 * TypeScript sources, is compiled output; otherwise `dist/` and `out/` are output by convention and `build/` and
 * `lib/` are source. Git-ignored folders are the caller's business (discovery reads .gitignore files).
 */
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ts } from '../../compiler.js';

/** Written only by tools: never source. */
const toolOutputNames = new Set(['coverage', '.next', '.turbo']);
/** Output by convention unless the folder shows it is source. */
const conventionalOutputNames = new Set(['dist', 'out']);
/** Source by convention unless the folder shows it is output. */
const ambiguousNames = new Set(['build', 'lib']);

const typescriptSource = /\.(?:tsx?|mts|cts)$/;
const declaration = /\.d\.[mc]?ts$/;
const javascript = /\.(?:jsx?|mjs|cjs)$/;
const sourceMap = /\.map$/;
/** Folder entries read when judging a folder: enough to see what it holds, bounded for huge output trees. */
const maxEntries = 2000;

/** Could a folder of this name be build output? Only such folders are judged (other names are always entered). */
export function mayBeOutputDirectory(name: string): boolean {
  return toolOutputNames.has(name) || conventionalOutputNames.has(name) || ambiguousNames.has(name);
}

interface Contents {
  typescript: number;
  javascript: number;
  maps: number;
}

function contentsOf(dir: string): Contents {
  const contents: Contents = { typescript: 0, javascript: 0, maps: 0 };
  let seen = 0;
  const pending = [dir];
  while (pending.length > 0 && seen < maxEntries) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > maxEntries) break;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) pending.push(join(current, entry.name));
      } else if (sourceMap.test(entry.name)) contents.maps++;
      else if (typescriptSource.test(entry.name) && !declaration.test(entry.name)) contents.typescript++;
      else if (javascript.test(entry.name)) contents.javascript++;
    }
  }
  return contents;
}

/** Does the folder holding `dir` have TypeScript sources of its own (beside it, or in a sibling `src/`)? */
function besideTypescriptSources(dir: string): boolean {
  const parent = dirname(dir);
  const names = (path: string) => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  };
  const isSource = (name: string) => typescriptSource.test(name) && !declaration.test(name);
  return names(parent).some(isSource) || (basename(dir) !== 'src' && names(join(parent, 'src')).some(isSource));
}

/**
 * Why the folder `dir` is build output, or undefined when it is source (or its name never marks output).
 * `outDirs` are the folders tsconfigs above it name as output (see `tsconfigOutDirs`).
 */
export function outputDirectoryReason(dir: string, outDirs: ReadonlySet<string> = new Set()): string | undefined {
  const name = basename(dir);
  const named = outDirs.has(dir);
  if (!named && !mayBeOutputDirectory(name)) return undefined;
  if (existsSync(join(dir, 'package.json'))) return undefined;
  const contents = contentsOf(dir);
  if (contents.typescript > 0) return undefined;
  if (named) return 'build output (a tsconfig outDir)';
  if (toolOutputNames.has(name)) return `build output (${name}/ is written by tools)`;
  if (contents.javascript > 0 && contents.maps > 0) return 'build output (compiled JavaScript with source maps)';
  if (contents.javascript > 0 && besideTypescriptSources(dir))
    return 'build output (JavaScript only, beside TypeScript sources)';
  if (conventionalOutputNames.has(name)) return `build output (${name}/ without sources or a package.json)`;
  return undefined;
}

/** The folders the tsconfig files in `dir` write to (`outDir`, `declarationDir`), as absolute paths. */
export function tsconfigOutDirs(dir: string, fileNames: readonly string[]): string[] {
  const outDirs: string[] = [];
  for (const name of fileNames) {
    if (!/^[tj]sconfig(?:\.[\w.-]+)?\.json$/.test(name)) continue;
    let options: Record<string, unknown> | undefined;
    try {
      const parsed = ts.parseConfigFileTextToJson(name, readFileSync(join(dir, name), 'utf8'));
      options = (parsed.config as { compilerOptions?: Record<string, unknown> } | undefined)?.compilerOptions;
    } catch {
      continue; // an unreadable tsconfig names no output
    }
    for (const key of ['outDir', 'declarationDir']) {
      const value = options?.[key];
      if (typeof value === 'string' && value.trim() && !value.includes('$')) {
        const absolute = resolve(dir, value);
        if (absolute !== dir) outDirs.push(absolute);
      }
    }
  }
  return outDirs;
}
