// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { collectReferences } from './connection.js';
import { ResolverError } from './errors.js';

const vault = { region: 'us-east-2', accountId: '111122223333' };

describe('Parameter Store references (not resolved yet)', () => {
  it.each([
    [
      { host: { parameter: '/prod/orders/db/host' } },
      "host: the Parameter Store reference '/prod/orders/db/host' is valid",
    ],
    [
      { url: 'postgres://${ssm:/prod/orders/db/host:live}/orders' },
      "url: the Parameter Store reference '/prod/orders/db/host:live'",
    ],
  ])('refuses %j before any AWS call, saying why', (connection, message) => {
    let error: unknown;
    try {
      collectReferences(connection, vault);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResolverError);
    expect((error as ResolverError).code).toBe('INVALID_REFERENCE');
    expect((error as ResolverError).message).toContain(message);
  });

  it('still collects the secret references of a connection without parameters', () => {
    const found = collectReferences({ user: { secret: 'prod/db:username' }, port: 5432 }, vault);
    expect(found.map((f) => f.raw)).toEqual(['prod/db:username']);
  });
});
