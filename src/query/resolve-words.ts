/** Resolves what the words of a command name: the end date in the workspace's zone, and the app and category. */
import { distance } from 'fastest-levenshtein';
import type { Knex } from 'knex';
import type { DateWord, StatsCommand } from '../domain/commands.ts';
import { InputError } from '../domain/errors.ts';
import type { AppRecord, WorkspaceRecord } from '../domain/records.ts';
import type { AppScope } from '../domain/reports.ts';
import type { Day } from '../domain/types.ts';
import { readAppCategories } from '../stats/read-app-categories.ts';
import { readWorkspaceApps } from '../stats/read-workspace-apps.ts';
import { addDays, todayIn } from '../util/days.ts';
import { echoInput } from './echo-input.ts';

/** The end date D: yesterday in the workspace's zone unless given; never after today. */
export function resolveEndDate(date: DateWord | null, timezone: string, now: Date): Day {
  const today = todayIn(timezone, now);
  if (date === null || date.kind === 'yesterday') return addDays(today, -1);
  if (date.kind === 'today') return today;
  if (date.day > today) {
    throw new InputError(`${date.day} is in the future: the latest date is today, ${today} (${timezone}).`);
  }
  return date.day;
}

/**
 * The app the first words of a command name (by id or name, exact spelling first, then ignoring
 * case), and the category: the words after the app, or `category:` (the stored spelling, matched
 * ignoring case). InputError names the closest apps or categories when nothing matches.
 */
export async function resolveAppScope(db: Knex, workspace: WorkspaceRecord, command: Pick<StatsCommand, 'words' | 'category'>): Promise<AppScope> {
  const apps = await readWorkspaceApps(db, workspace.workspaceId);
  const words = command.words;
  for (let take = countWordsThatFit(words, longestName(apps)); take >= 1; take--) {
    const app = matchApp(apps, words.slice(0, take).join(' '));
    if (!app) continue;
    const rest = words.slice(take).join(' ');
    if (rest !== '' && command.category !== null) {
      throw new InputError(`I don't understand "${echoInput(rest)}" after the app ${app.appId}: the category is already "${echoInput(command.category)}".`);
    }
    const typedCategory = rest !== '' ? rest : command.category;
    const category = typedCategory === null ? null : await matchCategory(db, app, typedCategory);
    return { app, category };
  }
  const typed = words.join(' ');
  const near = findClosest(typed, apps, (a) => [a.appId, a.name]).concat(words.length > 1 ? findClosest(words[0]!, apps, (a) => [a.appId, a.name]) : []);
  const suggestions = [...new Set(near.length ? near : apps.slice(0, 8))].map((a) => `${a.appId} (${a.name})`);
  const known = apps.length === 0 ? ' This workspace has no apps yet.' : ` ${near.length ? 'Closest' : 'Apps'}: ${suggestions.join(', ')}.`;
  throw new InputError(`Unknown app "${echoInput(typed)}".${known}`);
}

/** The length of the longest id or name of the apps, as typed or lower-cased (which may lengthen it). */
function longestName(apps: AppRecord[]): number {
  let longest = 0;
  for (const app of apps) {
    for (const name of [app.appId, app.name]) longest = Math.max(longest, name.length, name.toLowerCase().length);
  }
  return longest;
}

/**
 * How many of the first words, joined by spaces, are no longer than `longest`: only those can
 * name an app, so the lookup tries a bounded number of short prefixes, whatever was typed.
 */
function countWordsThatFit(words: readonly string[], longest: number): number {
  let length = -1;
  let count = 0;
  for (const word of words) {
    length += word.length + 1;
    if (length > longest) break;
    count++;
  }
  return count;
}

function matchApp(apps: AppRecord[], name: string): AppRecord | null {
  const lower = name.toLowerCase();
  const tiers = [
    apps.filter((a) => a.appId === name),
    apps.filter((a) => a.name === name),
    apps.filter((a) => a.appId.toLowerCase() === lower),
    apps.filter((a) => a.name.toLowerCase() === lower),
  ];
  for (const tier of tiers) {
    if (tier.length === 1) return tier[0]!;
    if (tier.length > 1) {
      throw new InputError(`"${echoInput(name)}" names several apps: ${tier.map((a) => `${a.appId} (${a.name})`).join(', ')}. Use the app id exactly.`);
    }
  }
  return null;
}

/** The stored spelling of a category of the app, matched case-insensitively (exact spelling wins). */
async function matchCategory(db: Knex, app: AppRecord, typed: string): Promise<string> {
  const categories = await readAppCategories(db, app);
  if (categories.includes(typed)) return typed;
  const matches = categories.filter((c) => c.toLowerCase() === typed.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new InputError(`"${echoInput(typed)}" matches several categories of ${app.appId}: ${matches.map((c) => `"${c}"`).join(', ')}. Type it exactly.`);
  }
  const near = findClosest(typed, categories, (c) => [c], 5);
  const list = (near.length ? near : categories.slice(0, 12)).map((c) => `"${c}"`).join(', ');
  throw new InputError(
    categories.length === 0
      ? `App ${app.appId} has no mini programs, so no categories.`
      : `App ${app.appId} has no category "${echoInput(typed)}". ${near.length ? 'Closest' : 'Categories'}: ${list}.`,
  );
}

/** The candidates that look most like `input` (case-insensitive edit distance, or containing it). */
export function findClosest<T>(input: string, candidates: T[], labelsOf: (candidate: T) => string[], limit = 3): T[] {
  const needle = input.toLowerCase();
  const scored = candidates.map((candidate) => {
    const scores = labelsOf(candidate).map((label) => {
      const hay = label.toLowerCase();
      if (hay.includes(needle) || needle.includes(hay)) return 0.5;
      const longer = Math.max(needle.length, hay.length, 1);
      // The distance is at least the difference in length: past the cut-off either way, and not worth computing.
      if (Math.abs(needle.length - hay.length) / longer > 0.6) return 1;
      return distance(needle, hay) / longer;
    });
    return { candidate, score: Math.min(...scores) };
  });
  return scored
    .filter((s) => s.score <= 0.6)
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((s) => s.candidate);
}
