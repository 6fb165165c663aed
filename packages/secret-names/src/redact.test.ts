import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('replaces every known value of four characters or more', () => {
    expect(redactSecrets('pin 1234, pass hunter2, id 12', ['1234', 'hunter2', '12'])).toBe(
      `pin ${REDACTED}, pass ${REDACTED}, id 12`,
    );
  });

  it('replaces a value that contains another whole, whatever the order given', () => {
    expect(redactSecrets('token abcdefgh', ['abcd', 'abcdefgh'])).toBe(`token ${REDACTED}`);
  });

  it('ignores missing values', () => {
    expect(redactSecrets('nothing here', [undefined, null, ''])).toBe('nothing here');
  });

  it('replaces anything shaped like a secret access key, and shortens access key IDs', () => {
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(redactSecrets(`id AKIAIOSFODNN7EXAMPLE key ${key}.`)).toBe(
      `id AKIAIOSF********MPLE key ${REDACTED}.`,
    );
  });

  it('leaves ordinary text alone', () => {
    const text = "secret 'prod/orders/db' not found in us-east-2 (request 1a2b3c)";
    expect(redactSecrets(text, ['unrelated-value'])).toBe(text);
  });

  it('removes every known secret, wherever it sits', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 8, maxLength: 80 }),
        fc.string(),
        (before, secret, after) => {
          expect(redactSecrets(`${before}${secret}${after}`, [secret])).not.toContain(secret);
        },
      ),
    );
  });
});

describe('createRedactor', () => {
  it('removes the values it was given, and only strings of four characters or more', () => {
    const redactor = createRedactor();
    expect(redactor.redact('no secrets here')).toBe('no secrets here');
    redactor.protect('hunter2');
    redactor.protect('abc');
    redactor.protect(12345678);
    expect(redactor.redact('hunter2 abc 12345678')).toBe(`${REDACTED} abc 12345678`);
  });

  it('keeps each redactor to its own values', () => {
    const first = createRedactor();
    first.protect('hunter2');
    expect(createRedactor().redact('hunter2')).toBe('hunter2');
  });
});
