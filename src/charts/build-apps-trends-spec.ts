import type { TopLevelSpec } from 'vega-lite';
import { SORT_LABELS } from '../domain/labels.ts';
import type { AppsData } from '../domain/types.ts';
import { buildDayXEncoding } from './build-day-x-encoding.ts';
import { buildNoDataSpec } from './build-no-data-spec.ts';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';
import { formatDayRange } from './format-day-range.ts';

const DEFAULT_MAX_APPS = 12;

/** 3 columns, or 4 when that leaves fewer empty cells in the last row (8 apps: 4 × 2, not 3 + 3 + 2). */
function pickColumns(count: number): number {
  if (count <= CHART_SIZES.columns) return count;
  const empty = (columns: number) => (columns - (count % columns)) % columns;
  return empty(CHART_SIZES.columns + 1) < empty(CHART_SIZES.columns) ? CHART_SIZES.columns + 1 : CHART_SIZES.columns;
}

/** Small multiples of each app's daily users, in the data's order, at most `maxApps` (default 12) of them. */
export function buildAppsTrendsSpec(data: AppsData, options: { maxApps?: number } = {}): TopLevelSpec {
  const maxApps = Math.max(1, Math.floor(options.maxApps ?? DEFAULT_MAX_APPS));
  const shown = data.apps.slice(0, maxApps);
  const sortedBy = SORT_LABELS[data.sort].name;
  const title = data.apps.length > shown.length ? `Daily users: top ${shown.length} of ${data.apps.length} apps by ${sortedBy}` : 'Daily users by app';
  const subtitle = formatDayRange(shown[0]?.trend[0]?.day ?? data.range.start, shown[0]?.trend[shown[0].trend.length - 1]?.day ?? data.range.end);
  if (shown.length === 0) return buildNoDataSpec(title, subtitle);

  // Facet headers are the app names; two apps of the same name are told apart by their ids.
  const nameCounts = new Map<string, number>();
  for (const app of shown) nameCounts.set(app.name, (nameCounts.get(app.name) ?? 0) + 1);
  const headers = shown.map((app) => ((nameCounts.get(app.name) ?? 0) > 1 ? `${app.name} (${app.appId})` : app.name));
  const days = [...new Set(shown.flatMap((app) => app.trend.map((point) => point.day)))].sort();
  const values = shown.flatMap((app, index) =>
    app.trend.map((point, pointIndex) => ({ app: headers[index]!, day: point.day, users: point.users, first: pointIndex === 0 })),
  );
  const columns = pickColumns(shown.length);
  const width = columns * CHART_SIZES.cellWidth + (columns - 1) * 64;
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: { text: title, subtitle, limit: width },
    data: { values },
    columns,
    // Lay the cells out by their plot size alone, so every header in a row sits at the same
    // height whatever each cell's axis sticks out by; the spacing makes room for the y labels.
    bounds: 'flush',
    spacing: { row: 44, column: 64 },
    facet: {
      field: 'app',
      type: 'nominal',
      sort: headers,
      title: null,
      header: { labelExpr: "''", labelFontSize: 0, labelPadding: 0 },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: CHART_SIZES.cellWidth,
      height: CHART_SIZES.cellHeight,
      layer: [
        {
          // No points: at this size they add clutter (and a mark per cell to render).
          mark: { type: 'line', color: CHART_COLORS.primary },
          encoding: {
            x: buildDayXEncoding(days, { maxLabels: 3, scaleType: 'point' }),
            y: {
              field: 'users',
              type: 'quantitative',
              title: null,
              // With nothing but zeros the axis still runs 0 to 1, not around 0.
              scale: { zero: true, nice: true, domain: { unionWith: [0, 1] } },
              axis: {
                tickMinStep: 1,
                tickCount: 3,
                // 12000 → "12k"; a plain format() call, not the axis's shared SI prefix (which writes "0k").
                labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')",
              },
            },
          },
        },
        {
          // The app's name at a fixed place above its plot (facet headers would move with each cell's axes).
          transform: [{ filter: 'datum.first' }],
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'alphabetic',
            x: 0,
            y: -12,
            fontSize: CHART_SIZES.headerFontSize,
            color: CHART_COLORS.text,
            limit: CHART_SIZES.cellWidth,
          },
          encoding: { text: { field: 'app', type: 'nominal' } },
        },
      ],
    },
  };
}
