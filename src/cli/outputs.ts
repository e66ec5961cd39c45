/**
 * `--format` values: `name` (to stdout, or to `--output-file`) or `name:path` (to that file), repeatable, so one run
 * can print `pretty` and write `sarif:results.sarif`. Without `--format`, GitHub Actions (`GITHUB_ACTIONS=true`)
 * gets `github` annotations plus the job summary appended to `$GITHUB_STEP_SUMMARY`; anywhere else `pretty`.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../config/errors.js';
import { formatNames, formatResults, type FormatContext, type FormatName } from '../report/index.js';
import type { FileResult } from '../findings.js';
import { writeFileAtomically } from '../util/write-file-atomically.js';

export interface OutputSpec {
  format: FormatName;
  /** Where to write; stdout when absent. */
  path?: string;
  /** Append instead of replacing (the job summary file is shared by the whole step). */
  append?: boolean;
}

const terminalFormats: readonly FormatName[] = ['pretty', 'stylish'];

export function outputSpecs(
  formats: readonly string[] | undefined,
  outputFile: string | undefined,
  env: NodeJS.ProcessEnv,
): OutputSpec[] {
  if (!formats?.length) {
    if (env.GITHUB_ACTIONS === 'true') {
      return [
        { format: 'github', path: outputFile },
        ...(env.GITHUB_STEP_SUMMARY
          ? [{ format: 'markdown' as const, path: env.GITHUB_STEP_SUMMARY, append: true }]
          : []),
      ];
    }
    return [{ format: 'pretty', path: outputFile }];
  }
  const specs = formats.map((value): OutputSpec => {
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    const path = colon < 0 ? outputFile : value.slice(colon + 1);
    if (!formatNames.includes(name as FormatName))
      throw new UsageError(`unknown format '${name}'; choose one of: ${formatNames.join(', ')}`);
    if (colon >= 0 && !path) throw new UsageError(`--format ${value}: the file name after ':' is missing`);
    return { format: name as FormatName, path };
  });
  const targets = specs.flatMap((spec) => (spec.path === undefined ? [] : [spec.path]));
  const twice = targets.find((path, index) => targets.indexOf(path) !== index);
  if (twice !== undefined)
    throw new UsageError(`two formats would write to '${twice}': give each its own file with name:path`);
  return specs;
}

/** Renders every requested output; returns what goes to stdout (files are written here). */
export function writeOutputs(
  specs: readonly OutputSpec[],
  results: readonly FileResult[],
  context: Omit<FormatContext, 'color'>,
  options: { cwd: string; stdoutColor: boolean },
): string {
  let stdout = '';
  for (const spec of specs) {
    const output = formatResults(spec.format, results, {
      ...context,
      color: spec.path === undefined && options.stdoutColor && terminalFormats.includes(spec.format),
    });
    if (spec.path === undefined) {
      if (output) stdout += output.endsWith('\n') ? output : `${output}\n`;
      continue;
    }
    const target = resolve(options.cwd, spec.path);
    if (spec.append) appendOutput(target, output);
    else writeFileAtomically(target, output, options.cwd);
  }
  return stdout;
}

/** Appends to a report such as `$GITHUB_STEP_SUMMARY`; an unwritable path is a usage error, not an obslint bug. */
function appendOutput(target: string, output: string): void {
  try {
    mkdirSync(dirname(target), { recursive: true });
    appendFileSync(target, output);
  } catch (error) {
    throw new UsageError(
      `cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
