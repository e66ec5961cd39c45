/**
 * Facts shared by all files of one run: other local modules (parsed on demand, once) and the nearest
 * package.json's dependencies. Deterministic: nothing depends on the order files are analysed in.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { scriptKindFor, ts } from '../../compiler.js';
import { RunCounters } from '../../run-counters.js';
import { ModuleResolver } from './module-resolution.js';
import { handRunRootFiles } from './hand-run-files.js';

/** Enough for every module a service's files import from each other; the oldest are parsed again if needed. */
const maxCachedModules = 1000;

export interface PackageInfo {
  path: string;
  /** The package's `name`, when it has one. */
  name?: string;
  dependencies: Set<string>;
  /** `dependencies`, `peerDependencies` and `optionalDependencies`: what the package brings along when used. */
  runtimeDependencies: Set<string>;
  /** Source files the package runs as CLIs or one-off jobs: `bin` entries and seed/migration/codegen `scripts`. */
  scriptFiles: Set<string>;
}

export class ProjectFacts {
  /** Parsed local modules, least recently used first; bounded so that memory does not grow with the repository. */
  private readonly modules = new Map<string, ts.SourceFile | null>();
  private readonly packages = new Map<string, PackageInfo | null>();
  /** Run-wide tallies of what was examined (`spans.started`, …) for the job summary; see src/run-counters.ts. */
  readonly counters = new RunCounters();

  constructor(private readonly readText: (path: string) => string | undefined = defaultReadText) {
    this.resolver = new ModuleResolver(readText);
  }

  private readonly resolver: ModuleResolver;
  private readonly usesCache = new Map<string, string | undefined>();

  /**
   * The repository's source file an import names: relative paths, tsconfig aliases, `#imports` and workspace
   * packages (see module-resolution.ts); undefined for packages from outside the repository.
   */
  resolveLocalModule(fromFile: string, specifier: string): string | undefined {
    return this.resolver.resolve(fromFile, specifier);
  }

  /** Is `specifier` code of this repository, to be followed like a relative import? */
  isLocalModule(fromFile: string, specifier: string): boolean {
    return specifier.startsWith('.') || this.resolveLocalModule(fromFile, specifier) !== undefined;
  }

  /** A module's text without parsing it (to decide cheaply whether it is worth parsing). */
  text(path: string): string | undefined {
    return this.modules.get(path)?.text ?? this.readText(path);
  }

  /** A parsed local module (parents set), or undefined when it cannot be read or is too large. */
  sourceFile(path: string): ts.SourceFile | undefined {
    if (this.modules.has(path)) {
      const cached = this.modules.get(path)!;
      this.modules.delete(path);
      this.modules.set(path, cached);
      return cached ?? undefined;
    }
    if (this.modules.size >= maxCachedModules) this.modules.delete(this.modules.keys().next().value!);
    const text = this.readText(path);
    const sourceFile =
      text === undefined ? null : ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
    this.modules.set(path, sourceFile);
    return sourceFile ?? undefined;
  }

