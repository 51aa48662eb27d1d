import { BREAKDOWN_CARDS, CARD_LABELS, keysOf, METRIC_LABELS, SORT_LABELS, STATUS_GROUP_LABELS, VISITOR_METRICS } from '../../domain/labels.ts';
import type { StatsAnswer } from '../../domain/replies.ts';
import type { AppData, AppsData, BreakdownCard, BreakdownData, MerchantsData, StatusCounts } from '../../domain/types.ts';
import { describeApp, describePeriod } from './describe-request.ts';
import { formatChange, formatCount, formatShare, formatShareChange, formatSparkline } from './format-numbers.ts';
import { formatTable } from './format-table.ts';

/** The console's readable answer: headline numbers with changes, aligned tables. */
export function renderStatsText(answer: StatsAnswer): string {
  const heading = (title: string) => `${title}\n${describePeriod(answer.request)}`;
  switch (answer.kind) {
    case 'merchants':
      return [heading(`Merchant onboarding · ${answer.request.workspace.name}`), merchantsText(answer.data)].join('\n\n');
    case 'apps':
      return [heading(`Target apps · ${answer.request.workspace.name}`), appsText(answer.data)].join('\n\n');
    case 'overview':
      return [
        heading(`Overview · ${answer.request.workspace.name}`),
        merchantsHeadline(answer.data.merchants),
        `Top target apps by users`,
        appsText({ ...answer.data.apps, apps: answer.data.apps.apps.slice(0, 5) }, answer.data.apps.apps.length),
      ].join('\n\n');
    case 'app':
      return [heading(describeApp(answer.request)), statusText(answer.data.status), appMetricsText(answer.data), appDailyText(answer.data)].join('\n\n');
    case 'breakdown':
      return [heading(`Proportion breakdown · ${describeApp(answer.request)}`), ...breakdownTexts(answer.data)].join('\n\n');
  }
}

function merchantsHeadline(data: MerchantsData): string {
  return formatTable(
    [
      ['', 'Value', 'Previous', 'Change'],
      ['New merchants', formatCount(data.newMerchants), formatCount(data.newMerchantsPrevious), formatChange(data.newMerchants, data.newMerchantsPrevious)],
      ['Total merchants', formatCount(data.totalMerchants), '', ''],
    ],
    ['left', 'right', 'right', 'left'],
  );
}

function merchantsText(data: MerchantsData): string {
  const daily = formatTable(
    [
      ['Day', 'New tech.', 'New non-tech.', 'Cumul. tech.', 'Cumul. non-tech.'],
      ...data.daily.map((d) => [d.day, ...[d.newTechnical, d.newNonTechnical, d.cumulativeTechnical, d.cumulativeNonTechnical].map(formatCount)]),
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
  return `${merchantsHeadline(data)}\n\n${daily}`;
}

function appsText(data: AppsData, totalApps = data.apps.length): string {
  if (data.apps.length === 0) return 'No target apps in this workspace yet.';
  const table = formatTable(
    [
      ['App', 'Name', 'Users', 'Change', 'Mini programs', 'Change', 'Daily users'],
      ...data.apps.map((a) => [
        a.appId,
        a.name,
        formatCount(a.users),
        formatChange(a.users, a.usersPrevious),
        formatCount(a.miniPrograms),
        formatChange(a.miniPrograms, a.miniProgramsPrevious),
        formatSparkline(a.trend.map((t) => t.users)),
      ]),
    ],
    ['left', 'left', 'right', 'left', 'right', 'left', 'left'],
  );
  const sorted = `Sorted by ${SORT_LABELS[data.sort].name}, highest first.`;
  return totalApps > data.apps.length ? `${table}\n${sorted} ${totalApps - data.apps.length} more: see \`apps\`.` : `${table}\n${sorted}`;
}

function statusText(status: StatusCounts): string {
  const parts = keysOf(STATUS_GROUP_LABELS).map((k) => `${STATUS_GROUP_LABELS[k]} ${formatCount(status[k])}`);
  return `Mini programs now: ${parts.join(' · ')}`;
}

function appMetricsText(data: AppData): string {
  return formatTable(
    [
      ['Metric', 'Value', 'Previous', 'Change'],
      ...VISITOR_METRICS.map((m) => [
        METRIC_LABELS[m].full,
        formatCount(data.metrics[m]),
        formatCount(data.previous[m]),
        formatChange(data.metrics[m], data.previous[m]),
      ]),
    ],
    ['left', 'right', 'right', 'left'],
  );
}

function appDailyText(data: AppData): string {
  return formatTable(
    [['Day', ...VISITOR_METRICS.map((m) => METRIC_LABELS[m].short)], ...data.daily.map((d) => [d.day, ...VISITOR_METRICS.map((m) => formatCount(d[m]))])],
    ['left', 'right', 'right', 'right', 'right'],
  );
}

function breakdownTexts(data: BreakdownData): string[] {
  return BREAKDOWN_CARDS.map((name) => cardText(CARD_LABELS[name].title, CARD_LABELS[name].key, data[name]));
}

function cardText(title: string, keyLabel: string, card: BreakdownCard): string {
  const head = `${title}: ${formatCount(card.total)} (${formatChange(card.total, card.totalPrevious)} from ${formatCount(card.totalPrevious)})`;
  if (card.rows.length === 0) return `${head}\n(none yet)`;
  return `${head}\n${formatTable(
    [
      [keyLabel, 'Count', 'Change', 'Share', 'Share change'],
      ...card.rows.map((r) => [
        r.key,
        formatCount(r.count),
        formatChange(r.count, r.countPrevious),
        formatShare(r.share),
        formatShareChange(r.share, r.sharePrevious),
      ]),
    ],
    ['left', 'right', 'left', 'right', 'left'],
  )}`;
}
