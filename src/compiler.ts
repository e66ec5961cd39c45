/**
 * The one door to the TypeScript compiler API.
 *
 * obslint brings its own TypeScript 6.0 (the copy bundled by ts-morph 28) and never loads the linted project's
 * compiler: real projects pin TypeScript 7, which has no JS API, and SyntaxKind numbers differ between versions.
 * Every other module imports `ts` from here so that exactly one TypeScript is in memory.
 */
import { ts } from 'ts-morph';
import { getLibFiles } from '@ts-morph/common';

export { ts };

/** `major.minor` of the bundled compiler, compared against parser services' TypeScript in the ESLint adapter. */
export const compilerVersion: string = ts.versionMajorMinor;

/**
 * The standard library declaration files (`lib.*.d.ts`) embedded in ts-morph's TypeScript, for when the pinned
 * `typescript` package's `lib/` folder is not on disk (the bundled GitHub Action ships without node_modules).
 */
export function embeddedLibFiles(): ReadonlyMap<string, string> {
  return new Map(getLibFiles().map(({ fileName, text }) => [fileName, text]));
}

/** How the compiler should read a file, from its extension (JSX and JavaScript parse differently from TypeScript). */
export function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
