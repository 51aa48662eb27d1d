import type { DigestRecord } from './digest-record.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "every day at 09:00 Asia/Singapore" or "every Monday at 09:00 Asia/Singapore" */
export function describeSchedule(digest: Pick<DigestRecord, 'cadence' | 'weekday' | 'timeOfDay' | 'timezone'>): string {
  const when = digest.cadence === 'daily' ? 'every day' : `every ${WEEKDAYS[(digest.weekday ?? 1) - 1]}`;
  return `${when} at ${digest.timeOfDay} ${digest.timezone}`;
}
