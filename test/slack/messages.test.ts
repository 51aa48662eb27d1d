import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { buildPrivateAnswerMessage, buildSharedAnswerMessage, describeUnclearedConversation } from '../../src/slack/messages.ts';
import { sampleAppsData } from '../charts/chart-fixtures.ts';
import { answers } from '../reports/answer-fixtures.ts';
import { checkBlocks } from '../support/slack/block-kit-limits.ts';

// The apps answer reads no menu categories: no database is asked.
const db = {} as Knex;
const answer = answers.apps(sampleAppsData({ apps: 30 }));
const lastText = (blocks: { type: string; elements?: { text?: string }[] }[]) => blocks.at(-1)!.elements![0]!.text;

describe('the messages of who sees an answer', () => {
  it('ends a shared answer with who asked, the command as typed (escaped) and how fresh the data is', async () => {
    const message = await buildSharedAnswerMessage(
      db,
      answer,
      { userId: 'U0ADMIN', command: '/miniapp-stats', text: 'apps <b> & `x` *bold*' },
      { lastDay: '2026-10-15', zone: 'Asia/Singapore' },
    );
    expect(lastText(message.blocks as never)).toBe(
      'Asked by <@U0ADMIN> · `/miniapp-stats apps &lt;b&gt; &amp; ˋxˋ *bold*` · data through 2026-10-15 (Asia/Singapore)',
    );
    expect(checkBlocks(message.blocks)).toEqual([]);
    // The controls stay: a click answers the clicker alone.
    expect(JSON.stringify(message.blocks)).toContain('miniapp_period_30');
    const empty = await buildSharedAnswerMessage(db, answer, { userId: 'U0ADMIN', command: '/miniapp-stats', text: '' }, { lastDay: null, zone: 'UTC' });
    expect(lastText(empty.blocks as never)).toBe('Asked by <@U0ADMIN> · `/miniapp-stats` · no activity yet (UTC)');
  });

  it('says in a private answer why only the caller sees it and where its files are', async () => {
    const message = await buildPrivateAnswerMessage(db, answer, 'you asked for it with `private`.', { workbook: true });
    expect(lastText(message.blocks as never)).toBe(
      ':lock: Only you can see this answer: you asked for it with `private`. Your charts and workbook are in our direct messages.',
    );
    expect(JSON.stringify(message.blocks)).toContain('miniapp_period_30');
  });

  it.each([
    [
      { cleared: false, reason: 'members', humans: 12, withoutRole: 3 } as const,
      /^3 of the 12 members of <#C1> cannot see A &amp; B analytics\. To share answers there, an admin can run `\/s channel allow #channel`/,
    ],
    [{ cleared: false, reason: 'members', humans: 1, withoutRole: 1 } as const, /^The one member of <#C1> cannot see/],
    [{ cleared: false, reason: 'members', humans: 4, withoutRole: 4 } as const, /^All 4 members of <#C1> cannot see/],
    [{ cleared: false, reason: 'checking' } as const, /^I am still checking who is in <#C1>\. The check goes on/],
    [{ cleared: false, reason: 'unreadable', code: 'channel_not_found' } as const, /^I cannot see who is in <#C1> \(channel_not_found\)/],
  ])('explains %j', (clearance, text) => {
    expect(describeUnclearedConversation(clearance, { where: '<#C1>', workspaceName: 'A & B', command: '/s' })).toMatch(text);
  });
});
