/** The bench's output: a progress line per measurement as it comes, then the table and the summary line. */
import os from 'node:os';
import type { BenchStore, StorageUse } from './bench-store.ts';
import type { AckLatency, Percentiles } from './measure-ack-latency.ts';
import type { AnswerTime, AnswerTimes } from './measure-answers.ts';
import type { ClearanceThroughput } from './measure-clearance.ts';
import type { ImportedDay, ImportTimes } from './measure-imports.ts';

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pair = (p: Percentiles) => `p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms`;
const ratio = (r: AnswerTime) => `${r.stopped ? '>' : ''}${fmt(r.direct / r.fast)}x`;

/** Collects the table's rows as the measurements come, telling `log` of each. */
export class BenchReport {
  private readonly rows: string[][] = [];

  constructor(
    private readonly store: BenchStore,
    private readonly log: (line: string) => void,
  ) {}

  /** The data measured on, for the first line. */
  describeStore(): string {
    const { store } = this;
    return `${store.total.toLocaleString('en-US')} activity rows (${store.apps.length} apps, ${store.users.toLocaleString('en-US')} app users, ${store.programs.toLocaleString('en-US')} mini programs; biggest app ${store.biggest.appId} ${store.biggestRows.toLocaleString('en-US')} rows)`;
  }

  addAnswer({ name, fast, direct, stopped }: AnswerTime): void {
    const over = stopped ? '> ' : '';
    this.rows.push([name, `${fmt(fast)} ms`, `${over}${fmt(direct)} ms${stopped ? ' (stopped)' : ''}`, `${over}${fmt(direct / fast)}×`]);
    this.log(`  ${name}: ${fmt(fast)} ms (direct ${over}${fmt(direct)} ms${stopped ? ', stopped' : ''})`);
  }

  addStorage(storage: StorageUse | null): void {
    if (!storage) return;
    const [aggregates, activity] = [fmt(storage.aggregatesPerMillion / 2 ** 20), fmt(storage.activityPerMillion / 2 ** 20)];
    this.rows.push([`aggregate storage per 1M activity rows`, `${aggregates} MB`, `activity ${activity} MB`, '']);
    this.log(`  storage per 1M rows: aggregates ${aggregates} MB, activity ${activity} MB`);
  }

  logImportedDay(day: ImportedDay, fresh: boolean): void {
    if (fresh) this.log(`  import a generated day (${day.day}): ${fmt(day.seconds, 2)} s${newUsersOf(day)}`);
    else this.log(`  import one day (${day.day}): ${fmt(day.seconds, 2)} s`);
  }

  addImports({ repeated, medianSeconds, fresh }: ImportTimes): void {
    const each = repeated.map((i) => fmt(i.seconds, 2)).join(', ');
    this.rows.push([
      `import one day (${repeated[0]!.rows.toLocaleString('en-US')} rows, the last day's users again), median of ${repeated.length} days (${each} s)`,
      `${fmt(medianSeconds, 2)} s`,
      '',
      '',
    ]);
    this.rows.push([
      `import a day drawn like the generated ones (${fresh.rows.toLocaleString('en-US')} rows)${newUsersOf(fresh)}`,
      `${fmt(fresh.seconds, 2)} s`,
      '',
      '',
    ]);
  }

  addPng(ms: number): void {
    this.rows.push(['png (30-day trend, 2×)', `${fmt(ms)} ms`, '', '']);
    this.log(`  png: ${fmt(ms)} ms`);
  }

  addXlsx(xlsx: { seconds: number; peakMb: number }): void {
    this.rows.push(['xlsx export, 1,000,000 rows', `${fmt(xlsx.seconds)} s, peak RSS ${xlsx.peakMb} MB`, '', '']);
    this.log(`  xlsx: ${fmt(xlsx.seconds)} s, ${xlsx.peakMb} MB`);
  }

  addAck(ack: AckLatency): void {
    this.rows.push(['ack, 200 concurrent slash commands: sent → acknowledged', pair(ack.acknowledged), '', '']);
    this.rows.push(['  round trip seen by the load generator', pair(ack.roundTrip), '', '']);
    this.rows.push(['  a do-nothing Node server, same load: sent → answered', pair(ack.floor.acknowledged), '', '']);
    this.rows.push(['  a do-nothing Node server: round trip', pair(ack.floor.roundTrip), '', '']);
    this.log(
      `  ack: sent → acknowledged ${pair(ack.acknowledged)}; round trip ${pair(ack.roundTrip)}; do-nothing server ${pair(ack.floor.acknowledged)}, round trip ${pair(ack.floor.roundTrip)}`,
    );
  }

  addClearance({ members, coldPerSecond, cachedPerSecond }: ClearanceThroughput): void {
    const perSecond = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 0 })} members/s`;
    this.rows.push([
      `clearance check of a ${members.toLocaleString('en-US')}-member channel against the stand-in, no profile cached`,
      perSecond(coldPerSecond),
      '',
      '',
    ]);
    this.rows.push(['  the same channel again, profiles cached', perSecond(cachedPerSecond), '', '']);
    this.log(`  clearance of ${members.toLocaleString('en-US')} members: ${perSecond(coldPerSecond)} (profiles cached: ${perSecond(cachedPerSecond)})`);
  }

  /** The whole report: the machine and data, the table, and the summary line of the figures the targets name. */
  format(summary: { answers: AnswerTimes; imports: ImportTimes; png: number; ack: AckLatency; xlsx: { peakMb: number } }): string {
    const { app30, breakdown } = summary.answers;
    const line = `bench: app30 ${fmt(app30.fast)} ms (${ratio(app30)} direct), breakdown ${fmt(breakdown.fast)} ms (${ratio(breakdown)}), import-day ${fmt(summary.imports.medianSeconds, 2)} s, png ${fmt(summary.png)} ms, ack-p99 ${fmt(summary.ack.acknowledged.p99)} ms, xlsx-1M ${summary.xlsx.peakMb} MB`;
    const header = `miniapp-stats bench · ${this.store.version} · ${this.describeStore()} · ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
    return [header, '', formatTable([['figure', 'answer', 'direct', 'ratio'], ...this.rows]), '', line].join('\n');
  }
}

/** How many of a day's users were new to their app. */
function newUsersOf(day: ImportedDay): string {
  return day.users ? ` (${fmt((100 * day.newUsers) / day.users)} % of its ${day.users.toLocaleString('en-US')} users new to the app)` : '';
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
