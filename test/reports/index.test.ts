import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/domain/errors.ts';
import type { ReportKind, RequestOf } from '../../src/domain/reports.ts';
import { buildCommandText } from '../../src/reports/answers.ts';
import { app } from '../../src/reports/app.ts';
import { apps } from '../../src/reports/apps.ts';
import { buildHelpText } from '../../src/reports/help.ts';
import { findReport, isReportKind, REPORT_KINDS, REPORTS } from '../../src/reports/index.ts';
import { merchants } from '../../src/reports/merchants.ts';
import { overview } from '../../src/reports/overview.ts';
import { parseCommand } from '../../src/reports/parse-command.ts';
import type { ReportGrammar, ReportRegistry } from '../../src/reports/report-definition.ts';
import { resolvePeriod } from '../../src/stats/resolve-period.ts';
import { WORKSPACE } from './answer-fixtures.ts';

// @ts-expect-error a registry without a definition for every kind (here: breakdown) does not compile
const _incomplete: ReportRegistry = { overview, merchants, apps, app };

const base = { workspace: WORKSPACE, period: resolvePeriod(30, '2026-03-31') };
const wallet = { ref: 1, workspaceId: WORKSPACE.workspaceId, appId: 'wallet', name: 'Acme Wallet' };
/** A request of every report, with options away from their defaults. */
const SAMPLES: { [K in ReportKind]: RequestOf<K> } = {
  overview: { ...base, kind: 'overview' },
  merchants: { ...base, kind: 'merchants' },
  apps: { ...base, kind: 'apps', sort: 'miniPrograms' },
  app: { ...base, kind: 'app', app: wallet, category: 'Games', metric: 'pv' },
  breakdown: { ...base, kind: 'breakdown', app: wallet, category: 'Food & Beverage' },
};

/** An option word of the command language, by the grammar entry that allows it. */
const OPTION_WORDS: Record<'category' | 'sort' | 'metric', string> = { category: 'category:Games', sort: 'sort:users', metric: 'metric:new' };
const appWords = (kind: ReportKind) => (REPORTS[kind].grammar.app ? 'wallet ' : '');

describe('the registry of reports', () => {
  it('holds one definition per report kind, under its own kind, in the order help lists them', () => {
    expect(REPORT_KINDS).toEqual(['overview', 'merchants', 'apps', 'app', 'breakdown']);
    for (const kind of REPORT_KINDS) expect(findReport(kind).kind).toBe(kind);
    expect(isReportKind('app')).toBe(true);
    expect(isReportKind('toString')).toBe(false);
  });

  it('refuses a kind no report has', () => {
    expect(() => findReport('nope' as ReportKind)).toThrow(RangeError);
    expect(() => findReport('nope' as ReportKind)).toThrow(/No report of kind "nope"/);
  });

  it.each(REPORT_KINDS)('reads back the command text of a %s request', (kind) => {
    const request = SAMPLES[kind];
    for (const options of [{}, { export: REPORTS[kind].grammar.exportable }, { undated: true }]) {
      const parsed = parseCommand(buildCommandText(request, options));
      if (parsed.verb !== 'stats') throw new Error(`expected a stats command, got ${parsed.verb}`);
      expect(parsed.export).toBe('export' in options && options.export === true);
      expect(parsed.stats).toMatchObject({
        kind,
        period: 30,
        date: 'undated' in options ? null : { kind: 'day', day: '2026-03-31' },
        words: 'app' in request ? [request.app.appId] : [],
        category: 'category' in request ? request.category : null,
        sort: 'sort' in request ? request.sort : null,
        metric: 'metric' in request ? request.metric : null,
      });
    }
  });

  it.each(REPORT_KINDS)('parses the words the %s grammar takes and refuses the others, naming the reports that take them', (kind) => {
    const { grammar } = REPORTS[kind];
    for (const option of ['category', 'sort', 'metric'] as const) {
      const text = `${kind} ${appWords(kind)}7d ${OPTION_WORDS[option]}`;
      if (grammar[option]) {
        expect(() => parseCommand(text), text).not.toThrow();
        continue;
      }
      const takers = REPORT_KINDS.filter((other) => REPORTS[other].grammar[option]).map((other) => `\`${other}\``);
      expect(() => parseCommand(text), text).toThrow(InputError);
      expect(() => parseCommand(text), text).toThrow(takers.join(' and '));
    }
    if (grammar.app) expect(() => parseCommand(kind)).toThrow(/Which app\?/);
    else expect(() => parseCommand(`${kind} wallet`)).toThrow(new RegExp(`I don't understand "wallet": \`${kind}\` takes a period`));
  });

  it.each(REPORT_KINDS)('exports %s and posts it in digests as its grammar says', (kind) => {
    const { grammar } = REPORTS[kind];
    const exported = () => parseCommand(`export ${kind} ${appWords(kind)}`);
    if (grammar.exportable) expect(exported()).toMatchObject({ verb: 'stats', export: true, stats: { kind } });
    else expect(exported).toThrow(/Export what\?/);
    const digest = () => parseCommand(`digest add #growth daily ${kind} ${appWords(kind)}`);
    if (grammar.digest) expect(digest()).toMatchObject({ verb: 'digest', digest: { action: 'add', content: { kind } } });
    else expect(digest).toThrow(new RegExp(`I don't understand "${kind}" in \`digest add\`: .* then \`overview\` or \`app <app>\``));
  });

  it('lists every report in the help, with its usage and what it answers', () => {
    const help = buildHelpText('/miniapp-stats');
    for (const kind of REPORT_KINDS) {
      const { usage, summary } = REPORTS[kind].help;
      expect(help).toContain(`• \`/miniapp-stats ${kind} ${usage}\`: ${summary}`);
    }
    const exportable = REPORT_KINDS.filter((kind) => REPORTS[kind].grammar.exportable);
    expect(help).toContain(`export <${exportable.join('|')}> ...`);
  });

  it('keeps grammar flags consistent: a category narrows a report of one app', () => {
    for (const kind of REPORT_KINDS) {
      const grammar: ReportGrammar = REPORTS[kind].grammar;
      if (grammar.category) expect(grammar.app, kind).toBe(true);
    }
  });
});
