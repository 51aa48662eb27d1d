import type { TopLevelSpec } from 'vega-lite';
import { CHART_COLORS, CHART_CONFIG, CHART_SCHEMA, CHART_SIZES } from './chart-theme.ts';

/** A chart that says "No data" under the given title, for an empty series or card. */
export function buildNoDataSpec(title: string, subtitle?: string): TopLevelSpec {
  return {
    $schema: CHART_SCHEMA,
    config: CHART_CONFIG,
    title: subtitle === undefined ? { text: title } : { text: title, subtitle },
    width: CHART_SIZES.width,
    height: 120,
    data: { values: [{ message: 'No data' }] },
    mark: { type: 'text', fontSize: 14, color: CHART_COLORS.muted },
    encoding: { text: { field: 'message', type: 'nominal' } },
  };
}
