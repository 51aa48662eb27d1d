import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderWorkbook, type WorkbookKind } from '../../../src/render/xlsx/render-workbook.ts';
import { makeAppData, makeAppsData, makeBreakdownData, makeMerchantsData } from './sample-data.ts';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('renderWorkbook', () => {
  it.each<[WorkbookKind, () => unknown, string[]]>([
    ['merchants', makeMerchantsData, ['Summary', 'Daily']],
    ['apps', makeAppsData, ['Summary', 'Apps', 'User trend']],
    ['app', makeAppData, ['Summary', 'Daily']],
    ['breakdown', makeBreakdownData, ['Summary', 'Mini programs by source', 'Users by source', 'Mini programs by category', 'Users by preferred category']],
  ])('renders the %s workbook into a Buffer', async (kind, makeData, sheets) => {
    const buffer = await renderWorkbook(kind, makeData() as never);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await load(buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(sheets);
  });

  it('keeps the typed data of each kind', async () => {
    const workbook = await load(await renderWorkbook('app', makeAppData('美食')));
    const daily = workbook.getWorksheet('Daily');
    expect(daily?.actualRowCount).toBe(31);
  });

  it('refuses an unknown kind', async () => {
    await expect(renderWorkbook('nope' as WorkbookKind, makeAppData() as never)).rejects.toThrow(/No workbook of kind "nope"/);
  });
});
