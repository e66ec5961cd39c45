/**
 * One run: configuration → discovery → code files (typed groups, then syntax mode) and config files → findings
 * with positions, directives and fingerprints → a sorted, deterministic summary.
 */
import { relative, resolve, sep, join } from 'node:path';
import { allRules } from '../../rules/index.js';
import type { AnyRule, CodeRule, ConfigRule, ConfigReport } from '../rule.js';
import { docsUrl } from '../rule.js';
import { compareFindings, type FileResult, type Finding, type LintSummary } from '../findings.js';
import { ConfigResolver, type ResolverOptions } from '../config/resolve.js';
import { discover, type DiscoveredFile } from './discover.js';
import { parseSyntaxBatch, firstSyntaxError } from '../languages/typescript/parse.js';
import { groupByProject } from '../languages/typescript/typed-programs.js';
import { isStackOverflow, tooDeeplyNested, type EnabledCodeRule, type RawFinding } from '../languages/typescript/run-code-rules.js';
import { analyseCodeFile } from '../languages/typescript/analyse-file.js';
import { applyDirectives, parseDirective, type Directive } from './directives.js';
import { LineMap } from './text-positions.js';
import { assignFingerprints } from './fingerprint.js';
import { engineCounters } from '../run-counters.js';
import { ProjectFacts } from '../analysis/modules/project.js';
import { loadConfigProject, directiveComments } from '../config-files/index.js';
import { MetricCatalog } from '../analysis/metrics/catalog.js';
import { collectMetricDefinitions } from '../analysis/metrics/definitions.js';
import type { ts } from '../compiler.js';

/** Files per syntax-mode program: large enough to share the checker's set-up cost, small enough to bound memory. */
const syntaxBatchSize = 128;

export interface LintOptions {
  /** Working directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Files, directories or globs (default: the working directory). */
  paths?: string[];
  /** Use only this configuration file (no lookup). */
  configFile?: string;
  /** `--rule` settings, applied over every configuration file. */
  ruleOverrides?: ResolverOptions['ruleOverrides'];
  /** Only these rules run (tests, parity checks). */
  onlyRules?: string[];
  /** `false` forces syntax mode even where a tsconfig exists. */
  types?: boolean;
  /** A tsconfig to use for every file (typed mode). */
  project?: string;
  /** `false` ignores inline directives (`--no-inline-config`). */
  inlineConfig?: boolean;
  reportUnusedDisableDirectives?: boolean;
  /** Progress callback (the CLI shows it on a TTY). */
  onProgress?: (done: number, total: number) => void;
  /** Build the metric catalog even without config files (`obslint metrics`). */
  collectMetrics?: boolean;
  /** Rules to use instead of the built-in registry (tests). */
  rules?: readonly AnyRule[];
}

export interface LintRun extends LintSummary {
  /** The metrics the linted code defines (collected when the run includes config files or `collectMetrics`). */
  metrics?: MetricCatalog;
  /** Non-fatal configuration warnings (unknown keys). */
  warnings: string[];
  rules: readonly AnyRule[];
  cwd: string;
  /** What was examined (files by mode, config objects by kind, family counters such as `spans.started`). */
  counters: Record<string, number>;
}

interface FileState {
  file: DiscoveredFile;
  lines: LineMap;
  raw: RawFinding[];
  directives: Directive[];
}

function toFinding(path: string, lines: LineMap, raw: RawFinding, linesOf: (file: string) => LineMap | undefined): Finding {
  return {
    ruleId: raw.ruleId,
    severity: raw.severity,
    file: path,
    start: lines.position(raw.start),
    end: lines.position(raw.end),
    message: raw.message,
    help: raw.help,
    docsUrl: raw.ruleId ? docsUrl(raw.ruleId) : undefined,
    fingerprint: '',
    related: raw.related?.flatMap((related) => {
      const relatedLines = related.file && related.file !== path ? linesOf(related.file) : lines;
      if (!relatedLines) return [];
      const location = { start: relatedLines.position(related.start), end: relatedLines.position(related.end), message: related.message };
      return [related.file && related.file !== path ? { file: related.file, ...location } : location];
    }),
    ...(raw.fatal ? { fatal: true } : {}),
    ...(raw.internal ? { internal: true } : {}),
    ...(raw.doubtful ? { doubtful: true } : {}),
  };
}