  packageFor(file: string): PackageInfo | undefined {
    let dir = dirname(file);
    const visited: string[] = [];
    let found: PackageInfo | null = null;
    for (;;) {
      if (this.packages.has(dir)) {
        found = this.packages.get(dir)!;
        break;
      }
      visited.push(dir);
      const path = join(dir, 'package.json');
      if (existsSync(path)) {
        found = readPackage(path);
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const seen of visited) this.packages.set(seen, found);
    return found ?? undefined;
  }

  /** Does the file's package.json list the package (any kind of dependency)? */
  dependsOn(file: string, name: string | RegExp): boolean {
    const info = this.packageFor(file);
    return !!info && listedPackage(info.dependencies, name) !== undefined;
  }

  /**
   * Does the file's package use the package, itself or through the workspace packages it depends on (their runtime
   * dependencies, a few levels deep)? A service depending on `@internal/tracing`, which depends on
   * `@opentelemetry/api`, uses OpenTelemetry. For "is this library in use" gates, not for "is this framework here".
   */
  usesPackage(file: string, name: string | RegExp): boolean {
    return this.usedPackage(file, name) !== undefined;
  }

  /** The name of the package `usesPackage` finds (the first match, direct dependencies first), or undefined. */
  usedPackage(file: string, name: string | RegExp): string | undefined {
    const info = this.packageFor(file);
    if (!info) return undefined;
    const key = `${info.path}\0${String(name)}`;
    if (!this.usesCache.has(key))
      this.usesCache.set(
        key,
        listedPackage(info.dependencies, name) ??
          this.workspaceClosure(info)
            .map((used) => listedPackage(used.runtimeDependencies, name))
            .find((found) => found !== undefined),
      );
    return this.usesCache.get(key);
  }

  /**
   * The workspace packages the file's package depends on, and theirs in turn (runtime dependencies, a few levels
   * deep), nearest first: where a shared package brings the instrumentation or bridge a service runs with.
   */
  workspacePackagesUsed(file: string): PackageInfo[] {
    const info = this.packageFor(file);
    return info ? this.workspaceClosure(info) : [];
  }

  private workspaceClosure(info: PackageInfo): PackageInfo[] {
    const found: PackageInfo[] = [];
    const seen = new Set([info.path]);
    let level = [info];
    for (let depth = 0; depth < maxWorkspaceDepth && level.length > 0; depth++) {
      const next: PackageInfo[] = [];
      for (const current of level) {
        const direct = depth === 0 ? current.dependencies : current.runtimeDependencies;
        for (const dependency of [...direct].sort()) {
          const workspace = this.resolver.workspaces.packageNamed(current.path, dependency);
          const used = workspace && this.packageFor(join(workspace.dir, 'package.json'));
          if (!used || seen.has(used.path)) continue;
          seen.add(used.path);
          next.push(used);
        }
      }
      found.push(...next);
      level = next;
    }
    return found;
  }
}

/** How many workspace packages deep `usesPackage` looks. */
const maxWorkspaceDepth = 3;

function listedPackage(dependencies: Set<string>, name: string | RegExp): string | undefined {
  if (typeof name === 'string') return dependencies.has(name) ? name : undefined;
  for (const dependency of dependencies) if (name.test(dependency)) return dependency;
  return undefined;
}

/** `scripts` entries that run one-off work (not the service itself: `start`, `dev` and `serve` are left alone). */
const oneOffScript = /seed|migrat|codegen|generate|populate|backfill|setup|bootstrap|script|cli|tool/i;
const scriptFileArgument = /(?:^|\s)(\.{0,2}\/?[\w@./-]+\.[cm]?[jt]sx?)(?=\s|$)/g;

function scriptFilesOf(dir: string, json: Record<string, unknown>): Set<string> {
  const files = new Set<string>();
  const bin = json.bin;
  const binPaths =
    typeof bin === 'string'
      ? [bin]
      : bin && typeof bin === 'object'
        ? Object.values(bin as Record<string, unknown>)
        : [];
  for (const entry of binPaths) {
    if (typeof entry !== 'string') continue;
    files.add(resolve(dir, entry));
    // A built entry point (`dist/cli.js`) is written as `src/cli.ts`.
    const source = entry.replace(/^(\.\/)?(dist|build|lib|out)\//, 'src/');
    if (source !== entry)
      for (const ext of ['.ts', '.tsx', '.mts', '.js']) files.add(resolve(dir, source.replace(/\.[cm]?js$/, ext)));
  }
  const scripts = json.scripts && typeof json.scripts === 'object' ? (json.scripts as Record<string, unknown>) : {};
  for (const [name, command] of Object.entries(scripts)) {
    if (typeof command !== 'string' || !oneOffScript.test(name)) continue;
    for (const match of command.matchAll(scriptFileArgument)) files.add(resolve(dir, match[1]!));
  }
  for (const file of handRunRootFiles(dir, scripts)) files.add(file);
  return files;
}

function readPackage(path: string): PackageInfo | null {
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const dependencies = new Set<string>();
    const runtimeDependencies = new Set<string>();
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const listed = json[field] && typeof json[field] === 'object' ? Object.keys(json[field] as object) : [];
      for (const name of listed) {
        dependencies.add(name);
        if (field !== 'devDependencies') runtimeDependencies.add(name);
      }
    }
    const name = typeof json.name === 'string' ? json.name : undefined;
    return { path, name, dependencies, runtimeDependencies, scriptFiles: scriptFilesOf(dirname(path), json) };
  } catch {
    return null;
  }
}

function defaultReadText(path: string): string | undefined {
  try {
    if (statSync(path).size > 1024 * 1024) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
