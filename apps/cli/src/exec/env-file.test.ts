import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file.js';

describe('parseEnvFile', () => {
  it('reads references, literals, quotes, export and comments', () => {
    const text = [
      '# database',
      'export PGPASSWORD=secret:prod/orders/db:password',
      '',
      'PGHOST = db.internal',
      "GREETING='hello world'",
      'TOKEN="secret:arn:aws:secretsmanager:us-east-2:111122223333:secret:t-AbCdEf"',
    ].join('\n');
    expect(parseEnvFile(text, '.env')).toEqual([
      { name: 'PGPASSWORD', line: 2, kind: 'secret', reference: 'prod/orders/db:password' },
      { name: 'PGHOST', line: 4, kind: 'literal', value: 'db.internal' },
      { name: 'GREETING', line: 5, kind: 'literal', value: 'hello world' },
      {
        name: 'TOKEN',
        line: 6,
        kind: 'secret',
        reference: 'arn:aws:secretsmanager:us-east-2:111122223333:secret:t-AbCdEf',
      },
    ]);
  });

  it('reads ssm:<parameter reference> lines as parameters', () => {
    expect(
      parseEnvFile('PGHOST=ssm:/prod/orders/db/host:live\nKEY="ssm:/prod/api-key"', '.env'),
    ).toEqual([
      { name: 'PGHOST', line: 1, kind: 'parameter', reference: '/prod/orders/db/host:live' },
      { name: 'KEY', line: 2, kind: 'parameter', reference: '/prod/api-key' },
    ]);
  });

  it.each([
    ['no equals sign s3cr3t', /\.env:1: expected NAME=value/],
    ['1BAD=x', /\.env:1: expected NAME=value/],
    ['EMPTY=secret:', /\.env:1: EMPTY=secret: names no secret/],
    ['EMPTY=ssm:', /\.env:1: EMPTY=ssm: names no parameter/],
  ])('%j is refused with its line, never its text', (line, message) => {
    expect(() => parseEnvFile(line, '.env')).toThrow(message);
    try {
      parseEnvFile(line, '.env');
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t');
      expect((error as { code: string }).code).toBe('ENV_FILE_INVALID');
    }
  });
});
