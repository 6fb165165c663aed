import { describe, expect, it } from 'vitest';
import { checkServiceUrl, isLoopbackAddress, isLoopbackHost } from './urls.js';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['emulator.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['10.0.0.1', false],
    ['localhost.example.com', false],
    ['169.254.169.254', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['LocalHost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['emulator.localhost', false],
    ['127.example.com', false],
  ])('%s → %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('checkServiceUrl', () => {
  it.each([
    'https://secretsmanager.us-east-2.amazonaws.com',
    'https://vpce-0a1b2c3d.secretsmanager.us-east-2.vpce.amazonaws.com',
    'http://127.0.0.1:4566',
    'http://localhost:8080',
    'http://[::1]:9000',
  ])('accepts %s', (url) => {
    expect(checkServiceUrl(url).ok).toBe(true);
  });

  it.each([
    ['secretsmanager.us-east-2.amazonaws.com', 'absolute URL'],
    ['http://secretsmanager.us-east-2.amazonaws.com', 'must use https'],
    ['http://10.1.2.3:4566', 'must use https'],
    ['ftp://example.com', 'must be an https URL'],
    ['https://user:pw@example.com', 'must not contain a user name or password'],
    ['https://example.com/?x=1', 'query or fragment'],
  ])('rejects %s', (url, message) => {
    const result = checkServiceUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('does not echo credentials', () => {
    const result = checkServiceUrl('https://user:hunter2hunter2@example.com');
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });
});
