import { describe, expect, it } from 'vitest';
import { computeSlot, isScheduledOn, localDayOf } from '../../src/digests/compute-slot.ts';

const daily = (timeOfDay: string) => ({ cadence: 'daily' as const, weekday: null, timeOfDay });
const utc = (day: string, time: string, zone: string) => computeSlot(daily(time), day, zone).toUTC().toISO();

describe('computeSlot', () => {
  it('follows the zone through summer and winter time', () => {
    expect(utc('2027-03-13', '09:00', 'America/New_York')).toBe('2027-03-13T14:00:00.000Z');
    expect(utc('2027-03-14', '09:00', 'America/New_York')).toBe('2027-03-14T13:00:00.000Z');
    expect(utc('2026-11-01', '09:00', 'America/New_York')).toBe('2026-11-01T14:00:00.000Z');
    expect(utc('2026-10-31', '09:00', 'America/New_York')).toBe('2026-10-31T13:00:00.000Z');
    expect(utc('2026-11-29', '09:00', 'Asia/Singapore')).toBe('2026-11-29T01:00:00.000Z');
  });
  it('moves a time that does not exist (clocks jump forward) to after the jump', () => {
    expect(utc('2027-03-14', '02:30', 'America/New_York')).toBe('2027-03-14T07:30:00.000Z');
    expect(utc('2027-03-28', '01:30', 'Europe/London')).toBe('2027-03-28T01:30:00.000Z');
  });
  it('takes the first of a time that happens twice (clocks go back)', () => {
    expect(utc('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(utc('2026-10-25', '01:15', 'Europe/London')).toBe('2026-10-25T00:15:00.000Z');
    expect(utc('2026-04-05', '01:45', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00.000Z');
  });
  it('knows the weekday of weekly digests and the local day', () => {
    const monday = { cadence: 'weekly' as const, weekday: 1, timeOfDay: '09:00' };
    expect(isScheduledOn(monday, '2026-11-30')).toBe(true);
    expect(isScheduledOn(monday, '2026-11-29')).toBe(false);
    expect(isScheduledOn(daily('09:00'), '2026-11-29')).toBe(true);
    expect(localDayOf(new Date('2026-11-29T17:00:00Z'), 'Asia/Singapore')).toBe('2026-11-30');
    expect(localDayOf(new Date('2026-11-29T03:00:00Z'), 'America/New_York')).toBe('2026-11-28');
  });
});
