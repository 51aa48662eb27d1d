/**
 * `npm run bench`: a generated platform written straight into a database, then every figure the
 * targets name measured on it (see bench-report.ts for what is printed).
 */
import { openDatabase, redactUrl } from '../db/database.ts';
import { resolvePeriod } from '../stats/resolve-period.ts';
import { addDays, todayIn } from '../util/days.ts';
import { BenchReport } from './bench-report.ts';
import { describeBenchStore, loadBenchStore, measureStorage, prepareDatabase, readExistingSize } from './bench-store.ts';
import { scaleBenchShape } from './generate-bench-data.ts';
import { measureAckLatencyInChild } from './measure-ack-latency.ts';
import { measureAnswers } from './measure-answers.ts';
import { measureClearance } from './measure-clearance.ts';
import { measureImports } from './measure-imports.ts';
import { measureLargeExport, measurePng } from './measure-outputs.ts';

export interface BenchOptions {
  rows: number;
  runs: number;
  databaseUrl: string;
  /** Keep the data of an earlier run of the same size instead of generating it again. */
  reuse: boolean;
  log: (line: string) => void;
}

export const DEFAULT_BENCH_URL = 'mysql://root@127.0.0.1:3306/miniapp_bench';

/** Generates the data set (unless `reuse` finds one of the size), measures, and returns the report. */
export async function runBench(options: BenchOptions): Promise<string> {
  const { log, runs, databaseUrl } = options;
  await prepareDatabase(databaseUrl, false);
  let db = openDatabase(databaseUrl);
  try {
    const endDay = addDays(todayIn('Asia/Singapore'), -1);
    if (!options.reuse || (await readExistingSize(db)) !== options.rows) {
      log(`Generating ${options.rows.toLocaleString('en-US')} activity rows into ${redactUrl(databaseUrl)}…`);
      db = await loadBenchStore(db, databaseUrl, options.rows, endDay, log);
    }
    const store = await describeBenchStore(db);
    const report = new BenchReport(store, log);
    log(`Measuring on ${store.version}, ${report.describeStore()}; median of ${runs} warm runs.`);
    const period = resolvePeriod(30, endDay);
    const answers = await measureAnswers(db, databaseUrl, { biggest: store.biggest, category: store.category, period, runs }, (time) => report.addAnswer(time));
    report.addStorage(await measureStorage(db, store.total));
    const imports = await measureImports(db, scaleBenchShape(options.rows, endDay), (day, fresh) => report.logImportedDay(day, fresh));
    report.addImports(imports);
    const png = await measurePng(db, store.biggest, period, runs);
    report.addPng(png);
    const xlsx = await measureLargeExport();
    report.addXlsx(xlsx);
    const ack = await measureAckLatencyInChild(databaseUrl, 200, `app ${store.biggest.appId} 7d`, 9);
    report.addAck(ack);
    report.addClearance(await measureClearance(db));
    return report.format({ answers, imports, png, ack, xlsx });
  } finally {
    await db.destroy();
  }
}
