import type { TopLevelSpec } from 'vega-lite';
import { buildChartView } from './build-chart-view.ts';

/** Renders a Vega-Lite spec to an SVG document (1 px = 1 CSS px; text in the shipped font families). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = await buildChartView(spec);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
