/**
 * One analysis per file per lint run, shared by every obslint rule ESLint runs on it. ESLint calls every rule's
 * `create()` before it walks the tree, so each obslint rule only registers itself (with its options) in the file's
 * session; the first rule to reach `Program:exit` runs all registered rules in the engine's single traversal, and
 * each rule then reports its own findings. Sessions are keyed by ESLint's `SourceCode` object, which is new for
 * every lint of a file (and for every `--fix` pass), so nothing stale is ever reused.
 */
import { resolve } from 'node:path';
import { reportsOnRole, type CodeRule } from '../rule.js';
import { detectFileRole, type FileRole } from '../analysis/modules/file-role.js';
import { analyseCodeFile } from '../languages/typescript/analyse-file.js';
import type { EnabledCodeRule, RawFinding } from '../languages/typescript/run-code-rules.js';
import type { Directive } from '../engine/directives.js';
import { defaultMaxFileSize, fileKind } from '../engine/discover.js';
import { LineMap } from '../engine/text-positions.js';
import { fileSource, type FileSource } from './file-source.js';
import type { ProjectFactsCache } from './project-cache.js';

/** What the adapter needs from ESLint's rule context (a structural subset of `Rule.RuleContext`). */
export interface LintedFile {
  readonly id: string;
  readonly filename: string;
  readonly cwd: string;
  readonly settings: Record<string, unknown>;
  readonly sourceCode: { readonly text: string; readonly ast: unknown; readonly parserServices?: unknown };
}

export interface AdapterEnvironment {
  projects: ProjectFactsCache;
  /** Tells which TypeScript built a source file (tests replace it to simulate another version). */
  typescriptVersionOf?: (sourceFile: object) => string | undefined;
  /** Called once per analysed file (tests count analyses and check where the tree came from). */
  onFileAnalysed?: (file: { path: string; source: FileSource; rules: string[] }) => void;
}

export interface FileOutcome {
  path: string;
  lines: LineMap;
  /** Findings by rule id, before any directive is applied. */
  findings: Map<string, RawFinding[]>;
  /** Internal errors (a rule threw), by the rule that threw. */
  failures: Map<string, RawFinding[]>;
  directives: Directive[];
}

/** `settings.obslint` in the ESLint configuration plays the part of `settings` in an obslint configuration. */
export function obslintSettings(settings: Record<string, unknown> | undefined): Record<string, unknown> {
  const value = settings?.obslint;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function emptyOutcome(path: string, text: string): FileOutcome {
  return { path, lines: new LineMap(text), findings: new Map(), failures: new Map(), directives: [] };
}

function push(map: Map<string, RawFinding[]>, key: string, finding: RawFinding): void {
  const list = map.get(key);
  if (list) list.push(finding);
  else map.set(key, [finding]);
}

/** ESLint's names for text without a file (`Linter#verify` without a filename, `--stdin`): treated as JavaScript. */
const placeholderNames = new Set(['<input>', '<text>']);

function analyse(file: LintedFile, rules: readonly EnabledCodeRule[], environment: AdapterEnvironment): FileOutcome {
  const path = resolve(file.cwd, placeholderNames.has(file.filename) ? `${file.filename}.js` : file.filename);
  const { text } = file.sourceCode;
  const settings = obslintSettings(file.settings);
  const maxFileSize = typeof settings.maxFileSize === 'number' ? settings.maxFileSize : defaultMaxFileSize;
  // The CLI never analyses declaration files or oversized files; neither does the plugin.
  if (fileKind(path) !== 'code' || Buffer.byteLength(text, 'utf8') > maxFileSize) return emptyOutcome(path, text);

  // Code rules report on service code unless `settings.obslint.lintRoles` opts other roles in, as in the CLI.
  const project = environment.projects.forRoot(file.cwd);
  const role = detectFileRole(project, path, text, file.cwd);
  const lintRoles = Array.isArray(settings.lintRoles) ? (settings.lintRoles as FileRole[]) : [];
  rules = rules
    .filter(({ rule }) => reportsOnRole(rule.meta, role, lintRoles))
    .map((enabled) => ({ ...enabled, skipScriptEntries: !reportsOnRole(enabled.rule.meta, 'script', lintRoles) }));
  if (rules.length === 0) return emptyOutcome(path, text);

  const source = fileSource({
    path,
    text,
    ast: file.sourceCode.ast,
    parserServices: file.sourceCode.parserServices,
    typescriptVersionOf: environment.typescriptVersionOf,
  });
  environment.onFileAnalysed?.({ path, source, rules: rules.map(({ rule }) => rule.meta.id) });
  const lines = new LineMap(text);
  const { raw, directives } = analyseCodeFile({
    path,
    sourceFile: source.sourceFile,
    checker: source.checker,
    typed: source.typed,
    // The ESLint parser accepted the file; if obslint's compiler does not, no rule runs (as in the CLI) and the
    // parse error is left to ESLint's parser to report.
    syntaxError: source.syntaxError,
    rules,
    project,
    settings,
    lines,
  });
  const outcome: FileOutcome = { path, lines, findings: new Map(), failures: new Map(), directives };
  for (const finding of raw) {
    if (finding.ruleId) push(outcome.findings, finding.ruleId, finding);
    else if (finding.failedRule) push(outcome.failures, finding.failedRule, finding);
  }
  return outcome;
}

export class FileSession {
  private readonly requests = new Map<string, EnabledCodeRule>();
  private outcome?: FileOutcome;

  constructor(private readonly environment: AdapterEnvironment) {}

  /** Called from a rule's `create()`: the rule takes part in this file's analysis with these options. */
  register(rule: CodeRule<any>, options: Record<string, unknown>): void {
    this.requests.set(rule.meta.id, { rule, severity: rule.meta.defaultSeverity, options });
  }

  /** The file's findings, analysed on first request for all registered rules. */
  result(file: LintedFile): FileOutcome {
    if (!this.outcome) {
      const rules = [...this.requests.values()].sort((a, b) =>
        a.rule.meta.id < b.rule.meta.id ? -1 : a.rule.meta.id > b.rule.meta.id ? 1 : 0,
      );
      this.outcome = analyse(file, rules, this.environment);
    }
    return this.outcome;
  }
}

export class FileSessions {
  private readonly sessions = new WeakMap<object, FileSession>();

  constructor(readonly environment: AdapterEnvironment) {}

  for(sourceCode: object): FileSession {
    let session = this.sessions.get(sourceCode);
    if (!session) this.sessions.set(sourceCode, (session = new FileSession(this.environment)));
    return session;
  }
}
