/** A problem the user must fix before obslint can run: exit code 2 with one clear line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An invalid configuration file, located at `file:line`. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
  }
}
