/**
 * Measures a large export: `npx tsx src/render/xlsx/measure-large-export.ts [rows] [--naive] [--keep]`.
 *
 * Writes `rows` (default 1,000,000) generated rows of 6 columns (day, app id, mini program, UV, PV,
 * share) with writeRowsWorkbook to a file in the temporary directory, and prints the time, the
 * peak RSS (sampled every 50 ms, and the kernel's VmHWM where there is one) and the file size.
 * `--naive` writes the same rows the way exceljs's documentation shows (column styles,
 * addRow().commit() in a loop that never waits), for comparison. `--keep` keeps the file.
 */
import { createWriteStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { type RowsColumn, writeRowsWorkbook } from './rows-workbook.ts';

const COLUMNS: RowsColumn[] = [
  { header: 'Day', key: 'day', numFmt: 'yyyy-mm-dd' },
  { header: 'App ID', key: 'appId' },
  { header: 'Mini program', key: 'miniProgram' },
  { header: 'UV', key: 'uv', numFmt: '#,##0' },
  { header: 'PV', key: 'pv', numFmt: '#,##0' },
  { header: 'Share', key: 'share', numFmt: '0.0%' },
];

const FIRST_DAY = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

function makeRow(i: number): unknown[] {
  return [
    new Date(FIRST_DAY + (i % 365) * DAY_MS),
    `app-${i % 50}`,
    `Mini program ${i} 小程序`,
    (i * 7919) % 100_003,
    (i * 104_729) % 1_000_003,
    (i % 1000) / 1000,
  ];
}

/** Rows as a database cursor would give them: asynchronously. */
async function* generateRows(count: number): AsyncGenerator<unknown[]> {
  for (let i = 0; i < count; i++) yield makeRow(i);
}

/** The loop a first attempt writes: exceljs's documented streaming usage, never waiting. */
async function writeNaively(count: number, output: NodeJS.WritableStream): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output as never,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet('Rows', { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = COLUMNS.map((column) => ({
    header: column.header,
    key: column.key,
    width: 14,
    style: column.numFmt ? { numFmt: column.numFmt } : {},
  })) as ExcelJS.Column[];
  for (let i = 0; i < count; i++) worksheet.addRow(makeRow(i)).commit();
  worksheet.autoFilter = `A1:F${count + 1}`;
  worksheet.commit();
  await workbook.commit();
}

async function readPeakFromKernel(): Promise<number | undefined> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

function toMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main(args: string[]): Promise<void> {
  const count = Number(args.find((arg) => !arg.startsWith('--')) ?? 1_000_000);
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Not a row count: ${args[0]}`);
  const naive = args.includes('--naive');
  const path = join(tmpdir(), `miniapp-stats-large-export-${process.pid}.xlsx`);

  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const output = createWriteStream(path);
    let sheets = 1;
    if (naive) await writeNaively(count, output);
    else sheets = (await writeRowsWorkbook(COLUMNS, generateRows(count), output)).sheetNames.length;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
    const kernelPeak = await readPeakFromKernel();
    const { size } = await stat(path);
    console.log(
      [
        `${naive ? 'naive exceljs loop' : 'writeRowsWorkbook'}: ${count.toLocaleString('en-US')} rows × ${COLUMNS.length} columns, ${sheets} sheet(s)`,
        `time: ${seconds.toFixed(1)} s`,
        `peak RSS: ${toMiB(sampledPeak)} (sampled every 50 ms)${kernelPeak === undefined ? '' : `, ${toMiB(kernelPeak)} (VmHWM)`}`,
        `file: ${toMiB(size)}${args.includes('--keep') ? ` at ${path}` : ''}`,
      ].join('\n'),
    );
  } finally {
    clearInterval(sampler);
    if (!args.includes('--keep')) await rm(path, { force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
