/** Small readers for plain values parsed from YAML (`valueAt(doc, "spec", 0)`), so rules do not repeat `typeof` ladders. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordAt(value: unknown, ...path: (string | number)[]): Record<string, unknown> | undefined {
  const found = valueAt(value, ...path);
  return isRecord(found) ? found : undefined;
}

export function arrayAt(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = valueAt(value, ...path);
  return Array.isArray(found) ? found : [];
}

export function stringAt(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function numberAt(value: unknown, ...path: (string | number)[]): number | undefined {
  const found = valueAt(value, ...path);
  if (typeof found === 'number') return found;
  if (typeof found === 'string' && found.trim() !== '' && Number.isFinite(Number(found))) return Number(found);
  return undefined;
}

export function valueAt(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isRecord(current)) current = current[String(step)];
    else return undefined;
  }
  return current;
}
