import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDirectory } from '../../src/import/import-directory.ts';
import { readBreakdown, readBreakdownDirect } from '../../src/stats/read-breakdown.ts';
import { readWorkspaceApps } from '../../src/stats/read-workspace-apps.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

const USERS = 600;
const header = (columns: string) => `${columns}\n`;
const usersCsv = (source: (u: number) => string) =>
  `${header('workspace_id,app_id,user_id,source') + Array.from({ length: USERS }, (_, u) => `ws,app,u${u},${source(u)}`).join('\n')}\n`;

/**
 * Users counted on their first day under their source, when the same import changes that source:
 * the sources are read beside the import's transaction, which must not give the old ones.
 */
describe.each(DATABASE_KINDS)('sources changed by the import that counts first days, on %s', (kind) => {
  let store: TestDatabase;
  const dirs: string[] = [];
  const folderOf = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miniapp-stats-sources-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  beforeAll(async () => {
    store = await createTestDatabase(kind);
    // The app and its users, with sources, before any activity.
    await importDirectory(
      store.db,
      folderOf({
        'workspaces.csv': `${header('workspace_id,name,slack_team_id,timezone')}ws,WS,T1,UTC\n`,
        'apps.csv': `${header('workspace_id,app_id,name')}ws,app,App\n`,
        'mini_programs.csv':
          header('workspace_id,mini_program_id,app_id,name,category,source,status,created_on') +
          'ws,mpA,app,A,Games,isv,full_release,2026-01-01\nws,mpB,app,B,Travel,isv,full_release,2026-01-01\n',
        'users.csv': usersCsv(() => 'wallet'),
      }),
    );
  });
  afterAll(async () => {
    await store?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts every first day under the source the same import gave the user', async () => {
    const activity = (day: string, users: number[], program: string) => users.map((u) => `ws,app,${program},u${u},${day},${1 + (u % 3)}`);
    const all = Array.from({ length: USERS }, (_, u) => u);
    // The app's first activity, with half the users moved to another source by the same import.
    await importDirectory(
      store.db,
      folderOf({
        'users.csv': usersCsv((u) => (u % 2 ? 'merchant' : 'wallet')),
        'activity.csv': `${header('workspace_id,app_id,mini_program_id,user_id,day,page_views') + activity('2026-03-01', all, 'mpA').join('\n')}\n`,
      }),
    );
    // Then a new category for some, with the sources moved again.
    await importDirectory(
      store.db,
      folderOf({
        'users.csv': usersCsv((u) => (u % 3 ? 'campaign' : 'merchant')),
        'activity.csv':
          header('workspace_id,app_id,mini_program_id,user_id,day,page_views') +
          activity(
            '2026-03-02',
            all.filter((u) => u % 4),
            'mpB',
          ).join('\n') +
          '\n',
      }),
    );
    const [app] = await readWorkspaceApps(store.db, 'ws');
    expect(await store.db('agg_state').where('app_ref', app!.ref).pluck('status')).toEqual(['fresh']);
    for (const category of [null, 'Games', 'Travel']) {
      for (const end of ['2026-03-01', '2026-03-02']) {
        const period = resolvePeriod(1, end);
        const answered = await readBreakdown(store.db, app!, category, period);
        expect(answered).toEqual(await readBreakdownDirect(store.db, app!, category, period));
        if (category !== 'Travel' || end === '2026-03-02') expect(answered.usersBySource.total).toBeGreaterThan(0);
      }
    }
  });
});
