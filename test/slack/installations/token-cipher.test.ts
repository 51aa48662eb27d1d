import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/domain/errors.ts';
import { describeTokenKeyProblem, parseTokenKey, TokenCipher, TokenDecryptError } from '../../../src/slack/installations/token-cipher.ts';

const KEY = crypto.randomBytes(32);
const TOKEN = 'xoxe.xoxb-1-MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw';
const CONTEXT = 'slack_installations/E0ORG/T0TEAM/bot_token';

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenDecryptError);
    const message = (error as Error).message;
    expect(message).toContain('MINIAPP_STATS_TOKEN_KEY');
    expect(message).not.toContain(TOKEN);
    return (error as TokenDecryptError).reason;
  }
  throw new Error('expected a TokenDecryptError');
}

describe('token cipher (AES-256-GCM)', () => {
  it('round-trips any token shape Slack issues, with a fresh IV each time', () => {
    const cipher = new TokenCipher(KEY);
    for (const token of [TOKEN, 'xoxb-123-456-abc', 'xoxe-1-My0xLTEyMzQ1Ng', 'é ü 漢字', '']) {
      const sealed = cipher.encrypt(token, CONTEXT);
      expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]{16}\.[\w-]*\.[\w-]{22}$/);
      if (token) expect(sealed).not.toContain(token);
      expect(cipher.decrypt(sealed, CONTEXT)).toBe(token);
    }
    expect(cipher.encrypt(TOKEN, CONTEXT)).not.toBe(cipher.encrypt(TOKEN, CONTEXT));
  });

  it('refuses a value sealed under another key, saying so without the value', () => {
    const sealed = new TokenCipher(KEY).encrypt(TOKEN, CONTEXT);
    expect(reasonOf(() => new TokenCipher(crypto.randomBytes(32)).decrypt(sealed, CONTEXT))).toBe('other_key');
  });

  it('refuses a tampered value, and one moved to another installation or column', () => {
    const cipher = new TokenCipher(KEY);
    const sealed = cipher.encrypt(TOKEN, CONTEXT);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    const flipped = [...parts.slice(0, 3), body.toString('base64url'), parts[4]].join('.');
    expect(reasonOf(() => cipher.decrypt(flipped, CONTEXT))).toBe('tampered');
    const tag = Buffer.from(parts[4]!, 'base64url');
    tag[3]! ^= 0x80;
    expect(reasonOf(() => cipher.decrypt([...parts.slice(0, 4), tag.toString('base64url')].join('.'), CONTEXT))).toBe('tampered');
    expect(reasonOf(() => cipher.decrypt(sealed, 'slack_installations/E0ORG/T0OTHER/bot_token'))).toBe('tampered');
    expect(reasonOf(() => cipher.decrypt(sealed, 'slack_installations/E0ORG/T0TEAM/bot_refresh_token'))).toBe('tampered');
    for (const malformed of ['', TOKEN, 'v2.aaaaaaaa.x.y.z', parts.slice(0, 4).join('.'), [parts[0], parts[1], 'short', parts[3], parts[4]].join('.')]) {
      expect(reasonOf(() => cipher.decrypt(malformed, CONTEXT))).toBe('malformed');
    }
  });

  it('accepts the key as 64 hex characters or as base64 (standard or URL-safe, padded or not)', () => {
    const sealed = new TokenCipher(KEY).encrypt(TOKEN, CONTEXT);
    const forms = [KEY.toString('hex'), KEY.toString('hex').toUpperCase(), KEY.toString('base64'), KEY.toString('base64url'), ` ${KEY.toString('base64')}\n`];
    for (const form of forms) {
      expect(describeTokenKeyProblem(form)).toBeNull();
      expect(parseTokenKey(form).equals(KEY)).toBe(true);
      expect(TokenCipher.fromKeyText(form).decrypt(sealed, CONTEXT)).toBe(TOKEN);
    }
  });

  it('refuses any other key text with a ConfigError naming the variable and the accepted forms, never the value', () => {
    const secretish = 'not-a-key-but-secret-looking-text-0123456789';
    const bad = [
      secretish,
      KEY.toString('hex').slice(0, 62),
      `${KEY.toString('hex')}00`,
      crypto.randomBytes(16).toString('hex'),
      crypto.randomBytes(31).toString('base64'),
      crypto.randomBytes(33).toString('base64'),
      `${KEY.toString('base64').slice(0, 42)}+_=`,
      'correct horse battery staple',
    ];
    for (const text of bad) {
      const problem = describeTokenKeyProblem(text);
      expect(problem).toMatch(/^MINIAPP_STATS_TOKEN_KEY is malformed: .*64 hex characters or as base64/);
      expect(problem).not.toContain(text.trim());
      expect(() => parseTokenKey(text)).toThrow(ConfigError);
    }
  });

  it('never shows its key when printed or serialized', () => {
    const cipher = new TokenCipher(KEY);
    const shown = `${inspect(cipher)} ${JSON.stringify(cipher)} ${JSON.stringify({ cipher })}`;
    for (const form of [KEY.toString('hex'), KEY.toString('base64'), KEY.toString('base64url')]) expect(shown).not.toContain(form);
    expect(shown).toContain(cipher.keyId);
  });
});
