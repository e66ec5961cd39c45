/**
 * Project facts (package.json dependencies, other local modules parsed on demand) shared by every file of one lint
 * run, one set per project root. ESLint has no "run" boundary a rule can see, and editors keep one process alive
 * for hours while files change on disk, so a run is taken to be a burst of lint calls: facts idle for longer than
 * `idleMs` are dropped and read afresh. `eslint .` lints files back to back and keeps one set for the whole run;
 * an editor re-reads a project's files after each pause, so an edited logger setup or package.json is seen.
 */
import { ProjectFacts } from '../analysis/modules/project.js';

interface Entry {
  facts: ProjectFacts;
  lastUsed: number;
}

export class ProjectFactsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly idleMs = 2000,
    private readonly now: () => number = Date.now,
    private readonly create: () => ProjectFacts = () => new ProjectFacts(),
  ) {}

  forRoot(root: string): ProjectFacts {
    const time = this.now();
    for (const [key, entry] of this.entries) if (time - entry.lastUsed > this.idleMs) this.entries.delete(key);
    let entry = this.entries.get(root);
    if (!entry) this.entries.set(root, (entry = { facts: this.create(), lastUsed: time }));
    entry.lastUsed = time;
    return entry.facts;
  }
}
