import type { Knex } from 'knex';
import type { MerchantsData, Period } from '../domain/types.ts';
import { listDays } from '../util/days.ts';

/** Merchant onboarding of one workspace over a period (docs/contract.md). */
export async function readMerchants(db: Knex, workspaceId: string, period: Period): Promise<MerchantsData> {
  const { range, previousRange, trendRange } = period;
  const from = [previousRange.start, trendRange.start].sort()[0]!;
  const [totals, perDay] = await Promise.all([
    db('merchants').where('workspace_id', workspaceId).where('onboarded_on', '<=', period.end).first<{ total: number | null }>(db.raw('COUNT(*) AS total')),
    db('merchants')
      .where('workspace_id', workspaceId)
      .whereBetween('onboarded_on', [from, period.end])
      .groupBy('onboarded_on', 'kind')
      .select<{ day: string; kind: string; merchants: number }[]>('onboarded_on as day', 'kind', db.raw('COUNT(*) AS merchants')),
  ]);
  const count = (start: string, end: string, kind?: string) =>
    perDay
      .filter((row) => row.day >= start && row.day <= end && (kind === undefined || row.kind === kind))
      .reduce((sum, row) => sum + Number(row.merchants), 0);
  let cumulativeTechnical = 0;
  let cumulativeNonTechnical = 0;
  const daily = listDays(trendRange).map((day) => {
    const newTechnical = count(day, day, 'technical');
    const newNonTechnical = count(day, day, 'non_technical');
    cumulativeTechnical += newTechnical;
    cumulativeNonTechnical += newNonTechnical;
    return { day, newTechnical, newNonTechnical, cumulativeTechnical, cumulativeNonTechnical };
  });
  return {
    range,
    previousRange,
    newMerchants: count(range.start, range.end),
    newMerchantsPrevious: count(previousRange.start, previousRange.end),
    totalMerchants: Number(totals?.total ?? 0),
    daily,
  };
}
