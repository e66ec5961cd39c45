/**
 * Run-wide tallies for the job summary's health figures ("42 spans started, 40 proven ended"): findings say what is
 * wrong, these say how much was looked at. The engine counts files; analyses and rules may count what they examine
 * through `file.project.counters` under a `<family>.<what>` name (for example `spans.started`).
 */
export class RunCounters {
  private readonly counts = new Map<string, number>();

  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number | undefined {
    return this.counts.get(name);
  }

  /** A plain, key-sorted object (deterministic output). */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** Counter names the engine itself fills in; families add their own. */
export const engineCounters = {
  typedFiles: 'files.typed',
  syntaxFiles: 'files.syntax',
  /** `config.objects.<kind>`: recognised rule groups / SLO objects, by kind (prometheus-rules, sloth, openslo, …). */
  configObjectPrefix: 'config.objects.',
  /** `files.role.<role>`: code files by role (service, test, example, …), whether or not a rule reported on them. */
  rolePrefix: 'files.role.',
} as const;
