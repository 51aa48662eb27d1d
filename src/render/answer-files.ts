/** The files of an answer: its charts as PNG images and its workbooks, named after what they show. */
import type { TopLevelSpec } from 'vega-lite';
import { renderPngOffThread } from './png/render-png-off-thread.ts';
import { renderWorkbook, type TableSheet } from './xlsx/table-workbook.ts';

/** A rendered file, ready to upload or write. */
export interface AnswerFile {
  filename: string;
  title: string;
  content: Buffer;
}

/** A chart of an answer: its file name (without period and extension), its title and its Vega-Lite spec. */
export interface ChartSpec {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** A workbook of an answer: its file name (without period and extension), its title and its sheets. */
export interface WorkbookSpec {
  name: string;
  title: string;
  sheets: () => readonly TableSheet[];
}

/** A name as a file name: letters, digits, `.`, `_` and `-` only. */
export function toFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'chart';
}

/** The charts as PNG files named `<name>-<suffix>.png` (the suffix says the period, e.g. `7d-2026-03-31`). */
export function renderChartFiles(charts: readonly ChartSpec[], suffix: string): Promise<AnswerFile[]> {
  return Promise.all(
    charts.map(async (chart) => ({ filename: `${toFileName(chart.name)}-${suffix}.png`, title: chart.title, content: await renderPngOffThread(chart.spec) })),
  );
}

/** The workbooks as XLSX files named `<name>-<suffix>.xlsx`. */
export async function renderWorkbookFiles(workbooks: readonly WorkbookSpec[], suffix: string): Promise<AnswerFile[]> {
  const files: AnswerFile[] = [];
  for (const workbook of workbooks) {
    files.push({ filename: `${toFileName(workbook.name)}-${suffix}.xlsx`, title: workbook.title, content: await renderWorkbook(workbook.sheets) });
  }
  return files;
}
