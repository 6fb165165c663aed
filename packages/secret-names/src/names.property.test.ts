import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSecretArn, isSecretArn, parseSecretArn } from './arn.js';
import {
  formatSecretReference,
  parseSecretReference,
  type SecretReference,
} from './secret-reference.js';
import { suggestSecretName } from './suggest-name.js';
import { validateSecretName } from './validate-name.js';

const nameChar = fc.constantFrom(...'abcXYZ019/_+=.@-'.split(''));
const secretName = fc
  .array(nameChar, { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join(''))
  // A trailing hyphen-and-six would be read back as an ARN suffix; real names avoid it.
  .filter((name) => !/-[A-Za-z0-9]{6}$/.test(name));
const field = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
const arn = fc.record(
  {
    partition: fc.constantFrom('aws' as const, 'aws-cn' as const, 'aws-us-gov' as const),
    region: fc.constantFrom('us-east-2', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'),
    accountId: fc.stringMatching(/^\d{12}$/),
    name: secretName,
    suffix: fc.stringMatching(/^[A-Za-z0-9]{6}$/),
  },
  { requiredKeys: ['partition', 'region', 'accountId', 'name'] },
);

describe('secret-names properties', () => {
  it('every suggestion validates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (input) => {
        expect(validateSecretName(suggestSecretName(input)).valid).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('suggestions are deterministic and keep valid names without warnings unchanged', () => {
    fc.assert(
      fc.property(secretName, (name) => {
        const suggestion = suggestSecretName(name);
        expect(suggestSecretName(name)).toBe(suggestion);
        const check = validateSecretName(name);
        if (check.warnings.length === 0 && !/^[/-]|[/-]$|--|\/\//.test(name))
          expect(suggestion).toBe(name);
      }),
    );
  });

  it('parseSecretArn(formatSecretArn(a)) equals a', () => {
    fc.assert(
      fc.property(arn, (value) => {
        expect(parseSecretArn(formatSecretArn(value))).toEqual({ ok: true, value });
      }),
    );
  });

  it('parseSecretReference(formatSecretReference(r)) equals r', () => {
    const reference = fc
      .record(
        {
          secretId: fc.oneof(secretName, arn.map(formatSecretArn)),
          jsonKey: field,
          versionStage: field,
          versionId: field,
        },
        { requiredKeys: ['secretId'] },
      )
      .map((r): SecretReference => r);
    fc.assert(
      fc.property(reference, (value) => {
        const parsed = parseSecretReference(formatSecretReference(value));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
          const { arn: _arn, ...rest } = parsed.value;
          expect(rest).toEqual(value);
          expect(_arn !== undefined).toBe(isSecretArn(value.secretId));
        }
      }),
    );
  });

  it('no function throws on any input string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 700 }), (input) => {
        validateSecretName(input);
        suggestSecretName(input);
        parseSecretArn(input);
        parseSecretReference(input);
        parseSecretReference(`arn:aws:secretsmanager:us-east-1:111122223333:secret:${input}`);
        formatSecretReference({ secretId: input, jsonKey: input });
      }),
      { numRuns: 1000 },
    );
  });
});
