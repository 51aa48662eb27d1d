import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Knex } from 'knex';
import { resolveConsoleCaller } from '../access/resolve-console-caller.ts';
import { rebuildAggregates } from '../aggregates/rebuild-aggregates.ts';
import type { EnvOptions } from '../config/read-env-options.ts';
import { migrateDatabase, openDatabase } from '../db/database.ts';
import { DEMO_OPTIONS, generateDataset, MAIN_WORKSPACE } from '../generate/generate-dataset.ts';
import { writeDatasetCsv } from '../generate/write-dataset-csv.ts';
import { importDirectory } from '../import/import-directory.ts';
import { renderReplyText } from '../reports/render-reply.ts';
import { runCommand } from '../reports/run-command.ts';
import { addDays, todayIn } from '../util/days.ts';
import { describeFailure } from './describe-failure.ts';
import type { Io } from './io.ts';
import { writeReplyFiles } from './write-reply-files.ts';

export const DEMO_DATABASE = 'data/demo.sqlite';
const DEMO_ZONE = 'Asia/Singapore';

/** `demo [command]`: the console on an embedded SQLite file of generated data (made on first use). */
export async function runDemo(commandText: string, options: EnvOptions, io: Io): Promise<number> {
  const file = path.resolve(DEMO_DATABASE);
  const yesterday = addDays(todayIn(DEMO_ZONE), -1);
  let db = openDatabase(`sqlite:${file}`);
  try {
    await migrateDatabase(db);
    const latest = await db('activity').max<{ day: string | null }>('day as day').first();
    if (latest?.day !== yesterday) {
      if (latest?.day) {
        io.err(`The demo data ends on ${latest.day}; making fresh data up to ${yesterday}.`);
        await db.destroy();
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        db = openDatabase(`sqlite:${file}`);
        await migrateDatabase(db);
      }
      await fillDemoData(db, yesterday, io);
    }
    const caller = await resolveConsoleCaller(db, { workspaceId: MAIN_WORKSPACE });
    const answer = async (text: string) => {
      try {
        const reply = await runCommand({ db, caller }, text);
        const files = await writeReplyFiles(reply, options.outputDir);
        io.out(renderReplyText(reply));
        for (const written of files) io.out(`→ ${written}`);
        return reply.type === 'invalid' || reply.type === 'denied' ? 1 : 0;
      } catch (error) {
        io.err(describeFailure(error));
        return 1;
      }
    };
    if (commandText.trim() !== '') return await answer(commandText);
    io.out('> overview');
    await answer('overview');
    return await runConsole(answer, io);
  } finally {
    await db.destroy();
  }
}

async function fillDemoData(db: Knex, endDay: string, io: Io): Promise<void> {
  const started = Date.now();
  io.err(
    `Generating demo data: ${DEMO_OPTIONS.apps} apps, ${DEMO_OPTIONS.miniPrograms} mini programs, up to ${DEMO_OPTIONS.users.toLocaleString('en-US')} users, ${DEMO_OPTIONS.days} days up to ${endDay}…`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-demo-'));
  try {
    await writeDatasetCsv(generateDataset({ ...DEMO_OPTIONS, endDay }), dir);
    const summary = await importDirectory(db, dir, { deferAggregates: true });
    await rebuildAggregates(db);
    const rows = summary.files.map((f) => `${f.rows.toLocaleString('en-US')} ${f.file.replace('.csv', '')}`).join(', ');
    io.err(`Imported ${rows} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runConsole(answer: (text: string) => Promise<number>, io: Io): Promise<number> {
  io.out(
    '\nThe demo console: type what you would type after /miniapp-stats in Slack, e.g. `app wallet 7d`,\n`breakdown wallet 30d`, `apps sort:miniprograms`, `help`; `exit` to leave.',
  );
  const lines = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'miniapp-stats> ' });
  lines.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text !== '') await answer(text);
    lines.prompt();
  }
  lines.close();
  return 0;
}
