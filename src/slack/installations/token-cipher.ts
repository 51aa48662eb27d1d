import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '../../domain/errors.ts';

/** The variable that holds the key the installations' tokens are encrypted with. */
export const TOKEN_KEY_VARIABLE = 'MINIAPP_STATS_TOKEN_KEY';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/**
 * Why a sealed value could not be opened: `malformed` (not a value this cipher wrote),
 * `other_key` (sealed under another key), `tampered` (the key matches but the value, or what it
 * is bound to, was altered).
 */
export type TokenDecryptReason = 'malformed' | 'other_key' | 'tampered';

/** A stored value that the configured key cannot open. Its message names neither the value nor the key. */
export class TokenDecryptError extends Error {
  override name = 'TokenDecryptError';
  constructor(readonly reason: TokenDecryptReason) {
    super(`a stored Slack token cannot be read with the configured ${TOKEN_KEY_VARIABLE} (${describeReason(reason)})`);
  }
}

function describeReason(reason: TokenDecryptReason): string {
  if (reason === 'other_key') return 'it was encrypted under another key';
  if (reason === 'tampered') return 'the stored value was altered, or belongs to another installation';
  return 'the stored value is not in a format this version writes';
}

/**
 * What is wrong with a `MINIAPP_STATS_TOKEN_KEY` value, or null when it is a 32-byte key written
 * as 64 hex characters or as base64 (standard or URL-safe, padded or not). Never echoes the value.
 */
export function describeTokenKeyProblem(value: string): string | null {
  return decodeKey(value) ? null : tokenKeyProblem(value);
}

/** The 32-byte key a `MINIAPP_STATS_TOKEN_KEY` value writes; a ConfigError naming the variable and the accepted forms otherwise. */
export function parseTokenKey(value: string): Buffer {
  const key = decodeKey(value);
  if (!key) throw new ConfigError(tokenKeyProblem(value));
  return key;
}

function tokenKeyProblem(value: string): string {
  return (
    `${TOKEN_KEY_VARIABLE} is malformed: it must be 32 random bytes written as 64 hex characters or as base64 (44 characters), ` +
    `e.g. the output of \`openssl rand -hex 32\` (the value given has ${value.trim().length} characters)`
  );
}

function decodeKey(value: string): Buffer | null {
  const text = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text) || (/[+/]/.test(text) && /[_-]/.test(text))) return null;
  const key = Buffer.from(text, /[_-]/.test(text) ? 'base64url' : 'base64');
  // Only a canonical encoding of exactly 32 bytes: anything else is a typo, not a key.
  return key.length === KEY_BYTES && key.toString('base64url') === text.replace(/=$/, '').replaceAll('+', '-').replaceAll('/', '_') ? key : null;
}

/**
 * AES-256-GCM for the tokens at rest: a random 12-byte IV per value, and the installation the value
 * belongs to as additional authenticated data, so a value copied into another row does not open.
 * Sealed text: `v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url parts; the key id (8 hex
 * characters of an HMAC of the key) tells "another key" from "altered". The key itself is held in a
 * private field: the cipher prints and serializes as its key id only.
 */
export class TokenCipher {
  readonly #key: Buffer;
  readonly keyId: string;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new ConfigError(`${TOKEN_KEY_VARIABLE} must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
    this.keyId = crypto.createHmac('sha256', this.#key).update('miniapp-stats token key id').digest('hex').slice(0, 8);
  }

  /** The cipher of a `MINIAPP_STATS_TOKEN_KEY` value (a ConfigError when it is malformed). */
  static fromKeyText(value: string): TokenCipher {
    return new TokenCipher(parseTokenKey(value));
  }

  /** Seals `plain`, bound to `context` (what the value belongs to: the same context opens it). */
  encrypt(plain: string, context: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [FORMAT, this.keyId, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Opens a value sealed by `encrypt` with the same key and context; a TokenDecryptError otherwise. */
  decrypt(sealedText: string, context: string): string {
    const parts = sealedText.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new TokenDecryptError('malformed');
    const [, keyId, ivText, bodyText, tagText] = parts as [string, string, string, string, string];
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || !/^[0-9a-f]{8}$/.test(keyId)) throw new TokenDecryptError('malformed');
    if (keyId !== this.keyId) throw new TokenDecryptError('other_key');
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptError('tampered');
    }
  }

  toJSON(): { keyId: string } {
    return { keyId: this.keyId };
  }

  [inspect.custom](): string {
    return `TokenCipher { keyId: '${this.keyId}' }`;
  }
}
