const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → days since 1970-01-01 (what the aggregate arithmetic works in). */
export function toDayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
