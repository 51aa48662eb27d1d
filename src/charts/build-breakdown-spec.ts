import type { TopLevelSpec } from 'vega-lite';
import { CARD_LABELS } from '../domain/labels.ts';
import type { BreakdownCardName, BreakdownData } from '../domain/types.ts';
import { formatCount, formatShare } from '../render/text/format-numbers.ts';
import { buildNoDataSpec } from './build-no-data-spec.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';
import { formatDayRange } from './format-day-range.ts';

const TOP_ROWS = 8;

/** Horizontal bars of one breakdown card: the top 8 rows, then "Other" for the rest, each labelled with count and share. */
export function buildBreakdownSpec(data: BreakdownData, card: BreakdownCardName): TopLevelSpec {
  const { total, rows } = data[card];
  const title = CARD_LABELS[card].title;
  const scope = data.category === null ? data.app.name : `${data.app.name} · Category: ${data.category}`;
  const subtitle = `${scope} · as of ${formatDayRange(data.range.end, data.range.end)} · ${formatCount(total)} in total`;
  // Rows with no count now exist only for the previous date; they have no bar to draw.
  const present = rows.filter((row) => row.count > 0);
  if (present.length === 0) return buildNoDataSpec(title, subtitle);

  const top = present.length > TOP_ROWS + 1 ? present.slice(0, TOP_ROWS) : present;
  const rest = present.slice(top.length);
  const bars = top.map((row) => ({ label: row.key === '' ? '(none)' : row.key, count: row.count, share: row.share, other: false }));
  if (rest.length > 0) {
    const count = rest.reduce((sum, row) => sum + row.count, 0);
    const share = total > 0 ? count / total : rest.reduce((sum, row) => sum + row.share, 0);
    let label = `Other (${rest.length} more)`;
    while (bars.some((bar) => bar.label === label)) label += ' ';
    bars.push({ label, count, share, other: true });
  }
  const values = bars.map((bar) => ({ ...bar, text: `${formatCount(bar.count)} · ${formatShare(bar.share)}` }));
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle, limit: CHART_SIZES.width },
    width: 400,
    height: { step: CHART_SIZES.barStep },
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        scale: { paddingInner: 0.25 },
        axis: { labelLimit: CHART_SIZES.labelLimit, labelFontSize: 12, labelColor: CHART_COLORS.text },
      },
      x: { field: 'count', type: 'quantitative', axis: null, scale: { zero: true, nice: false } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3 },
        encoding: {
          color: {
            condition: { test: 'datum.other', value: CHART_COLORS.other },
            value: CHART_COLORS.primary,
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, color: CHART_COLORS.text },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}
