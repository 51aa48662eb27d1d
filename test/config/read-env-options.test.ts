import { describe, expect, it } from 'vitest';
import { readEnvOptions } from '../../src/config/read-env-options.ts';
import { ConfigError } from '../../src/domain/errors.ts';

describe('readEnvOptions: the limits of the HTTP front', () => {
  it('leaves them to the defaults when unset', () => {
    expect(readEnvOptions({})).toMatchObject({ httpMaxConnections: undefined, httpKeepAliveSeconds: undefined });
  });
  it('reads HTTP_MAX_CONNECTIONS and HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', () => {
    expect(readEnvOptions({ HTTP_MAX_CONNECTIONS: '4096', HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: ' 65 ' })).toMatchObject({
      httpMaxConnections: 4096,
      httpKeepAliveSeconds: 65,
    });
  });
  it.each([
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['HTTP_MAX_CONNECTIONS', 'lots'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '1.5'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', '99999'],
  ])('refuses %s=%s with what it must be', (name, value) => {
    expect(() => readEnvOptions({ [name]: value })).toThrow(ConfigError);
    expect(() => readEnvOptions({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number from 1 to [\\d,]+, got "${value}"\\.$`));
  });
});
