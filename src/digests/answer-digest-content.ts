import type { Knex } from 'knex';
import type { StatsAnswer } from '../../commands/answer.ts';
import { answerStats } from '../../commands/answer-stats.ts';
import { InputError } from '../query/input-error.ts';
import { parseCommand } from '../query/parse-command.ts';
import { resolveStatsRequest } from '../query/resolve-stats-request.ts';
import type { WorkspaceRecord } from '../stats/read-workspace.ts';
import { addDays } from '../util/days.ts';

/** A digest's content answered for a local day: its period ends the day before. */
export async function answerDigestContent(db: Knex, workspace: WorkspaceRecord, content: string, localDay: string, now: Date): Promise<StatsAnswer> {
  const parsed = parseCommand(content);
  if (parsed.verb !== 'stats') throw new InputError(`the digest content "${content}" is not a statistics command`);
  const command = { ...parsed.stats, date: { kind: 'day' as const, day: addDays(localDay, -1) } };
  return answerStats(db, await resolveStatsRequest(db, workspace, command, now));
}
