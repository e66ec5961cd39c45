/**
 * Template placeholders inside PromQL (Sloth's `{{.window}}`): substituted with a real duration before parsing,
 * the way Sloth itself renders queries for validation, keeping a map back to the file.
 */
import { substitute, type MappedText } from './mapped-text.js';

const windowPlaceholder = /\{\{\s*\.window\s*\}\}/g;
const anyAction = /\{\{[\s\S]*?\}\}/;

/** Sloth validates with a 1m window; 5m reads better in messages and parses the same. */
export const windowSubstitute = '5m';

export interface RenderedQuery {
  query: MappedText;
  /** How many `{{.window}}` placeholders were replaced. */
  windowPlaceholders: number;
  /** True when other `{{ … }}` actions remain: the query cannot be judged as PromQL. */
  hasOtherTemplates: boolean;
}

export function renderWindowTemplates(source: MappedText): RenderedQuery {
  const replacements: { from: number; to: number; text: string }[] = [];
  for (const match of source.text.matchAll(windowPlaceholder)) {
    replacements.push({ from: match.index!, to: match.index! + match[0].length, text: windowSubstitute });
  }
  const query = replacements.length > 0 ? substitute(source, replacements) : source;
  return {
    query,
    windowPlaceholders: replacements.length,
    hasOtherTemplates: anyAction.test(query.text) || query.text.includes('{{'),
  };
}

/**
 * slo-generator's Prometheus backend replaces each `[window` with `[<step window in seconds>s` (and appends a range
 * when there is none). 1h stands for the step windows, as 5m does for Sloth's.
 */
export const sloGeneratorWindowSubstitute = '1h';
const sloGeneratorWindow = /\[window/g;
/** `${VAR}`: slo-generator fills these from the environment before parsing the YAML, so their value is unknown here. */
const environmentVariable = /\$\{\w+\}/;

export function renderSloGeneratorWindow(source: MappedText): RenderedQuery {
  const replacements: { from: number; to: number; text: string }[] = [];
  for (const match of source.text.matchAll(sloGeneratorWindow)) {
    replacements.push({
      from: match.index! + 1,
      to: match.index! + match[0].length,
      text: sloGeneratorWindowSubstitute,
    });
  }
  const query = replacements.length > 0 ? substitute(source, replacements) : source;
  return {
    query,
    windowPlaceholders: replacements.length,
    hasOtherTemplates: environmentVariable.test(query.text) || anyAction.test(query.text) || query.text.includes('{{'),
  };
}
