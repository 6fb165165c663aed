import { describe, expect, it } from 'vitest';
import { parseProperty } from './connection-flags.js';

describe('parseProperty', () => {
  it.each([
    ['host=db.internal', ['host', 'db.internal']],
    ['password=secret:prod/db:password', ['password', { secret: 'prod/db:password' }]],
    ['host=ssm:/prod/db/host:live', ['host', { parameter: '/prod/db/host:live' }]],
    [
      'endpoint=ssm:arn:aws:ssm:us-east-2:222222222222:parameter/shared/x',
      ['endpoint', { parameter: 'arn:aws:ssm:us-east-2:222222222222:parameter/shared/x' }],
    ],
    // Only the value's prefix decides: a literal may hold "ssm:" further on.
    ['note=see ssm:/x', ['note', 'see ssm:/x']],
  ])('%s', (input, expected) => {
    expect(parseProperty(input)).toEqual(expected);
  });

  it('a property without key=value is a usage error naming the three forms', () => {
    expect(() => parseProperty('host')).toThrowError(
      /key=value, key=secret:<reference> or key=ssm:<parameter>/,
    );
  });
});
