import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMasker, MASK } from './masker.js';

const run = (secrets: string[], chunks: string[]): string => {
  const masker = createMasker(secrets);
  return chunks.map((chunk) => masker.push(chunk)).join('') + masker.end();
};

describe('createMasker', () => {
  it('masks values split across chunks', () => {
    expect(run(['hunter2'], ['pass: hun', 'ter2\n'])).toBe(`pass: ${MASK}\n`);
    expect(run(['hunter2'], ['h', 'u', 'n', 't', 'e', 'r', '2'])).toBe(MASK);
  });

  it('masks a value containing another whole, and a value whose prefix repeats', () => {
    expect(run(['pass', 'password123'], ['my passwo', 'rd123 and pass'])).toBe(
      `my ${MASK} and ${MASK}`,
    );
    expect(run(['abcab'], ['xxabcabc'])).toBe(`xx${MASK}c`);
    expect(run(['abcab'], ['abc', 'abcab'])).toBe(`${MASK}cab`);
  });

  it('passes text through unchanged when there is nothing to mask', () => {
    expect(run([], ['a', 'b'])).toBe('ab');
    expect(run(['zzz'], ['hello ', 'world'])).toBe('hello world');
  });

  it('keeps multi-byte characters split across chunks', () => {
    const masker = createMasker(['s3cret']);
    const bytes = Buffer.from('é s3cret é');
    const out = masker.push(bytes.subarray(0, 1)) + masker.push(bytes.subarray(1)) + masker.end();
    expect(out).toBe(`é ${MASK} é`);
  });

  it('property: however the output is cut, no value survives and the rest is unchanged', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'x', ' ');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, minLength: 3, maxLength: 6 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.string({ unit: alphabet, maxLength: 60 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 8 }),
        (secrets, text, cuts) => {
          const points = [...new Set(cuts.filter((c) => c <= text.length))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const point of points) {
            chunks.push(text.slice(last, point));
            last = point;
          }
          chunks.push(text.slice(last));
          const chunked = run(secrets, chunks);
          // Same result as masking the whole text at once...
          expect(chunked).toBe(run(secrets, [text]));
          // ...and no value is left in it.
          for (const secret of secrets)
            expect(chunked.replaceAll(MASK, '\u0000')).not.toContain(secret);
        },
      ),
    );
  });
});
