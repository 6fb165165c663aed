import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretForms } from './secret-forms.js';
import { createMasker, MASK, MIN_MASK_LENGTH } from './stream-masker.js';

const run = (secrets: string[], chunks: string[]): string => {
  const masker = createMasker(secrets);
  return chunks.map((chunk) => masker.push(chunk)).join('') + masker.end();
};

// The rule, written the slow and obvious way: at each position, mask the longest form that
// starts there (a short one only when no word continues it on either side), then go on
// after it.
const WORD = /[\p{L}\p{N}_]/u;
function maskWhole(secrets: string[], text: string): string {
  const forms = secrets
    .flatMap((secret) => secretForms(secret))
    .filter((form) => !(form.fragment && form.text.length < MIN_MASK_LENGTH))
    .map((form) => form.text);
  const isWord = (c: string | undefined) => c !== undefined && WORD.test(c);
  const fits = (form: string, at: number) =>
    form.length >= MIN_MASK_LENGTH ||
    ((!isWord(form[0]) || !isWord(text[at - 1])) &&
      (!isWord(form.at(-1)) || !isWord(text[at + form.length])));
  let out = '';
  let at = 0;
  while (at < text.length) {
    const longest = forms
      .filter((form) => text.startsWith(form, at) && fits(form, at))
      .reduce((max, form) => Math.max(max, form.length), 0);
    if (longest > 0) {
      out += MASK;
      at += longest;
    } else {
      out += text[at];
      at += 1;
    }
  }
  return out;
}

const cut = (text: string, cuts: number[]): string[] => {
  const points = [...new Set(cuts.filter((c) => c <= text.length))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const point of points) {
    chunks.push(text.slice(last, point));
    last = point;
  }
  chunks.push(text.slice(last));
  return chunks;
};

describe('createMasker', () => {
  it('masks values split across chunks', () => {
    expect(run(['hunter2'], ['pass: hun', 'ter2\n'])).toBe(`pass: ${MASK}\n`);
    expect(run(['hunter2'], ['h', 'u', 'n', 't', 'e', 'r', '2'])).toBe(MASK);
  });

  it('masks the longest value at a position, and a value whose prefix repeats', () => {
    expect(run(['passwo', 'password123'], ['my passwo', 'rd123 and passwo'])).toBe(
      `my ${MASK} and ${MASK}`,
    );
    expect(run(['abcabd'], ['xxabcabcabd'])).toBe(`xxabc${MASK}`);
    expect(run(['abcabc'], ['abc', 'abcabc'])).toBe(`${MASK}abc`);
  });

  it(`masks a value shorter than ${MIN_MASK_LENGTH} characters only as a whole word`, () => {
    // The case of the issue: username `app` corrupted ordinary output.
    expect(run(['app'], ['echo my application is happy\n'])).toBe('echo my application is happy\n');
    expect(run(['app'], ['user=app\n', 'app, apps, "app" ', 'app'])).toBe(
      `user=${MASK}\n${MASK}, apps, "${MASK}" ${MASK}`,
    );
    expect(run(['app'], ['user=ap', 'p2'])).toBe('user=app2');
    expect(run(['#1!'], ['a#1!b'])).toBe(`a${MASK}b`); // no word characters at its edges
    expect(run(['abcdef'], ['xabcdefx'])).toBe(`x${MASK}x`); // long enough: anywhere
  });

  it('masks JSON-escaped, URL-encoded and base64 forms of a value', () => {
    const secret = 'p@ss "wörd"/+&é';
    const masked = (text: string) => run([secret], [text]);
    expect(masked(JSON.stringify({ password: secret }))).toBe(`{"password":"${MASK}"}`);
    expect(
      masked(
        `${JSON.stringify(secret).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
      ),
    ).toBe(`"${MASK}"`);
    expect(masked(`https://h/?p=${encodeURIComponent(secret)}&x=1`)).toBe(
      `https://h/?p=${MASK}&x=1`,
    );
    expect(masked(new URLSearchParams({ p: secret, x: '1' }).toString())).toBe(`p=${MASK}&x=1`);
    expect(masked(Buffer.from(secret).toString('base64'))).toBe(MASK);
    expect(masked(Buffer.from(secret).toString('base64url'))).toBe(MASK);
    // Inside longer base64, at each of the three alignments: only the characters that
    // carry other bytes too are left.
    for (const user of ['u', 'us', 'usr']) {
      const header = `Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
      const out = masked(header);
      expect(out).toContain(MASK);
      expect(out.replace(MASK, '').length).toBeLessThanOrEqual('Authorization: Basic '.length + 8);
    }
  });

  it('passes text through unchanged when there is nothing to mask', () => {
    expect(run([], ['a', 'b'])).toBe('ab');
    expect(run(['zzzzzz'], ['hello ', 'world'])).toBe('hello world');
  });

  it('keeps multi-byte characters split across chunks', () => {
    const masker = createMasker(['s3cret']);
    const bytes = Buffer.from('é s3cret é');
    const out = masker.push(bytes.subarray(0, 1)) + masker.push(bytes.subarray(1)) + masker.end();
    expect(out).toBe(`é ${MASK} é`);
  });

  it('holds back a possible start of a value until flush(), which writes it as it is', () => {
    const masker = createMasker(['hunter2']);
    expect(masker.push('password: hun')).toBe('password: ');
    expect(masker.holding).toBe(true);
    expect(masker.flush()).toBe('hun');
    expect(masker.holding).toBe(false);
    expect(masker.push('ter2 and hunter2\n')).toBe(`ter2 and ${MASK}\n`);
    expect(masker.end()).toBe('');
    // A whole short value at the end is masked by flush(), as by end().
    const short = createMasker(['app']);
    expect(short.push('login as app')).toBe('login as ');
    expect(short.flush()).toBe(MASK);
  });

  it('property: however the output is cut, the result is the rule applied to the whole text', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'x', ' ', '"', '=');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, minLength: 2, maxLength: 9 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.string({ unit: alphabet, maxLength: 60 }),
        fc.array(fc.nat({ max: 60 }), { maxLength: 8 }),
        (secrets, text, cuts) => {
          const chunked = run(secrets, cut(text, cuts));
          expect(chunked).toBe(maskWhole(secrets, text));
          // ...and no long value is left in it.
          for (const secret of secrets.filter((s) => s.length >= MIN_MASK_LENGTH)) {
            expect(chunked.replaceAll(MASK, '\u0000')).not.toContain(secret);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('property: a value inside JSON, a URL or base64 is masked however the output is cut', () => {
    const unit = fc.constantFrom('a', 'Z', '9', ' ', '"', '\\', '/', '+', '&', 'é', '\n');
    fc.assert(
      fc.property(
        fc.string({ unit, minLength: MIN_MASK_LENGTH, maxLength: 24 }),
        fc.constantFrom<(s: string) => string>(
          (s) => JSON.stringify({ k: s }),
          (s) => `?q=${encodeURIComponent(s)}`,
          (s) => Buffer.from(s).toString('base64'),
        ),
        fc.array(fc.nat({ max: 80 }), { maxLength: 6 }),
        (secret, encode, cuts) => {
          const text = encode(secret);
          const chunked = run([secret], cut(text, cuts));
          expect(chunked).toBe(maskWhole([secret], text));
          expect(chunked).toContain(MASK);
        },
      ),
    );
  });
});
