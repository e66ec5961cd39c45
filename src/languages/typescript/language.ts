/**
 * The TypeScript/JavaScript front end as the engine sees it: which files are its, and how a rule's detector for it
 * is found. Parsing (parse.ts, typed-programs.ts), the single traversal (run-code-rules.ts) and inline directives
 * (code-directives.ts) live beside this file.
 */
import type { CodeLanguage } from '../../rule.js';

export const typescriptLanguage = {
  id: 'typescript' satisfies CodeLanguage,
  extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
} as const;
