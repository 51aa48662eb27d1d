/** The usage text of `/miniapp-stats` (and of the console), with examples: the reports' lines come from their definitions. */
import { listOptionWords, METRIC_WORDS } from '../query/command-words.ts';
import { REPORT_KINDS, REPORTS } from './index.ts';
import { describeDigestContents, PRIVATE_WORD } from './parse-command.ts';

export function buildHelpText(command = '/miniapp-stats'): string {
  const exportable = REPORT_KINDS.filter((kind) => REPORTS[kind].grammar.exportable);
  const withMetric = REPORT_KINDS.filter((kind) => REPORTS[kind].grammar.metric).map((kind) => `\`${kind}\``);
  return [
    `*${command}* shows the mini-program dashboard of your workspace.`,
    '',
    '*Commands*',
    ...REPORT_KINDS.map((kind) => `• \`${command} ${kind} ${REPORTS[kind].help.usage}\`: ${REPORTS[kind].help.summary}`),
    `• \`${command} export <${exportable.join('|')}> ...\`: the same data as an Excel workbook`,
    `• \`${command} digest add <#channel> [daily|weekly <weekday>] [HH:MM] [${describeDigestContents(' ...')}]\`, \`digest list\`, \`digest remove <id>\`, \`digest preview <id>\` (admins)`,
    `• \`${command} channel allow <#channel>\`, \`channel revoke <#channel>\`, \`channel list\` (admins): channels where answers are shared with everyone in them`,
    `• \`${command} whoami\`: your workspace and role as the app sees them`,
    '',
    '*Words* (any order, any case)',
    '• period: `1d`, `7d` (default), `30d`; also `day`, `week`, `month`',
    '• date: the last day of the period, `YYYY-MM-DD`, `today` or `yesterday` (default)',
    '• app: its id or name, quoted if it has spaces: `"Super App"`',
    '• category: `category:Games` or `cat:"Food & Beverage"`, or the name after the app',
    `• trend chart of ${withMetric.join(', ')}: ${listOptionWords('metric', METRIC_WORDS).join(', ')}`,
    `• \`${PRIVATE_WORD}\`: only you see the answer. Without it, answers are shared only where everyone in the conversation may see analytics (or an admin cleared the channel), else shown to you alone`,
    '',
    '*Examples*',
    `• \`${command} app wallet 7d\``,
    `• \`${command} app "Super App" 30d 2026-03-31 category:Games\``,
    `• \`${command} breakdown wallet month cat:"Food & Beverage"\``,
    `• \`${command} apps 30d sort:miniprograms\``,
    `• \`${command} export app wallet 30d\``,
    `• \`${command} digest add #growth weekly monday 09:00 app wallet 7d\``,
    `• \`${command} channel allow #growth\``,
  ].join('\n');
}
