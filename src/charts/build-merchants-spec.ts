import type { TopLevelSpec } from 'vega-lite';
import { MERCHANT_LABELS, REPORT_TITLES } from '../domain/labels.ts';
import type { MerchantsData } from '../domain/types.ts';
import { formatCount } from '../render/text/format-numbers.ts';
import { buildDayXEncoding } from './build-day-x-encoding.ts';
import { buildNoDataSpec } from './build-no-data-spec.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';
import { formatDayRange } from './format-day-range.ts';

/** With nothing but zeros the axis still runs 0 to 1, rather than around 0. */
const ZERO_DOMAIN = { scale: { domain: [0, 1] } };

const TECHNICAL = MERCHANT_LABELS.technical;
const NON_TECHNICAL = MERCHANT_LABELS.nonTechnical;

/**
 * Merchant onboarding: new technical and non-technical merchants per day (stacked bars), over
 * each kind's running total across the trend range (lines), one legend for both panels.
 */
export function buildMerchantsSpec(data: MerchantsData): TopLevelSpec {
  const title = REPORT_TITLES.merchants;
  const headline =
    `${formatCount(data.newMerchants)} new in ${formatDayRange(data.range.start, data.range.end)}` +
    ` (previous period ${formatCount(data.newMerchantsPrevious)}) · ${formatCount(data.totalMerchants)} in total`;
  const first = data.daily[0];
  if (first === undefined) return buildNoDataSpec(title, headline);

  const days = data.daily.map((day) => day.day);
  const values = data.daily.flatMap((day) => [
    { day: day.day, kind: TECHNICAL, order: 0, added: day.newTechnical, cumulative: day.cumulativeTechnical },
    { day: day.day, kind: NON_TECHNICAL, order: 1, added: day.newNonTechnical, cumulative: day.cumulativeNonTechnical },
  ]);
  const color = {
    field: 'kind',
    type: 'nominal',
    scale: { domain: [TECHNICAL, NON_TECHNICAL], range: [CHART_COLORS.technical, CHART_COLORS.nonTechnical] },
    legend: { orient: 'top', direction: 'horizontal', title: null },
  } as const;
  const noneAdded = values.every((row) => row.added === 0);
  const noneInTotal = values.every((row) => row.cumulative === 0);
  const x = buildDayXEncoding(days, { maxLabels: 10, scaleType: 'band' });
  // Anchored to the plot (not to the axis labels, whose width differs by panel), like the legend.
  const panelTitle = (text: string) => ({ text, frame: 'group', fontSize: 13, color: CHART_COLORS.text, offset: 8 }) as const;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle: headline, limit: CHART_SIZES.width },
    data: { values },
    spacing: 24,
    resolve: { scale: { color: 'shared', x: 'shared' } },
    vconcat: [
      {
        title: panelTitle('New merchants per day'),
        width: CHART_SIZES.width,
        height: CHART_SIZES.panelHeight,
        mark: { type: 'bar' },
        encoding: {
          x,
          y: {
            field: 'added',
            type: 'quantitative',
            stack: 'zero',
            title: null,
            ...(noneAdded ? ZERO_DOMAIN : {}),
            axis: { format: ',d', tickMinStep: 1, tickCount: 4 },
          },
          color,
          order: { field: 'order', type: 'quantitative' },
        },
      },
      {
        title: panelTitle(`Running total since ${formatDayRange(first.day, first.day)}`),
        width: CHART_SIZES.width,
        height: CHART_SIZES.panelHeight,
        mark: { type: 'line', point: true },
        encoding: {
          x: { ...x, bandPosition: 0.5 },
          y: {
            field: 'cumulative',
            type: 'quantitative',
            title: null,
            ...(noneInTotal ? ZERO_DOMAIN : {}),
            axis: { format: ',d', tickMinStep: 1, tickCount: 4 },
          },
          color,
        },
      },
    ],
  };
}
