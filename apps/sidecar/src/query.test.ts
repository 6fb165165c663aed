import { describe, expect, it } from 'vitest';
import { isFailure, parsePathStyle, parseQueryStyle } from './query.js';

describe('query style', () => {
  it.each([
    ['secretId=MyTest', { secretId: 'MyTest' }],
    ['secretId=prod%2Fdb&refreshNow=true', { secretId: 'prod/db', refreshNow: true }],
    ['secretId=a&refreshNow=FALSE', { secretId: 'a', refreshNow: false }],
    ['secretId=a&refreshNow=1', { secretId: 'a', refreshNow: true }],
    [
      'secretId=a&versionId=v1&versionStage=AWSPREVIOUS',
      { secretId: 'a', versionId: 'v1', versionStage: 'AWSPREVIOUS' },
    ],
    ['secretId=a&key=password', { secretId: 'a', key: 'password' }],
  ])('parses %s', (search, expected) => {
    expect(parseQueryStyle(search)).toEqual(expected);
  });

  it.each([
    ['', 'missing parameter secretId'],
    ['versionId=v', 'missing parameter secretId'],
    ['secretId=a&refreshNow=123', 'invalid refreshNow value'],
    ['secretId=a&abc=123', 'unknown parameter: abc'],
    ['secretId=a&key=', 'the key parameter is empty'],
  ])('refuses %s with a 400', (search, message) => {
    const parsed = parseQueryStyle(search);
    expect(isFailure(parsed)).toBe(true);
    expect(parsed).toMatchObject({ status: 400 });
    expect((parsed as { message: string }).message).toContain(message);
  });
});

describe('query parsing shortcut', () => {
  it('reads the same pairs as URLSearchParams', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (value) => {
        const search = `secretId=${value.replaceAll('&', '').replaceAll('#', '')}`;
        const parsed = parseQueryStyle(search);
        const expected = new URLSearchParams(search).get('secretId') ?? '';
        if (expected === '') expect(parsed).toMatchObject({ status: 400 });
        else if (!isFailure(parsed)) expect(parsed.secretId).toBe(expected);
      }),
    );
  });
});

describe('path style', () => {
  it('takes everything after the prefix, percent-decoded', () => {
    expect(parsePathStyle('/v1/prod/app%2B1/db', 'versionStage=AWSCURRENT', '/v1/')).toEqual({
      secretId: 'prod/app+1/db',
      versionStage: 'AWSCURRENT',
    });
  });

  it.each([
    ['/v1/', '', 'missing secret ID'],
    ['/v1/a', 'secretId=b', 'unknown parameter: secretId'],
    ['/v1/%E0%A4%A', '', 'percent-encoding'],
  ])('refuses %s?%s', (path, search, message) => {
    const parsed = parsePathStyle(path, search, '/v1/');
    expect(parsed).toMatchObject({ status: 400 });
    expect((parsed as { message: string }).message).toContain(message);
  });
});
