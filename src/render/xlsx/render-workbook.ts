import type { AppData, AppsData, BreakdownData, MerchantsData } from '../../domain/types.ts';
import { renderWorkbook as renderSheets, type TableSheet } from './table-workbook.ts';
import { buildAppSheets } from './write-app-workbook.ts';
import { buildAppsSheets } from './write-apps-workbook.ts';
import { buildBreakdownSheets } from './write-breakdown-workbook.ts';
import { buildMerchantsSheets } from './write-merchants-workbook.ts';

export interface WorkbookDataByKind {
  merchants: MerchantsData;
  apps: AppsData;
  app: AppData;
  breakdown: BreakdownData;
}

export type WorkbookKind = keyof WorkbookDataByKind;

const SHEETS: { [K in WorkbookKind]: (data: WorkbookDataByKind[K]) => TableSheet[] } = {
  merchants: buildMerchantsSheets,
  apps: buildAppsSheets,
  app: buildAppSheets,
  breakdown: buildBreakdownSheets,
};

/** The workbook of an answer (`export merchants|apps|app|breakdown`) as a Buffer, e.g. to upload to Slack. */
export async function renderWorkbook<K extends WorkbookKind>(kind: K, data: WorkbookDataByKind[K]): Promise<Buffer> {
  if (!Object.hasOwn(SHEETS, kind)) throw new RangeError(`No workbook of kind ${JSON.stringify(kind)}`);
  const build: (data: WorkbookDataByKind[K]) => TableSheet[] = SHEETS[kind];
  return renderSheets(() => build(data));
}
