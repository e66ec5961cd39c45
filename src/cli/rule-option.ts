import { UsageError } from '../config/errors.js';

/** `--rule id:severity` or `--rule 'id:["warn", {"option": true}]'`. */
export function parseRuleOption(text: string): [string, unknown] {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UsageError(`--rule '${text}': expected id:severity, e.g. require-span-end:warn`);
  const id = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (value.startsWith('[')) {
    try {
      return [id, JSON.parse(value)];
    } catch {
      throw new UsageError(`--rule '${text}': the setting is not valid JSON`);
    }
  }
  if (!['off', 'warn', 'error', '0', '1', '2'].includes(value))
    throw new UsageError(`--rule '${text}': severity must be off, warn or error`);
  return [id, /^\d$/.test(value) ? Number(value) : value];
}
