/** Prometheus durations (`5m`, `1h30m`, compound) and OpenSLO duration shorthands (`28d`, `1M`). */

const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const prometheusDuration = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds of a Prometheus duration, or undefined when it is not one (units must be in descending order). */
export function parsePrometheusDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '') return undefined;
  const match = prometheusDuration.exec(trimmed);
  if (!match) return undefined;
  const [, y, w, d, h, m, s, ms] = match;
  return (
    Number(y ?? 0) * units.y! +
    Number(w ?? 0) * units.w! +
    Number(d ?? 0) * units.d! +
    Number(h ?? 0) * units.h! +
    Number(m ?? 0) * units.m! +
    Number(s ?? 0) +
    Number(ms ?? 0) * units.ms!
  );
}

/** OpenSLO v1 duration shorthand: a number and one of m h d w M Q Y. Months, quarters and years are calendar units. */
export function parseOpenSloShorthand(
  text: string,
): { seconds: number | undefined; unit: string; count: number } | undefined {
  const match = /^(\d+)([mhdwMQY])$/.exec(text.trim());
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = match[2]!;
  const fixed: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };
  return { count, unit, seconds: fixed[unit] !== undefined ? count * fixed[unit]! : undefined };
}

/** Human form of a number of seconds, for messages: 3600 -> "1h", 5400 -> "1h30m". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out || `${seconds}s`;
}
