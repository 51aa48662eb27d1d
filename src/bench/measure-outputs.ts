/** What an answer sends besides its text, timed: a chart drawn to PNG, and a 1M-row workbook written in a child process. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import type { AppRecord } from '../domain/records.ts';
import type { Period } from '../domain/types.ts';
import { renderPng } from '../render/png/render-png.ts';
import { buildAppTrendSpec } from '../reports/app.ts';
import { readAppDetails } from '../stats/read-app-details.ts';
import { timeMedian } from './timing.ts';

const exec = promisify(execFile);

/** Milliseconds to draw the app's UV trend at 2×: the median of at least 10 runs. */
export async function measurePng(db: Knex, app: AppRecord, period: Period, runs: number): Promise<number> {
  const detail = await readAppDetails(db, app, null, period);
  return timeMedian(() => renderPng(buildAppTrendSpec(detail, 'uv')), Math.max(runs, 10));
}

/** An export of 1,000,000 rows as src/render/xlsx/measure-large-export.ts writes it: its time and peak RSS. */
export async function measureLargeExport(): Promise<{ seconds: number; peakMb: number }> {
  const script = new URL('../render/xlsx/measure-large-export.ts', import.meta.url).pathname;
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', script, '1000000'], { maxBuffer: 1 << 20 });
  const seconds = Number(/time: ([\d.]+) s/.exec(stdout)?.[1]);
  const peak = /([\d.]+) MB \(VmHWM\)/.exec(stdout)?.[1] ?? /peak RSS: ([\d.]+) MB/.exec(stdout)?.[1];
  return { seconds, peakMb: Number(peak) };
}
