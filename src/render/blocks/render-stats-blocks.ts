import type { KnownBlock } from '@slack/types';
import { BREAKDOWN_CARDS, CARD_LABELS, keysOf, METRIC_LABELS, SORT_LABELS, STATUS_GROUP_LABELS, VISITOR_METRICS } from '../../domain/labels.ts';
import type { StatsAnswer } from '../../domain/replies.ts';
import type { AppsRow, BreakdownCard, MerchantsData, StatusCounts } from '../../domain/types.ts';
import { describePeriod } from '../text/describe-request.ts';
import { formatChange, formatCount, formatShare, formatShareChange, formatSparkline } from '../text/format-numbers.ts';
import { clip, context, divider, escapeMrkdwn, fields, fitBlocks, header, section } from './block-kit.ts';
import { buildStatsActions } from './stats-actions.ts';

export interface SlackMessage {
  /** Plain text for notifications and clients that cannot show blocks. */
  text: string;
  blocks: KnownBlock[];
}

export interface StatsBlocksOptions {
  /** The app's categories, for the category menu of `app` and `breakdown`. */
  categories?: string[];
  /** Shown under the answer, e.g. "Charts are in the thread." */
  note?: string;
  /** Without buttons (digests). */
  interactive?: boolean;
}

/** Apps shown one per block; the rest are summed up in a note (a message holds 50 blocks). */
export const MAX_APPS_IN_MESSAGE = 20;

const metric = (label: string, current: number, previous: number) => `*${label}*\n${formatCount(current)}  ${formatChange(current, previous)}`;

/** The Block Kit answer: headline numbers with change arrows, compact tables, and refining buttons. */
export function renderStatsBlocks(answer: StatsAnswer, options: StatsBlocksOptions = {}): SlackMessage {
  const { request } = answer;
  const period = describePeriod(request);
  let title: string;
  let body: KnownBlock[];
  let text: string;
  switch (answer.kind) {
    case 'merchants':
      title = `Merchant onboarding · ${request.workspace.name}`;
      body = merchantBlocks(answer.data);
      text = `${title}: ${formatCount(answer.data.newMerchants)} new (${formatChange(answer.data.newMerchants, answer.data.newMerchantsPrevious)}), ${formatCount(answer.data.totalMerchants)} in total`;
      break;
    case 'overview':
      title = `Overview · ${request.workspace.name}`;
      body = [
        ...merchantBlocks(answer.data.merchants),
        section('*Top target apps by users*'),
        ...appBlocks(answer.data.apps.apps.slice(0, 5), answer.data.apps.apps.length, 'Say `apps` for the full list.'),
      ];
      text = `${title}: ${formatCount(answer.data.merchants.newMerchants)} new merchants, ${answer.data.apps.apps.length} apps`;
      break;
    case 'apps': {
      const sort = SORT_LABELS[answer.data.sort].name;
      title = `Target apps · ${request.workspace.name}`;
      body = [
        context(`Sorted by ${sort}, highest first`),
        ...appBlocks(answer.data.apps.slice(0, MAX_APPS_IN_MESSAGE), answer.data.apps.length, 'Download Excel for every app.'),
      ];
      text = `${title}: ${answer.data.apps.length} apps sorted by ${sort}`;
      break;
    }
    case 'app': {
      const { data } = answer;
      title = `${data.app.name} (${data.app.appId})${data.category === null ? '' : ` · ${data.category}`}`;
      body = [
        fields(VISITOR_METRICS.map((m) => metric(METRIC_LABELS[m].label, data.metrics[m], data.previous[m]))),
        statusBlock(data.status),
        context(`Trend chart: ${METRIC_LABELS[answer.request.metric].full}`),
      ];
      text = `${title}: UV ${formatCount(data.metrics.uv)} ${formatChange(data.metrics.uv, data.previous.uv)}, PV ${formatCount(data.metrics.pv)} ${formatChange(data.metrics.pv, data.previous.pv)}`;
      break;
    }
    case 'breakdown':
      title = `Proportion breakdown · ${answer.data.app.name}${answer.data.category === null ? '' : ` · ${answer.data.category}`}`;
      body = BREAKDOWN_CARDS.flatMap((name) => cardBlocks(CARD_LABELS[name].title, answer.data[name]));
      text = `${title}: ${formatCount(answer.data.usersBySource.total)} users, ${formatCount(answer.data.miniProgramsBySource.total)} mini programs`;
      break;
  }
  const blocks: KnownBlock[] = [header(title), context(escapeMrkdwn(period)), ...body];
  if (options.interactive !== false) blocks.push(...buildStatsActions(request, options.categories ?? []));
  if (options.note) blocks.push(context(options.note));
  return { text: clip(text, 3000), blocks: fitBlocks(blocks, (n) => `${n} more blocks did not fit in one message; Download Excel has everything.`) };
}

function merchantBlocks(data: MerchantsData): KnownBlock[] {
  const sum = (key: 'newTechnical' | 'newNonTechnical') => data.daily.filter((d) => d.day >= data.range.start).reduce((s, d) => s + d[key], 0);
  return [
    fields([
      metric('New merchants', data.newMerchants, data.newMerchantsPrevious),
      `*Total merchants*\n${formatCount(data.totalMerchants)}`,
      `*New technical*\n${formatCount(sum('newTechnical'))}`,
      `*New non-technical*\n${formatCount(sum('newNonTechnical'))}`,
    ]),
  ];
}

function appBlocks(apps: AppsRow[], total: number, more: string): KnownBlock[] {
  if (apps.length === 0) return [section('No target apps in this workspace yet.')];
  const blocks: KnownBlock[] = apps.map((a) =>
    section(
      [
        `*${escapeMrkdwn(a.name)}* \`${escapeMrkdwn(a.appId)}\``,
        `Users *${formatCount(a.users)}* ${formatChange(a.users, a.usersPrevious)} · Mini programs *${formatCount(a.miniPrograms)}* ${formatChange(a.miniPrograms, a.miniProgramsPrevious)}`,
        `\`${formatSparkline(a.trend.map((t) => t.users))}\``,
      ].join('\n'),
    ),
  );
  if (total > apps.length) blocks.push(context(`Showing ${apps.length} of ${total} apps. ${more}`));
  return blocks;
}

function statusBlock(status: StatusCounts): KnownBlock {
  const parts = keysOf(STATUS_GROUP_LABELS).map((k) => `${STATUS_GROUP_LABELS[k]} *${formatCount(status[k])}*`);
  return section(`*Mini programs now*\n${parts.join(' · ')}`);
}

/** Rows per card shown in the message; the workbook has them all. */
export const MAX_CARD_ROWS = 8;

function cardBlocks(title: string, card: BreakdownCard): KnownBlock[] {
  const head = `*${title}*: ${formatCount(card.total)} ${formatChange(card.total, card.totalPrevious)}`;
  if (card.rows.length === 0) return [divider(), section(`${head}\nNothing yet.`)];
  const lines = card.rows
    .slice(0, MAX_CARD_ROWS)
    .map(
      (r) =>
        `• ${escapeMrkdwn(r.key)}: *${formatCount(r.count)}* ${formatChange(r.count, r.countPrevious)} · ${formatShare(r.share)} (${formatShareChange(r.share, r.sharePrevious)})`,
    );
  if (card.rows.length > MAX_CARD_ROWS) lines.push(`_and ${card.rows.length - MAX_CARD_ROWS} more_`);
  return [divider(), section(`${head}\n${lines.join('\n')}`)];
}
