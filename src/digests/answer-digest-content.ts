import type { Knex } from 'knex';
import { InputError } from '../domain/errors.ts';
import type { WorkspaceRecord } from '../domain/records.ts';
import type { StatsAnswer } from '../domain/reports.ts';
import { answerStats, resolveStatsRequest } from '../reports/answers.ts';
import { parseCommand } from '../reports/parse-command.ts';
import { addDays } from '../util/days.ts';

/** A digest's content answered for a local day: its period ends the day before. */
export async function answerDigestContent(db: Knex, workspace: WorkspaceRecord, content: string, localDay: string, now: Date): Promise<StatsAnswer> {
  const parsed = parseCommand(content);
  if (parsed.verb !== 'stats') throw new InputError(`the digest content "${content}" is not a statistics command`);
  const command = { ...parsed.stats, date: { kind: 'day' as const, day: addDays(localDay, -1) } };
  return answerStats(db, await resolveStatsRequest(db, workspace, command, now));
}
