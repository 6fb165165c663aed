// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${secret:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { findSecretReferences } from './connection-references.js';
import { ConfigError } from './errors.js';
import type { ConnectionConfig } from './schema.js';
import { parseInterpolatedValue } from './secret-placeholders.js';

const ARN = 'arn:aws:secretsmanager:us-east-2:111122223333:secret:prod/db-AbCdEf';

describe('parseInterpolatedValue', () => {
  it.each([
    ['plain text', [{ kind: 'literal', text: 'plain text' }]],
    ['', []],
    [
      'jdbc:postgresql://${secret:prod/orders/db:host}:5432/orders',
      [
        { kind: 'literal', text: 'jdbc:postgresql://' },
        {
          kind: 'secret',
          raw: 'prod/orders/db:host',
          reference: { secretId: 'prod/orders/db', jsonKey: 'host' },
        },
        { kind: 'literal', text: ':5432/orders' },
      ],
    ],
    [
      '${secret:a}${secret:b:k}',
      [
        { kind: 'secret', raw: 'a', reference: { secretId: 'a' } },
        { kind: 'secret', raw: 'b:k', reference: { secretId: 'b', jsonKey: 'k' } },
      ],
    ],
    ['${env:HOME} stays', [{ kind: 'literal', text: '${env:HOME} stays' }]],
  ])('%j', (input, segments) => {
    expect(parseInterpolatedValue(input)).toEqual({ ok: true, segments });
  });

  it('reads an ARN with a JSON key inside a placeholder', () => {
    const result = parseInterpolatedValue(`\${secret:${ARN}:password}`);
    expect(result.ok && result.segments[0]).toMatchObject({
      kind: 'secret',
      reference: {
        secretId: ARN,
        jsonKey: 'password',
        arn: { accountId: '111122223333', suffix: 'AbCdEf' },
      },
    });
  });

  it.each([
    ['x${secret:prod/db', "has no closing '}'"],
    ['${secret:}', 'the secret reference is empty'],
    ['${secret:bad name}', 'is not a valid secret name'],
    ['${secret:prod/db:}', 'names no JSON key'],
    ['${secret:a:b:c:d:e}', 'expected at most 3'],
    ['${secret:arn:aws:s3:us-east-1:111122223333:bucket:x}', 'not a Secrets Manager secret'],
  ])('%j fails: %s', (input, message) => {
    const result = parseInterpolatedValue(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });

  it('collects every bad placeholder', () => {
    const result = parseInterpolatedValue('${secret:a b}-${secret:c d}');
    expect(result.ok ? [] : result.errors).toHaveLength(2);
  });
});

describe('findSecretReferences', () => {
  it('finds object and placeholder references in property order', () => {
    const found = findSecretReferences({
      host: 'db.internal',
      port: 5432,
      ssl: true,
      user: { secret: 'prod/orders/db:username' },
      url: 'jdbc:postgresql://${secret:prod/orders/db:host}:5432/${secret:prod/orders/db:dbname}',
    });
    expect(found.map(({ property, raw, form }) => ({ property, raw, form }))).toEqual([
      { property: 'user', raw: 'prod/orders/db:username', form: 'object' },
      { property: 'url', raw: 'prod/orders/db:host', form: 'placeholder' },
      { property: 'url', raw: 'prod/orders/db:dbname', form: 'placeholder' },
    ]);
    expect(found[0]?.reference).toEqual({ secretId: 'prod/orders/db', jsonKey: 'username' });
  });

  it('returns nothing for literals only', () => {
    expect(findSecretReferences({ host: 'db', port: 1 })).toEqual([]);
  });

  it.each<ConnectionConfig>([{ user: { secret: 'bad name' } }, { url: '${secret:' }])(
    'throws INVALID_REFERENCE on %j',
    (connection) => {
      expect(() => findSecretReferences(connection)).toThrow(ConfigError);
      try {
        findSecretReferences(connection);
      } catch (error) {
        expect((error as ConfigError).code).toBe('INVALID_REFERENCE');
      }
    },
  );
});
