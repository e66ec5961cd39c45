/**
 * Where a package's import names lead, read from its package.json the way bundlers and TypeScript read it:
 * `exports` (subpaths, `*` patterns, nested conditions), `imports` (`#internal/*`), and without `exports` the
 * `source`/`types`/`module`/`main` fields. A monorepo package often exports its build output (`./dist/index.js`);
 * when the repository holds the source, the build path is mapped back to it (`dist/esm/x.js` → `src/x.ts`), since
 * the source is what obslint reads. The answer is a list of candidate paths, best first, for the caller to find on
 * disk.
 */
import { resolve } from 'node:path';
import { isObject, type JsonObject } from './config-json.js';

/** Conditions for other runtimes: their targets are tried after the Node/default ones. */
const otherRuntimes = new Set(['browser', 'react-native', 'deno', 'worker', 'workerd', 'edge-light', 'bun']);
const buildOutput = /^(?:\.\/)?(?:dist|build|lib|out|esm|cjs|_esm|_cjs)\/(.*)$/;
const buildFlavour = /^(?:esm|cjs|commonjs|module|mjs|types|src|node|browser)\/(.*)$/;
const entryFields = ['source', 'types', 'typings', 'module', 'main'];

/** Candidate files for `subpath` ('.' or './logger') of the package in `dir`. */
export function packageEntryCandidates(dir: string, json: JsonObject, subpath: string): string[] {
  const exports = json.exports;
  if (exports !== undefined && exports !== null) {
    const targets = matchSubpathMap(exportsMap(exports), subpath);
    return targets ? sourceCandidates(dir, targets) : [];
  }
  if (subpath === '.') {
    const fields = entryFields.map((field) => json[field]).filter((v): v is string => typeof v === 'string');
    return [...sourceCandidates(dir, fields), resolve(dir, 'src/index'), resolve(dir, 'index')];
  }
  return sourceCandidates(dir, [subpath]);
}

/** Candidate files for a `#internal/x` specifier through the `imports` map of the package in `dir`. */
export function packageImportCandidates(dir: string, json: JsonObject, specifier: string): string[] {
  if (!isObject(json.imports)) return [];
  const targets = matchSubpathMap(json.imports, specifier);
  // A target naming another package (`"#dep": "some-package"`) is not a file of this one.
  return targets
    ? sourceCandidates(
        dir,
        targets.filter((t) => t.startsWith('./')),
      )
    : [];
}

/** `exports` as a subpath map: a bare string, array or conditions object is the `.` entry. */
function exportsMap(exports: unknown): Record<string, unknown> {
  if (isObject(exports) && Object.keys(exports).some((key) => key.startsWith('.'))) return exports;
  return { '.': exports };
}

/** The targets of the entry matching `subpath`: exact keys first, then the `*` pattern with the longest prefix. */
function matchSubpathMap(map: Record<string, unknown>, subpath: string): string[] | undefined {
  if (Object.hasOwn(map, subpath)) return leafTargets(map[subpath]);
  let best: { prefix: string; suffix: string; value: unknown } | undefined;
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < prefix.length + suffix.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix))
      continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, suffix, value };
  }
  if (!best) return undefined;
  const match = subpath.slice(best.prefix.length, subpath.length - best.suffix.length);
  return leafTargets(best.value).map((target) => target.split('*').join(match));
}

/** Every string target under nested conditions, in order; other runtimes' last, `null` (excluded) dropped. */
function leafTargets(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((item) => leafTargets(item, depth + 1));
  if (!isObject(value)) return [];
  const first: string[] = [];
  const last: string[] = [];
  for (const [condition, target] of Object.entries(value))
    (otherRuntimes.has(condition) ? last : first).push(...leafTargets(target, depth + 1));
  return [...first, ...last];
}

/**
 * Targets as files to look for: source targets as written first, then build-output targets mapped back to the
 * source (`./dist/src/index.js` → `./src/index.js`, `./dist/esm/logger.d.ts` → `./src/logger.ts`), then the build
 * paths as written.
 */
function sourceCandidates(dir: string, targets: string[]): string[] {
  const direct: string[] = [];
  const mapped: string[] = [];
  /** Build paths themselves, last: `lib/` is the source of many JavaScript packages. */
  const built: string[] = [];
  for (const target of targets) {
    if (target.includes('node_modules')) continue;
    const path = target.replace(/\.d\.([cm]?)ts$/, '.$1ts');
    const output = buildOutput.exec(path);
    if (!output) {
      direct.push(resolve(dir, path));
      continue;
    }
    const rest = output[1]!;
    mapped.push(resolve(dir, 'src', rest));
    const flavour = buildFlavour.exec(rest);
    if (flavour) mapped.push(resolve(dir, 'src', flavour[1]!));
    built.push(resolve(dir, path));
  }
  return [...new Set([...direct, ...mapped, ...built])];
}
