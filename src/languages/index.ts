/**
 * The languages obslint lints code in. Each has a front end under `src/languages/<id>/` (parsing, the traversal
 * that runs detectors, inline directives) and rules carry one detector per language they support.
 */
import type { CodeLanguage } from '../rule.js';
import { typescriptLanguage } from './typescript/language.js';

export interface LanguageDescription {
  id: CodeLanguage;
  /** File name endings that belong to the language. */
  extensions: readonly string[];
}

export const languages: readonly LanguageDescription[] = [typescriptLanguage];

/** Every file ending some language claims, for discovery and its error messages. */
export const codeExtensions: readonly string[] = languages.flatMap((language) => language.extensions);

/** The language a code file is written in, from its name. */
export function languageOf(path: string): CodeLanguage | undefined {
  return languages.find((language) => language.extensions.some((ext) => path.endsWith(ext)))?.id;
}
