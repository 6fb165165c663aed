// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ssm:...} is the placeholder syntax under test
import { describe, expect, it } from 'vitest';
import { findParameterReferences, findSecretReferences } from './connection-references.js';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse.js';
import type { ConnectionConfig } from './schema.js';
import { parseInterpolatedValue } from './secret-placeholders.js';
import { withConnection } from './test-fixtures.js';

const ARN = 'arn:aws:ssm:us-east-2:111122223333:parameter/prod/orders/db/host';

const mixed: ConnectionConfig = {
  host: { parameter: '/prod/orders/db/host' },
  port: '${ssm:/prod/orders/db/port:3}',
  user: { secret: 'prod/orders/db:username' },
  url:
    'postgres://${secret:prod/orders/db:username}@${ssm:/prod/orders/db/host:live}/${ssm:' +
    ARN +
    '}',
  tls: { parameter: '/prod/orders/tls-key' },
};

describe('parameter references in a connection', () => {
  it('reads ${ssm:...} placeholders with their selectors beside ${secret:...}', () => {
    const result = parseInterpolatedValue('a${ssm:/p/q:2}b${secret:s}c');
    expect(result).toEqual({
      ok: true,
      segments: [
        { kind: 'literal', text: 'a' },
        {
          kind: 'parameter',
          raw: '/p/q:2',
          reference: { parameterId: '/p/q', name: '/p/q', version: 2 },
        },
        { kind: 'literal', text: 'b' },
        { kind: 'secret', raw: 's', reference: { secretId: 's' } },
        { kind: 'literal', text: 'c' },
      ],
    });
  });

  it('finds both forms in property order, and secrets apart from parameters', () => {
    expect(
      findParameterReferences(mixed).map(({ property, raw, form }) => [property, raw, form]),
    ).toEqual([
      ['host', '/prod/orders/db/host', 'object'],
      ['port', '/prod/orders/db/port:3', 'placeholder'],
      ['url', '/prod/orders/db/host:live', 'placeholder'],
      ['url', ARN, 'placeholder'],
      ['tls', '/prod/orders/tls-key', 'object'],
    ]);
    expect(findParameterReferences(mixed)[3]?.reference.arn?.accountId).toBe('111122223333');
    expect(findSecretReferences(mixed).map(({ property, raw }) => [property, raw])).toEqual([
      ['user', 'prod/orders/db:username'],
      ['url', 'prod/orders/db:username'],
    ]);
  });

  it('validates parameter names with AWS rules before any call', () => {
    expect(parseConfig(withConnection(mixed))).toMatchObject({ ok: true });
    const issues = (connection: ConnectionConfig) => {
      const result = parseConfig(withConnection(connection));
      return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues({ host: { parameter: 'prod/db' } }).join('\n')).toMatch(/fully qualified/);
    expect(issues({ host: { parameter: '/aws/db' } }).join('\n')).toMatch(
      /can't be prefixed with "aws" or "ssm"/,
    );
    expect(issues({ host: '${ssm:/prod/db host}' }).join('\n')).toMatch(
      /in \$\{ssm:\.\.\.\} at character 1: .*position 8/,
    );
    expect(issues({ host: '${ssm:/prod/db' }).join('\n')).toMatch(
      /has no closing '}': write \$\{ssm:<parameter name>/,
    );
    expect(issues({ host: { parameter: '/prod/db:1x' } }).join('\n')).toMatch(
      /can't begin with a number/,
    );
  });

  it.each<ConnectionConfig>([{ host: { parameter: 'bad name' } }, { url: '${ssm:' }])(
    'throws INVALID_REFERENCE on %j',
    (connection) => {
      expect(() => findParameterReferences(connection)).toThrow(ConfigError);
    },
  );
});
