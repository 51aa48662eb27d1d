import type { ActionsBlock, Button } from '@slack/types';
import { METRIC_LABELS, VISITOR_METRICS } from '../../domain/labels.ts';
import type { StatsRequest } from '../../domain/requests.ts';
import type { PeriodDays } from '../../domain/types.ts';
import { buildCommandText } from '../../query/build-command-text.ts';
import { resolvePeriod } from '../../stats/resolve-period.ts';
import { actions, button, LIMITS, staticSelect } from './block-kit.ts';

export const ACTION = {
  period: 'miniapp_period',
  sort: 'miniapp_sort',
  metric: 'miniapp_metric',
  category: 'miniapp_category',
  exportExcel: 'miniapp_export',
} as const;

/** The block id of the category menu carries the current command (menus have no value of their own). */
export const COMMAND_BLOCK_PREFIX = 'cmd:';
export const ALL_CATEGORIES = '*';

const PERIODS: PeriodDays[] = [1, 7, 30];

/** Buttons and menus that refine an answer: each button carries the command it asks. */
export function buildStatsActions(request: StatsRequest, categories: string[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  const periodButtons: Button[] = PERIODS.map((days) =>
    button(
      days === 1 ? '1 day' : `${days} days`,
      `${ACTION.period}_${days}`,
      buildCommandText({ ...request, period: resolvePeriod(days, request.period.end) }),
      request.period.days === days ? 'primary' : undefined,
    ),
  );
  const first: Button[] = [...periodButtons];
  if (request.kind === 'apps') {
    first.push(
      button('Sort by users', `${ACTION.sort}_users`, buildCommandText({ ...request, sort: 'users' }), request.sort === 'users' ? 'primary' : undefined),
      button(
        'Sort by mini programs',
        `${ACTION.sort}_miniprograms`,
        buildCommandText({ ...request, sort: 'miniPrograms' }),
        request.sort === 'miniPrograms' ? 'primary' : undefined,
      ),
    );
  }
  if (request.kind !== 'overview') first.push(button('Download Excel', ACTION.exportExcel, buildCommandText(request, { export: true })));
  blocks.push(actions('miniapp_refine', first));
  if (request.kind === 'app') {
    blocks.push(
      actions(
        'miniapp_metric',
        VISITOR_METRICS.map((metric) =>
          button(
            `Trend: ${METRIC_LABELS[metric].short}`,
            `${ACTION.metric}_${metric}`,
            buildCommandText({ ...request, metric }),
            request.metric === metric ? 'primary' : undefined,
          ),
        ),
      ),
    );
  }
  if (request.kind === 'app' || request.kind === 'breakdown') {
    const current = buildCommandText(request);
    const menuCategories = categories.filter((c) => c.length <= LIMITS.optionValue);
    if (COMMAND_BLOCK_PREFIX.length + current.length <= LIMITS.blockId && menuCategories.length > 0) {
      const options = [{ text: 'All categories', value: ALL_CATEGORIES }, ...menuCategories.map((c) => ({ text: c, value: c }))];
      blocks.push(actions(`${COMMAND_BLOCK_PREFIX}${current}`, [staticSelect(ACTION.category, 'Category', options, request.category ?? ALL_CATEGORIES)]));
    }
  }
  return blocks;
}
