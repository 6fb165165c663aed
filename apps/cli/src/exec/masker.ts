import { StringDecoder } from 'node:string_decoder';
import { buildAutomaton } from './pattern-automaton.js';
import { secretForms } from './secret-forms.js';

/** What replaces a secret value in masked output. */
export const MASK = '*****';

/**
 * Values (and encoded forms) shorter than this are masked only as whole words: a username
 * `app` is masked in `user=app` but not in `application`.
 */
export const MIN_MASK_LENGTH = 6;

/** A streaming masker; see {@link createMasker}. */
export interface Masker {
  /** Masks what can be decided now; holds back a tail that could be the start of a value. */
  push(chunk: Buffer | string): string;
  /** Gives up the held-back tail (after an idle time): emitted as is, masked where it is whole. */
  flush(): string;
  /** The end of the stream: everything left, masked. */
  end(): string;
  /** Whether text is held back, waiting for the next chunk. */
  readonly holding: boolean;
}

interface Pattern {
  length: number;
  /** Masked only when not part of a longer word (checked on the edges that are word characters). */
  wholeWord: boolean;
  startsWithWord: boolean;
  endsWithWord: boolean;
}

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (char: string | undefined): boolean => char !== undefined && WORD.test(char);

/**
 * A streaming masker: feed it chunks as they arrive, and it returns the text with every
 * secret value, and each of its JSON-escaped, URL-encoded and base64 forms
 * ({@link secretForms}), replaced by `*****`, even when split across chunks. Values shorter
 * than {@link MIN_MASK_LENGTH} are masked only as whole words. At each position the longest
 * form that matches is masked. Text that could be the start of a value is held back until
 * the next chunk, `flush()` or `end()`; at most the longest form's length is held. Time is
 * linear in the text.
 *
 * @example
 * const masker = createMasker(['hunter2']);
 * masker.push('pass: hun') + masker.push('ter2\n') + masker.end(); // 'pass: *****\n'
 */
export function createMasker(secrets: Iterable<string>): Masker {
  const texts: string[] = [];
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      if (seen.has(form.text) || (form.fragment && form.text.length < MIN_MASK_LENGTH)) continue;
      seen.add(form.text);
      texts.push(form.text);
      patterns.push({
        length: form.text.length,
        wholeWord: form.text.length < MIN_MASK_LENGTH,
        startsWithWord: isWord(form.text[0]),
        endsWithWord: isWord(form.text.at(-1)),
      });
    }
  }
  const decoder = new StringDecoder('utf8');
  const decode = (chunk: Buffer | string) =>
    typeof chunk === 'string' ? chunk : decoder.write(chunk);
  if (texts.length === 0) {
    return {
      push: decode,
      flush: () => '',
      end: () => decoder.end(),
      holding: false,
    };
  }

  const automaton = buildAutomaton(texts);
  let state = automaton.root;
  // Positions count UTF-16 units from the start of the stream. `pending` is the text from
  // `base` (not yet written) to `position` (not yet read); `before` is the character just
  // before `base`, for the whole-word check.
  let position = 0;
  let base = 0;
  let pending = '';
  let before: string | undefined;
  // The forms found, by where they begin (slot `start - base`), each recorded when its last
  // character is read.
  let found: (number[] | undefined)[] = [];

  const record = (end: number, index: number) => {
    const start = position + end - patterns[index]!.length;
    if (start < base) return;
    const slot = found[start - base];
    if (slot) slot.push(index);
    else found[start - base] = [index];
  };

  const read = (text: string) => {
    state = automaton.run(text, state, record);
    position += text.length;
    pending += text;
  };

  const charAt = (at: number): string | undefined =>
    at < base ? before : at < position ? pending[at - base] : undefined;

  // A whole-word form must not continue a word on either side (past the end of what has
  // been read counts as a boundary: only flush() and end() decide there).
  const fits = (pattern: Pattern, start: number): boolean =>
    !pattern.wholeWord ||
    ((!pattern.startsWithWord || !isWord(charAt(start - 1))) &&
      (!pattern.endsWithWord || !isWord(charAt(start + pattern.length))));

  // Writes out everything before `limit`: nothing that starts before it can still change.
  const settle = (limit: number): string => {
    const parts: string[] = [];
    let cursor = base;
    let run = base;
    while (cursor < limit) {
      let longest = 0;
      const starting = found[cursor - base];
      if (starting) {
        for (const index of starting) {
          const pattern = patterns[index]!;
          if (pattern.length > longest && fits(pattern, cursor)) longest = pattern.length;
        }
      }
      if (longest > 0) {
        parts.push(pending.slice(run - base, cursor - base), MASK);
        cursor += longest;
        run = cursor;
      } else {
        cursor += 1;
      }
    }
    parts.push(pending.slice(run - base, cursor - base));
    if (cursor > base) before = pending[cursor - 1 - base];
    pending = pending.slice(cursor - base);
    found = found.slice(cursor - base);
    base = cursor;
    return parts.join('');
  };

  return {
    push(chunk) {
      read(decode(chunk));
      // A form that starts at or after this point may still be being written.
      return settle(position - automaton.depth(state));
    },
    flush() {
      const text = settle(position);
      state = automaton.root;
      found = [];
      return text;
    },
    end() {
      read(decoder.end());
      return settle(position);
    },
    get holding() {
      return base < position;
    },
  };
}
