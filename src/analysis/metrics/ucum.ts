/**
 * UCUM, the unit syntax OpenTelemetry instruments use: the unit words people write instead, the atoms and prefixes
 * UCUM knows, and count annotations (`requests` → `{request}`).
 */

/** Unit words people put in instrument names, with their UCUM code. */
export const unitWords: Record<string, string> = {
  ms: 'ms',
  millis: 'ms',
  milliseconds: 'ms',
  seconds: 's',
  secs: 's',
  sec: 's',
  microseconds: 'us',
  us: 'us',
  nanoseconds: 'ns',
  ns: 'ns',
  minutes: 'min',
  bytes: 'By',
  kilobytes: 'kBy',
  kb: 'kBy',
  megabytes: 'MBy',
  mb: 'MBy',
  percent: '%',
};

/** Spellings of real units that are not UCUM codes, with the code. Count words are handled by `countAnnotation`. */
export const ucumSpellings: Record<string, string> = {
  milliseconds: 'ms',
  millisecond: 'ms',
  millis: 'ms',
  msec: 'ms',
  seconds: 's',
  second: 's',
  sec: 's',
  secs: 's',
  microseconds: 'us',
  microsecond: 'us',
  nanoseconds: 'ns',
  nanosecond: 'ns',
  minutes: 'min',
  minute: 'min',
  hours: 'h',
  hour: 'h',
  days: 'd',
  day: 'd',
  bytes: 'By',
  byte: 'By',
  b: 'By',
  kilobytes: 'kBy',
  kb: 'kBy',
  megabytes: 'MBy',
  mb: 'MBy',
  gigabytes: 'GBy',
  gb: 'GBy',
  bits: 'bit',
  percent: '%',
  percentage: '%',
};

/** UCUM atoms an instrument's unit plausibly uses (case-sensitive, as UCUM is). */
export const ucumAtoms = new Set([
  's',
  'min',
  'h',
  'd',
  'wk',
  'mo',
  'a',
  'By',
  'bit',
  'Bd',
  'm',
  'g',
  't',
  'l',
  'L',
  'Hz',
  'V',
  'A',
  'W',
  'J',
  'N',
  'Pa',
  'Cel',
  'K',
  'mol',
  'cd',
  'rad',
  'sr',
  'Ohm',
  'C',
  'F',
  'S',
  'T',
  'Wb',
  'H',
  'lm',
  'lx',
  'Bq',
  'Gy',
  'Sv',
  'kat',
  '%',
  '1',
]);
export const ucumPrefixes = [
  'da',
  'Ki',
  'Mi',
  'Gi',
  'Ti',
  'Pi',
  'Y',
  'Z',
  'E',
  'P',
  'T',
  'G',
  'M',
  'k',
  'h',
  'd',
  'c',
  'm',
  'u',
  'n',
  'p',
  'f',
  'a',
  '',
];

export function isUcumTerm(term: string): boolean {
  if (/^\{[^{}]*\}$/.test(term) || /^\d+$/.test(term)) return true;
  const match = /^(.+?)(-?\d+)?(\{[^{}]*\})?$/.exec(term);
  const symbol = match?.[1];
  if (!symbol) return false;
  return ucumPrefixes.some((prefix) => symbol.startsWith(prefix) && ucumAtoms.has(symbol.slice(prefix.length)));
}

/** The terms of a unit (`By/s` → `By`, `s`; `{request}.s-1` → `{request}`, `s-1`). */
export function unitTerms(unit: string): string[] {
  return unit.split(/[./]/);
}

/** Is `unit` a UCUM code (as far as instrument units go: atoms with prefixes and exponents, `{annotations}`, `1`)? */
export function isUcumUnit(unit: string): boolean {
  return unit !== '' && unitTerms(unit).every(isUcumTerm);
}

export function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.replace(/es$/, '');
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A count of things in UCUM: the dimensionless unit with an annotation (`requests` → `{request}`). */
export function countAnnotation(word: string): string {
  return `{${singular(word.toLowerCase())}}`;
}
