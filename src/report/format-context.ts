import type { AnyRule } from '../rule.js';

export interface FormatContext {
  /** Paths are shown relative to this directory. */
  cwd: string;
  rules: readonly AnyRule[];
  color: boolean;
  /** Files skipped by discovery, with the reason. */
  skipped: { file: string; reason: string }[];
}
