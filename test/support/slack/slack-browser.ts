/**
 * A browser going through Slack's OAuth install flow against the app and the Slack stand-in:
 * open the install page (keep its state cookie), follow its "Add to Slack" link (to the stand-in
 * in place of slack.com), which sends the browser back to the app's redirect URL with a code.
 */
import type { FakeOAuthGrant, FakeSlackApi } from './fake-slack-api.ts';

export const STATE_COOKIE = 'slack-app-oauth-state';

export interface PageAnswer {
  status: number;
  body: string;
  headers: Headers;
}

export interface OpenedInstallPage extends PageAnswer {
  /** The "Add to Slack" link as the page has it. */
  authorizeUrl: URL;
  /** `slack-app-oauth-state=…`, as the browser sends it back. */
  cookie: string;
}

export async function fetchPage(url: string, cookie?: string): Promise<PageAnswer> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** GET /slack/install, the link and the cookie it sets. */
export async function openInstallPage(appBase: string): Promise<OpenedInstallPage> {
  const page = await fetchPage(`${appBase}/slack/install`);
  const href = /href="(https:\/\/slack\.com\/oauth\/v2\/authorize[^"]*)"/.exec(page.body)?.[1];
  if (!href) throw new Error(`no "Add to Slack" link on the install page (${page.status}): ${page.body.slice(0, 300)}`);
  const setCookie = page.headers.get('set-cookie') ?? '';
  const cookie = new RegExp(`${STATE_COOKIE}=[^;]*`).exec(setCookie)?.[0];
  if (!cookie) throw new Error(`the install page set no state cookie (${setCookie})`);
  return { ...page, authorizeUrl: new URL(href.replaceAll('&amp;', '&')), cookie };
}

/** Follows the link to the stand-in's authorize page, which answers as `fake.oauth.approveNext` chose: the callback URL. */
export async function authorizeAtSlack(fake: FakeSlackApi, authorizeUrl: URL): Promise<URL> {
  const visit = new URL(authorizeUrl.pathname + authorizeUrl.search, fake.origin);
  const res = await fetch(visit, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`the stand-in's authorize page answered ${res.status}: ${await res.text()}`);
  return new URL(location);
}

/** The whole flow for one installer's choice: the install page, Slack's authorize page, and the app's answer on its redirect URL. */
export async function installThroughBrowser(
  appBase: string,
  fake: FakeSlackApi,
  grant: FakeOAuthGrant | 'deny',
): Promise<PageAnswer & { callbackUrl: URL; cookie: string }> {
  const opened = await openInstallPage(appBase);
  fake.oauth.approveNext(grant);
  const callbackUrl = await authorizeAtSlack(fake, opened.authorizeUrl);
  return { ...(await fetchPage(callbackUrl.toString(), opened.cookie)), callbackUrl, cookie: opened.cookie };
}
