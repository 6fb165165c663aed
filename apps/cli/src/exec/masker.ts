import { StringDecoder } from 'node:string_decoder';

/** What replaces a secret value in masked output. */
export const MASK = '*****';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A streaming masker: feed it chunks as they arrive, and it returns text with every
 * secret value replaced by `*****`, even when a value is split across chunks. Text that
 * could be the start of a value is held back until the next chunk (or `end()`) shows
 * whether it is one, so at most the longest value's length is ever held.
 *
 * @example
 * const masker = createMasker(['hunter2']);
 * masker.push('pass: hun') + masker.push('ter2\n') + masker.end(); // 'pass: *****\n'
 */
export function createMasker(secrets: Iterable<string>): {
  push(chunk: Buffer | string): string;
  end(): string;
} {
  // Longest first, so a value containing another is masked whole.
  const values = [...new Set(secrets)]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  if (values.length === 0) {
    return {
      push: (chunk) => (typeof chunk === 'string' ? chunk : decoder.write(chunk)),
      end: () => decoder.end(),
    };
  }
  const pattern = new RegExp(values.map(escapeRegExp).join('|'), 'g');
  const mask = (text: string): string => text.replace(pattern, MASK);

  // Length of the longest suffix of `text` that is the beginning of (or all of) a value.
  const heldLength = (text: string): number => {
    let longest = 0;
    for (const value of values) {
      for (let k = Math.min(value.length, text.length); k > longest; k -= 1) {
        if (text.endsWith(value.slice(0, k))) {
          longest = k;
          break;
        }
      }
    }
    return longest;
  };

  return {
    push(chunk) {
      const text = pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
      let cut = text.length - heldLength(text);
      // A whole value that straddles the cut is held from its start, to be masked whole.
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        if (match.index < cut && match.index + match[0].length > cut) {
          cut = match.index;
          break;
        }
        if (match.index >= cut) break;
      }
      pending = text.slice(cut);
      return mask(text.slice(0, cut));
    },
    end() {
      const text = pending + decoder.end();
      pending = '';
      return mask(text);
    },
  };
}
