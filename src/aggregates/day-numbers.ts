const DAY_MS = 86_400_000;

/** Conversions already made: an import converts the same few days on every row. */
const numbers = new Map<string, number>();
const texts = new Map<number, string>();
const MAX_REMEMBERED = 100_000;

/** 'YYYY-MM-DD' → days since 1970-01-01 (what the aggregate arithmetic works in). */
export function toDayNumber(day: string): number {
  let number = numbers.get(day);
  if (number === undefined) {
    if (numbers.size >= MAX_REMEMBERED) numbers.clear();
    number = Date.parse(`${day}T00:00:00Z`) / DAY_MS;
    numbers.set(day, number);
  }
  return number;
}

export function fromDayNumber(day: number): string {
  let text = texts.get(day);
  if (text === undefined) {
    if (texts.size >= MAX_REMEMBERED) texts.clear();
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    texts.set(day, text);
  }
  return text;
}
