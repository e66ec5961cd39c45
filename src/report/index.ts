/** The output formats, by name. Each format is a pure function of the results. */
import type { FileResult } from '../findings.js';
import type { FormatContext } from './format-context.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatPretty } from './pretty.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type { FormatContext, GateNote } from './format-context.js';

const formatters = {
  pretty: formatPretty,
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  junit: formatJunit,
  markdown: formatMarkdown,
} satisfies Record<string, (results: readonly FileResult[], context: FormatContext) => string>;

export type FormatName = keyof typeof formatters;
export const formatNames = Object.keys(formatters) as FormatName[];

export function formatResults(name: FormatName, results: readonly FileResult[], context: FormatContext): string {
  return formatters[name](results, context);
}
