/**
 * Typed mode: files are grouped by their nearest tsconfig.json (or `--project`); one `ts.Program` is built per
 * group, used, and dropped before the next, so memory is bounded by the largest project, not the repository.
 * A tsconfig that does not include any of the files is never built.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { embeddedLibFiles, ts } from '../../compiler.js';
import { UsageError } from '../../config/errors.js';

/**
 * The bundled compiler ships without its `lib.*.d.ts` files; the pinned `typescript` 6.0 package (a dependency for
 * exactly this reason) provides them, so that `Promise`, `Array` and friends have their real types in typed mode.
 */
const libDirectory = (() => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'lib');
  } catch {
    return undefined;
  }
})();

const embeddedLibDirectory = '/__obslint_lib__';

/** A compiler host whose standard library comes from `libFolder`, or from the embedded copies without one. */
export function createHost(options: ts.CompilerOptions, libFolder: string | undefined = libDirectory): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  if (libFolder) {
    host.getDefaultLibLocation = () => libFolder;
    host.getDefaultLibFileName = (compilerOptions) => join(libFolder, ts.getDefaultLibFileName(compilerOptions));
    return host;
  }
  // No lib/ folder on disk: serve the embedded copies from a virtual folder.
  const libs = embeddedLibFiles();
  const virtual = (fileName: string) =>
    fileName.startsWith(`${embeddedLibDirectory}/`)
      ? libs.get(fileName.slice(embeddedLibDirectory.length + 1))
      : undefined;
  const { getSourceFile, fileExists, readFile } = host;
  host.getDefaultLibLocation = () => embeddedLibDirectory;
  host.getDefaultLibFileName = (compilerOptions) =>
    `${embeddedLibDirectory}/${ts.getDefaultLibFileName(compilerOptions)}`;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = virtual(fileName);
    return text === undefined
      ? getSourceFile.call(host, fileName, languageVersion, ...rest)
      : ts.createSourceFile(fileName, text, languageVersion);
  };
  host.fileExists = (fileName) => virtual(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual(fileName) ?? readFile.call(host, fileName);
  return host;
}

export interface ProgramGroup {
  tsconfig: string;
  files: string[];
  createProgram(): ts.Program;
}

function parseTsconfig(path: string): ts.ParsedCommandLine | undefined {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => undefined,
  };
  try {
    return ts.getParsedCommandLineOfConfigFile(path, { noEmit: true }, host);
  } catch {
    return undefined;
  }
}

export function groupByProject(
  files: readonly string[],
  options: { project?: string; cwd: string },
): { groups: ProgramGroup[]; ungrouped: string[] } {
  const nearest = new Map<string, string | null>();
  const findTsconfig = (dir: string): string | null => {
    if (nearest.has(dir)) return nearest.get(dir)!;
    const candidate = join(dir, 'tsconfig.json');
    const parent = dirname(dir);
    const found = existsSync(candidate) ? candidate : parent === dir ? null : findTsconfig(parent);
    nearest.set(dir, found);
    return found;
  };

  const byConfig = new Map<string, string[]>();
  if (options.project) {
    const project = resolve(options.cwd, options.project);
    if (!existsSync(project)) throw new UsageError(`--project: no such tsconfig: '${options.project}'`);
    byConfig.set(project, [...files]);
  } else {
    for (const file of files) {
      const tsconfig = findTsconfig(dirname(file));
      if (!tsconfig) continue;
      const list = byConfig.get(tsconfig) ?? [];
      list.push(file);
      byConfig.set(tsconfig, list);
    }
  }

  const grouped = new Set<string>();
  const groups: ProgramGroup[] = [];
  // Solution-style tsconfigs (`files: []` with `references`) include nothing themselves: the files they leave out
  // are offered to their referenced projects, depth first, each project parsed once.
  const visited = new Set<string>();
  const queue = [...byConfig].sort(([a], [b]) => (a < b ? -1 : 1));
  while (queue.length > 0) {
    const [tsconfig, candidates] = queue.shift()!;
    if (visited.has(tsconfig)) continue;
    visited.add(tsconfig);
    const parsed = parseTsconfig(tsconfig);
    if (!parsed) {
      if (options.project && tsconfig === resolve(options.cwd, options.project))
        throw new UsageError(`--project: cannot read tsconfig '${options.project}'`);
      continue;
    }
    const included = new Set(parsed.fileNames.map((name) => resolve(name)));
    const members = candidates.filter((file) => included.has(file) && !grouped.has(file));
    const leftovers = candidates.filter((file) => !included.has(file) && !grouped.has(file));
    if (leftovers.length > 0) {
      const references = (parsed.projectReferences ?? []).map((reference) => ts.resolveProjectReferencePath(reference));
      queue.unshift(...references.map((reference): [string, string[]] => [reference, leftovers]));
    }
    if (members.length === 0) continue;
    for (const member of members) grouped.add(member);
    groups.push({
      tsconfig,
      files: members,
      createProgram: () => {
        const programOptions = { ...parsed.options, noEmit: true, allowJs: parsed.options.allowJs ?? true };
        return ts.createProgram({
          rootNames: parsed.fileNames,
          options: programOptions,
          projectReferences: parsed.projectReferences,
          host: createHost(programOptions),
        });
      },
    });
  }
  return { groups, ungrouped: files.filter((file) => !grouped.has(file)) };
}
