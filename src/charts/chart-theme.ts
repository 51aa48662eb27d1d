import type { Config } from 'vega-lite';

/**
 * The look shared by every chart: fonts, colours, sizes.
 *
 * Fonts: the families the PNG renderer ships (src/render/png/shipped-fonts.ts), in fallback order:
 * Noto Sans for Latin, then Noto Sans S Chinese for Chinese and Japanese. Only their regular
 * weight is shipped, so nothing here asks for bold (a synthesised bold would be wider than
 * measured); hierarchy comes from size and colour instead.
 */
export const CHART_FONT = 'Noto Sans, Noto Sans S Chinese';

export const CHART_COLORS = {
  background: '#ffffff',
  text: '#1f2937',
  muted: '#6b7280',
  grid: '#e5e7eb',
  axis: '#9ca3af',
  primary: '#2563eb',
  technical: '#2563eb',
  nonTechnical: '#f59e0b',
  other: '#9ca3af',
} as const;

export const CHART_SIZES = {
  /** Plot width of a single chart, in CSS px (the PNG is twice that). */
  width: 560,
  height: 240,
  /** Height of each merchants panel. */
  panelHeight: 150,
  /** Small multiples: one cell's plot size and the number of columns. */
  cellWidth: 170,
  cellHeight: 80,
  columns: 3,
  /** Breakdown bars: height per row. */
  barStep: 26,
  /** Longest axis/legend label before it is cut with an ellipsis. */
  labelLimit: 200,
  titleFontSize: 16,
  subtitleFontSize: 12,
  labelFontSize: 11,
  axisTitleFontSize: 11,
  headerFontSize: 12,
  valueLabelFontSize: 11,
} as const;

export const CHART_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: CHART_COLORS.background,
  padding: 16,
  view: { stroke: null },
  title: {
    anchor: 'start',
    frame: 'bounds',
    fontSize: CHART_SIZES.titleFontSize,
    fontWeight: 'normal',
    color: CHART_COLORS.text,
    subtitleFontSize: CHART_SIZES.subtitleFontSize,
    subtitleFontWeight: 'normal',
    subtitleColor: CHART_COLORS.muted,
    subtitlePadding: 4,
    offset: 14,
  },
  axis: {
    labelFontSize: CHART_SIZES.labelFontSize,
    labelColor: CHART_COLORS.muted,
    labelLimit: CHART_SIZES.labelLimit,
    titleFontSize: CHART_SIZES.axisTitleFontSize,
    titleFontWeight: 'normal',
    titleColor: CHART_COLORS.muted,
    titlePadding: 8,
    gridColor: CHART_COLORS.grid,
    domainColor: CHART_COLORS.axis,
    tickColor: CHART_COLORS.axis,
  },
  axisX: { labelAngle: 0, grid: false },
  axisY: { domain: false, ticks: false, labelPadding: 6 },
  axisBand: { grid: false },
  legend: {
    orient: 'top',
    direction: 'horizontal',
    title: null,
    labelFontSize: CHART_SIZES.labelFontSize,
    labelColor: CHART_COLORS.text,
    labelLimit: CHART_SIZES.labelLimit,
    titleFontWeight: 'normal',
    symbolType: 'circle',
    symbolSize: 80,
    columnPadding: 16,
  },
  header: {
    labelFontSize: CHART_SIZES.headerFontSize,
    labelFontWeight: 'normal',
    labelColor: CHART_COLORS.text,
    labelAnchor: 'start',
    labelLimit: CHART_SIZES.cellWidth,
    titleFontWeight: 'normal',
  },
  range: {
    category: [CHART_COLORS.primary, CHART_COLORS.nonTechnical, '#10b981', '#ef4444', '#8b5cf6', '#06b6d4'],
  },
  line: { strokeWidth: 2, color: CHART_COLORS.primary },
  point: { size: 36, filled: true },
  bar: { color: CHART_COLORS.primary },
  text: { fontSize: CHART_SIZES.valueLabelFontSize, color: CHART_COLORS.text },
};
