// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { assembleConnection, collectReferences } from './connection.js';
import { ResolverError } from './errors.js';

const vault = { region: 'us-east-2', accountId: '111122223333' };

describe('Parameter Store references of a connection', () => {
  it('collects both forms beside the secret references, with as: list', () => {
    const found = collectReferences(
      {
        host: { parameter: '/prod/orders/db/host' },
        hosts: { parameter: '/prod/orders/db/replicas', as: 'list' },
        url: 'postgres://${ssm:/prod/orders/db/host:live}/orders',
        user: { secret: 'prod/db:username' },
        port: 5432,
      },
      vault,
    );
    expect(found.map((f) => [f.kind, f.property, f.raw, 'asList' in f && f.asList])).toEqual([
      ['secret', 'user', 'prod/db:username', false],
      ['parameter', 'host', '/prod/orders/db/host', false],
      ['parameter', 'hosts', '/prod/orders/db/replicas', true],
      ['parameter', 'url', '/prod/orders/db/host:live', false],
    ]);
  });

  it('refuses a parameter ARN of another region before any AWS call, naming the property', () => {
    let error: unknown;
    try {
      collectReferences(
        { host: { parameter: 'arn:aws:ssm:eu-west-1:111122223333:parameter/prod/db/host' } },
        vault,
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResolverError);
    expect((error as ResolverError).code).toBe('REGION_MISMATCH');
    expect((error as ResolverError).message).toMatch(
      /^host: parameter 'arn:.*' is in region eu-west-1/,
    );
  });

  it('gives a list as an array in the object form and as text in a placeholder', () => {
    const connection = {
      hosts: { parameter: '/x', as: 'list' as const },
      text: { parameter: '/x' },
      inline: 'hosts=${ssm:/x}',
    };
    const references = collectReferences(connection, vault);
    const resolved = assembleConnection('c', connection, references, (entry) => ({
      value: entry.kind === 'parameter' && entry.asList ? ['a', 'b'] : 'a,b',
      stale: false,
      secret: false,
    }));
    expect(resolved.values).toEqual({ hosts: ['a', 'b'], text: 'a,b', inline: 'hosts=a,b' });
    expect(resolved.secretValues).toEqual([]);
  });

  it('lists a secret list as a whole and each non-empty item on its own', () => {
    const connection = {
      tokens: { parameter: '/tokens', as: 'list' as const },
      inline: 't=${ssm:/tokens}',
    };
    const references = collectReferences(connection, vault);
    const resolved = assembleConnection('c', connection, references, (entry) => ({
      value: entry.kind === 'parameter' && entry.asList ? ['t1', '', 't2'] : 't1,,t2',
      stale: false,
      secret: true,
    }));
    expect(resolved.secretValues).toEqual([
      { property: 'tokens', value: 't1,,t2' },
      { property: 'tokens', value: 't1' },
      { property: 'tokens', value: 't2' },
      { property: 'inline', value: 't1,,t2' },
    ]);
  });

  it('does not mistake a parameter for a secret of the same text', () => {
    const connection = { a: { parameter: '/same' }, b: { secret: '/same' } };
    const references = collectReferences(connection, vault);
    const resolved = assembleConnection('c', connection, references, (entry) => ({
      value: entry.kind,
      stale: false,
      secret: entry.kind === 'secret',
    }));
    expect(resolved.values).toEqual({ a: 'parameter', b: 'secret' });
    expect(resolved.secretValues).toEqual([{ property: 'b', value: 'secret' }]);
  });
});
