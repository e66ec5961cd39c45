/**
 * Config files (Prometheus rules, SLO specs): parsed together, because config rules look across files (references,
 * duplicates) and compare queries with the metrics the code of the same run defines.
 */
import type { ConfigReport, ConfigRule } from '../../rule.js';
import type { Severity } from '../../findings.js';
import { loadConfigProject, directiveComments } from '../../config-files/index.js';
import type { ConfigProject } from '../../config-files/model.js';
import { engineCounters } from '../../run-counters.js';
import type { DiscoveredFile } from '../discover.js';
import { parseDirective } from '../directives.js';
import type { RunState } from '../run-state.js';

interface Flags {
  fatal?: boolean;
  internal?: boolean;
}

function record(
  run: RunState,
  report: ConfigReport,
  ruleId: string | null,
  severity: Severity,
  flags: Flags = {},
): void {
  if (!run.file(report.file)) return;
  run.stateOf(report.file).raw.push({
    ruleId,
    severity,
    start: report.range.start,
    end: report.range.end,
    message: report.message,
    help: report.help,
    related: report.related?.map((related) => ({ file: related.file, ...related.range, message: related.message })),
    ...(flags.fatal ? { fatal: true } : {}),
    ...(flags.internal ? { internal: true } : {}),
  });
}

/** Counts the recognised objects and collects each file's inline directives. */
function registerFiles(run: RunState, project: ConfigProject): void {
  for (const file of project.files) {
    for (const object of file.objects) run.project.counters.add(`${engineCounters.configObjectPrefix}${object.kind}`);
    const state = run.stateOf(file.path);
    if (run.options.inlineConfig === false) continue;
    for (const comment of directiveComments(file)) {
      const directive = parseDirective(comment.text, comment.line, comment.column, comment.line);
      if (directive) state.directives.push(directive);
    }
  }
}

/** Runs one config rule over every file that enables it; a rule that throws is an internal error on those files. */
function runConfigRule(run: RunState, rule: ConfigRule<any>, project: ConfigProject): void {
  const settingFor = (path: string) => run.resolver.forFile(path).rules.get(rule.meta.id);
  const relevant = project.files.filter((file) => settingFor(file.path));
  if (relevant.length === 0) return;
  // Options come from the configuration of the first file that enables the rule: config rules run once per run.
  const options = settingFor(relevant[0]!.path)!.options;
  try {
    rule.check({
      options,
      project,
      code: run.catalog ? { metrics: run.catalog, cwd: run.cwd } : undefined,
      report: (report) => {
        const setting = settingFor(report.file);
        if (setting) record(run, report, rule.meta.id, setting.severity);
      },
    });
  } catch (error) {
    for (const file of relevant) {
      const report = {
        file: file.path,
        range: { start: 0, end: 0 },
        message: `Internal error in rule ${rule.meta.id}: ${(error as Error).message}`,
        help: 'This is an obslint bug: please report it with the file that triggers it.',
      };
      record(run, report, null, 'error', { fatal: true, internal: true });
    }
  }
}

export function lintConfigFiles(run: RunState, files: readonly DiscoveredFile[]): void {
  if (files.length === 0) return;
  const { project, problems } = loadConfigProject(files.map(({ path, text }) => ({ path, text })));
  for (const problem of problems) {
    if (problem.ruleId === null) record(run, problem, null, 'error', { fatal: true });
    else {
      const setting = run.resolver.forFile(problem.file).rules.get(problem.ruleId);
      if (setting) record(run, problem, problem.ruleId, setting.severity);
    }
  }
  registerFiles(run, project);
  for (const rule of run.rules) {
    if (rule.kind === 'config') runConfigRule(run, rule, project);
  }
  for (const _ of files) run.fileDone();
}
