// Reading the administration lists: the server answers `{ units: [...] }` / `{ accounts: [...] }` like the other
// list endpoints ({ entries }, { meetings }); a bare array is taken too, so the screen does not depend on which.
export function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (typeof body === 'object' && body !== null) {
    const list = (body as Record<string, unknown>)[key];
    if (Array.isArray(list)) return list as T[];
  }
  return [];
}

/** "since" and "until" of the audit filter: whole days in the agency's zone (UTC+7), as ISO instants. */
export function dayBoundary(day: string, edge: 'start' | 'end'): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const time = edge === 'start' ? 'T00:00:00.000' : 'T23:59:59.999';
  const date = new Date(`${day}${time}+07:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