export function lintSync(options: LintOptions = {}): LintRun {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? allRules;
  const resolver = new ConfigResolver({
    rules,
    configFile: options.configFile ? resolve(cwd, options.configFile) : undefined,
    ruleOverrides: options.ruleOverrides,
    onlyRules: options.onlyRules,
  });
  const rulesById = new Map(rules.map((rule) => [rule.meta.id, rule]));
  const rootSettings = resolver.forFile(join(cwd, '__obslint__')).settings;
  const { files, skipped } = discover(options.paths?.length ? options.paths : ['.'], {
    cwd,
    isIgnoredByConfig: (file) => resolver.isIgnored(file),
    maxFileSize: typeof rootSettings.maxFileSize === 'number' ? rootSettings.maxFileSize : undefined,
  });

  const project = new ProjectFacts();
  const states = new Map<string, FileState>();
  const total = files.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);

  const codeFiles = files.filter((file) => file.kind === 'code');
  const byPath = new Map(files.map((file) => [file.path, file]));
  // Config rules compare queries with the metrics the code defines: collect them during the code pass.
  const catalog = options.collectMetrics || files.some((file) => file.kind === 'config') ? new MetricCatalog() : undefined;

  const enabledCodeRules = (path: string): EnabledCodeRule[] => {
    const effective = resolver.forFile(path);
    const enabled: EnabledCodeRule[] = [];
    for (const [id, setting] of effective.rules) {
      const rule = rulesById.get(id);
      if (rule?.kind === 'code') enabled.push({ rule: rule as CodeRule<any>, ...setting });
    }
    return enabled.sort((a, b) => a.rule.meta.id.localeCompare(b.rule.meta.id));
  };

  const analyseCode = (file: DiscoveredFile, sourceFile: ts.SourceFile, checker: ts.TypeChecker, typed: boolean, syntaxError: { start: number; message: string } | undefined) => {
    const lines = new LineMap(file.text);
    try {
      analyseParsed(file, lines, sourceFile, checker, typed, syntaxError);
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      states.set(file.path, { file, lines, raw: [tooDeeplyNested('the analysis ran out of stack')], directives: [] });
    }
  };

  const analyseParsed = (file: DiscoveredFile, lines: LineMap, sourceFile: ts.SourceFile, checker: ts.TypeChecker, typed: boolean, syntaxError: { start: number; message: string } | undefined) => {
    const { raw, directives } = analyseCodeFile({
      path: file.path,
      sourceFile,
      checker,
      typed,
      syntaxError,
      rules: syntaxError ? [] : enabledCodeRules(file.path),
      project,
      settings: resolver.forFile(file.path).settings,
      inlineConfig: options.inlineConfig,
      lines,
      beforeRules: catalog ? (analysis) => collectMetricDefinitions(analysis, catalog) : undefined,
    });
    states.set(file.path, { file, lines, raw, directives });
  };

  // Typed mode: one program at a time.
  let syntaxOnly = codeFiles.map((file) => file.path);
  if (options.types !== false) {
    const { groups, ungrouped } = groupByProject(syntaxOnly, { project: options.project, cwd });
    for (const group of groups) {
      let program: ts.Program;
      let checker: ts.TypeChecker;
      try {
        program = group.createProgram();
        checker = program.getTypeChecker();
      } catch (error) {
        // A file nested deeply enough to exhaust the binder: syntax mode isolates it from the group's other files.
        if (!isStackOverflow(error)) throw error;
        ungrouped.push(...group.files);
        continue;
      }
      for (const path of group.files) {
        const file = byPath.get(path)!;
        const sourceFile = program.getSourceFile(path);
        if (!sourceFile) {
          ungrouped.push(path);
          continue;
        }
        analyseCode(file, sourceFile, checker, true, firstSyntaxError(program, sourceFile));
        progress();
      }
    }
    syntaxOnly = ungrouped;
  }
  for (let i = 0; i < syntaxOnly.length; i += syntaxBatchSize) {
    const batch = syntaxOnly.slice(i, i + syntaxBatchSize).map((path) => byPath.get(path)!);
    let parsedBatch: ReturnType<typeof parseSyntaxBatch> | undefined;
    try {
      parsedBatch = parseSyntaxBatch(batch);
    } catch (error) {
      // One pathological file (nesting deep enough to exhaust the stack) must not cost the others their results.
      if (!isStackOverflow(error)) throw error;
    }
    for (const [index, file] of batch.entries()) {
      let parsed = parsedBatch?.[index];
      try {
        parsed ??= parseSyntaxBatch([file])[0]!;
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        states.set(file.path, { file, lines: new LineMap(file.text), raw: [tooDeeplyNested('the TypeScript parser ran out of stack')], directives: [] });
        progress();
        continue;
      }
      analyseCode(file, parsed.sourceFile, parsed.checker, false, parsed.syntaxError);
      progress();
    }
  }

  // Config files: parsed together, because config rules look across files.
  const configInputs = files.filter((file) => file.kind === 'config');
  if (configInputs.length > 0) {
    const { project: configProject, problems } = loadConfigProject(configInputs.map(({ path, text }) => ({ path, text })));
    const stateOf = (path: string): FileState => {
      let state = states.get(path);
      if (!state) {
        const file = byPath.get(path)!;
        state = { file, lines: new LineMap(file.text), raw: [], directives: [] };
        states.set(path, state);
      }
      return state;
    };
    const push = (report: ConfigReport, ruleId: string | null, severity: 'warn' | 'error', fatal = false, internal = false) => {
      if (!byPath.has(report.file)) return;
      stateOf(report.file).raw.push({
        ruleId,
        severity,
        start: report.range.start,
        end: report.range.end,
        message: report.message,
        help: report.help,
        related: report.related?.map((r) => ({ file: r.file, ...r.range, message: r.message })),
        ...(fatal ? { fatal } : {}),
        ...(internal ? { internal } : {}),
      });
    };
    for (const problem of problems) {
      if (problem.ruleId === null) push(problem, null, 'error', true);
      else {
        const setting = resolver.forFile(problem.file).rules.get(problem.ruleId);
        if (setting) push(problem, problem.ruleId, setting.severity);
      }
    }
    for (const file of configProject.files) {
      for (const object of file.objects) project.counters.add(`${engineCounters.configObjectPrefix}${object.kind}`);
      const state = stateOf(file.path);
      if (options.inlineConfig !== false) {
        for (const comment of directiveComments(file)) {
          const directive = parseDirective(comment.text, comment.line, comment.column, comment.line);
          if (directive) state.directives.push(directive);
        }
      }
    }
    for (const rule of rules) {
      if (rule.kind !== 'config') continue;
      const settingFor = (path: string) => resolver.forFile(path).rules.get(rule.meta.id);
      const relevant = configProject.files.filter((file) => settingFor(file.path));
      if (relevant.length === 0) continue;
      // Options come from the configuration of the first file that enables the rule: config rules run once per run.
      const options0 = settingFor(relevant[0]!.path)!.options;
      try {
        (rule as ConfigRule<any>).check({
          options: options0,
          project: configProject,
          code: catalog ? { metrics: catalog, cwd } : undefined,
          report: (report) => {
            const setting = settingFor(report.file);
            if (setting) push(report, rule.meta.id, setting.severity);
          },
        });
      } catch (error) {
        for (const file of relevant) {
          push({ file: file.path, range: { start: 0, end: 0 }, message: `Internal error in rule ${rule.meta.id}: ${(error as Error).message}`, help: 'This is an obslint bug: please report it with the file that triggers it.' }, null, 'error', true, true);
        }
      }
    }
    for (const _ of configInputs) progress();
  }

  // Findings, directives, fingerprints.
  const results: FileResult[] = [];
  for (const [path, state] of [...states].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const linesOf = (file: string) => states.get(file)?.lines;
    const findings = state.raw.map((raw) => toFinding(path, state.lines, raw, linesOf)).sort(compareFindings);
    const { kept, unused } = applyDirectives(findings, state.directives);
    if (options.reportUnusedDisableDirectives) {
      for (const { directive, rule } of unused) {
        kept.push({
          ruleId: null,
          severity: 'error',
          file: path,
          start: { line: directive.line, column: directive.column },
          end: { line: directive.line, column: directive.column },
          message: rule ? `Unused obslint directive (no problems were reported from '${rule}').` : 'Unused obslint directive (no problems were reported).',
          help: 'Remove the directive, or the rule name from it.',
          fingerprint: '',
        });
      }
      kept.sort(compareFindings);
    }
    const relativePath = relative(cwd, path).split(sep).join('/');
    assignFingerprints(kept, relativePath, (finding) => {
      const start = state.lines.offset(finding.start);
      const end = Math.max(state.lines.offset(finding.end), start);
      return state.file.text.slice(start, Math.min(end, start + 200)) || state.lines.lineText(finding.start.line);
    });
    results.push({ file: path, findings: kept, source: state.file.text });
  }

  let errorCount = 0;
  let warningCount = 0;
  let fatalCount = 0;
  let internalErrorCount = 0;
  for (const result of results) {
    for (const finding of result.findings) {
      if (finding.severity === 'error') errorCount++;
      else warningCount++;
      if (finding.fatal) fatalCount++;
      if (finding.internal) internalErrorCount++;
    }
  }
  return { results, errorCount, warningCount, fatalCount, internalErrorCount, skipped, warnings: resolver.warnings, rules, cwd, counters: project.counters.toJSON(), metrics: catalog };
}

/** The Node API: lint files and return per-file results. */
export async function lint(options: LintOptions = {}): Promise<LintRun> {
  return lintSync(options);
}
