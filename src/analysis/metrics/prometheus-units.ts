/**
 * Prometheus unit vocabulary (promlint's `units.go` and `LintUnitAbbreviations`), shared by the naming checks for
 * metrics defined in code and for series named in rule files.
 */
/** Non-base units (promlint `units.go`) → the base unit Prometheus names use. */
export const nonBaseUnits: Record<string, string> = {
  milliseconds: 'seconds',
  microseconds: 'seconds',
  nanoseconds: 'seconds',
  picoseconds: 'seconds',
  minutes: 'seconds',
  hours: 'seconds',
  days: 'seconds',
  weeks: 'seconds',
  millis: 'seconds',
  bits: 'bytes',
  kilobytes: 'bytes',
  megabytes: 'bytes',
  gigabytes: 'bytes',
  terabytes: 'bytes',
  petabytes: 'bytes',
  kibibytes: 'bytes',
  mebibytes: 'bytes',
  gibibytes: 'bytes',
  tebibytes: 'bytes',
  percent: 'ratio',
  percentage: 'ratio',
  centimeters: 'meters',
  millimeters: 'meters',
  kilometers: 'meters',
  milligrams: 'grams',
  kilograms: 'grams',
  millivolts: 'volts',
  milliamperes: 'amperes',
};
/** promlint `LintUnitAbbreviations`, with what each abbreviation spells. */
export const unitAbbreviations: Record<string, string> = {
  s: 'seconds',
  ms: 'seconds (convert from milliseconds)',
  us: 'seconds (convert from microseconds)',
  ns: 'seconds (convert from nanoseconds)',
  sec: 'seconds',
  secs: 'seconds',
  b: 'bytes',
  kb: 'bytes',
  mb: 'bytes',
  gb: 'bytes',
  tb: 'bytes',
  pb: 'bytes',
  m: 'meters or minutes',
  h: 'hours → seconds',
  d: 'days → seconds',
};
