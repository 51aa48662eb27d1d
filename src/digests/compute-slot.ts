import { DateTime } from 'luxon';
import type { Day } from '../domain/types.ts';

export interface DigestSchedule {
  cadence: 'daily' | 'weekly';
  /** 1 = Monday … 7 = Sunday (weekly only). */
  weekday: number | null;
  /** HH:MM in the workspace's zone. */
  timeOfDay: string;
}

/** Whether the digest is due on this local day at all. */
export function isScheduledOn(schedule: DigestSchedule, day: Day): boolean {
  if (schedule.cadence === 'daily') return true;
  return DateTime.fromISO(day, { zone: 'utc' }).weekday === schedule.weekday;
}

/**
 * The instant of the digest on a local day. When clocks go forward and HH:MM does not exist that
 * day, it is the same time after the jump (02:30 → 03:30); when they go back and HH:MM happens
 * twice, it is the first of the two.
 */
export function computeSlot(schedule: DigestSchedule, day: Day, zone: string): DateTime {
  const [hour, minute] = schedule.timeOfDay.split(':').map(Number) as [number, number];
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const slot = DateTime.fromObject({ year, month, day: date, hour, minute }, { zone });
  for (const minutes of [60, 30]) {
    const earlier = slot.minus({ minutes });
    if (earlier.hour === hour && earlier.minute === minute && earlier.toISODate() === day) return earlier;
  }
  return slot;
}

/** The local day in `zone` at `now`. */
export function localDayOf(now: Date, zone: string): Day {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}
