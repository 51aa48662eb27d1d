import type { TopLevelSpec } from 'vega-lite';
import { METRIC_LABELS } from '../domain/labels.ts';
import type { AppData, VisitorMetric } from '../domain/types.ts';
import { buildDayXEncoding } from './build-day-x-encoding.ts';
import { buildNoDataSpec } from './build-no-data-spec.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';
import { formatDayRange } from './format-day-range.ts';

/** With nothing but zeros the axis still runs 0 to 1, rather than around 0. */
const ZERO_DOMAIN = { domain: [0, 1], nice: false };

/** Series this short get their values written above the points. */
const MAX_LABELLED_POINTS = 14;

/** Line chart of one app's daily series for one metric (UV, PV, new or lifetime visitors). */
export function buildAppTrendSpec(data: AppData, metric: VisitorMetric): TopLevelSpec {
  const label = METRIC_LABELS[metric].label;
  const title = data.app.name;
  // The category closes the subtitle: if a long one must be cut, the metric and dates stay whole.
  const category = data.category === null ? '' : ` · Category: ${data.category}`;
  const first = data.daily[0];
  const last = data.daily[data.daily.length - 1];
  if (first === undefined || last === undefined) {
    return buildNoDataSpec(title, `${label} per day · ${formatDayRange(data.range.start, data.range.end)}${category}`);
  }
  const days = data.daily.map((day) => day.day);
  const values = data.daily.map((day) => ({ day: day.day, value: day[metric] }));
  const labelled = values.length <= MAX_LABELLED_POINTS;
  const allZero = values.every((point) => point.value === 0);
  // Lifetime visitors only grow: drawn from zero their line would look flat, so zoom in on it.
  const zoomed = metric === 'lifetimeVisitors' && !allZero;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: {
      text: title,
      subtitle: `${label} per day · ${formatDayRange(first.day, last.day)}${category}`,
      limit: CHART_SIZES.width,
    },
    width: CHART_SIZES.width,
    height: CHART_SIZES.height,
    data: { values },
    encoding: {
      x: buildDayXEncoding(days, { maxLabels: 10, scaleType: 'point' }),
      y: {
        field: 'value',
        type: 'quantitative',
        title: label,
        scale: zoomed ? { zero: false, nice: true } : allZero ? ZERO_DOMAIN : { zero: true, nice: true },
        axis: { format: ',d', tickMinStep: 1, tickCount: 5 },
      },
    },
    layer: [
      { mark: { type: 'line', color: CHART_COLORS.primary, point: { color: CHART_COLORS.primary } } },
      ...(labelled
        ? [
            {
              mark: { type: 'text' as const, dy: -12, color: CHART_COLORS.text },
              encoding: { text: { field: 'value', type: 'quantitative' as const, format: ',d' } },
            },
          ]
        : []),
    ],
  };
}
