import { StringDecoder } from 'node:string_decoder';
import { buildAutomaton, type PatternAutomaton } from './pattern-automaton.js';
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
  const { texts, patterns } = maskPatterns(secrets);
  if (texts.length === 0) return passThrough();
  return new MaskingStream(texts, patterns);
}

/** Every value and encoded form to mask, once each, with how it must be matched. */
function maskPatterns(secrets: Iterable<string>): { texts: string[]; patterns: Pattern[] } {
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
  return { texts, patterns };
}

/** Nothing to mask: the text goes through, decoded. */
function passThrough(): Masker {
  const decoder = new StringDecoder('utf8');
  return {
    push: (chunk) => (typeof chunk === 'string' ? chunk : decoder.write(chunk)),
    flush: () => '',
    end: () => decoder.end(),
    holding: false,
  };
}

/**
 * The masking state of one stream. Positions count UTF-16 units from the start of the
 * stream. `pending` is the text from `base` (not yet written) to `position` (not yet read);
 * `before` is the character just before `base`, for the whole-word check.
 */
class MaskingStream implements Masker {
  readonly #decoder = new StringDecoder('utf8');
  readonly #automaton: PatternAutomaton;
  readonly #patterns: Pattern[];
  #state: number;
  #position = 0;
  #base = 0;
  #pending = '';
  #before: string | undefined;
  // The forms found, by where they begin (slot `start - base`), each recorded when its last
  // character is read.
  #found: (number[] | undefined)[] = [];

  constructor(texts: string[], patterns: Pattern[]) {
    this.#automaton = buildAutomaton(texts);
    this.#patterns = patterns;
    this.#state = this.#automaton.root;
  }

  push(chunk: Buffer | string): string {
    this.#read(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    // A form that starts at or after this point may still be being written.
    return this.#settle(this.#position - this.#automaton.depth(this.#state));
  }

  flush(): string {
    const text = this.#settle(this.#position);
    this.#state = this.#automaton.root;
    this.#found = [];
    return text;
  }

  end(): string {
    this.#read(this.#decoder.end());
    return this.#settle(this.#position);
  }

  get holding(): boolean {
    return this.#base < this.#position;
  }

  #read(text: string): void {
    this.#state = this.#automaton.run(text, this.#state, (end, index) => this.#record(end, index));
    this.#position += text.length;
    this.#pending += text;
  }

  #record(end: number, index: number): void {
    const start = this.#position + end - this.#patterns[index]!.length;
    if (start < this.#base) return;
    const slot = this.#found[start - this.#base];
    if (slot) slot.push(index);
    else this.#found[start - this.#base] = [index];
  }

  #charAt(at: number): string | undefined {
    if (at < this.#base) return this.#before;
    return at < this.#position ? this.#pending[at - this.#base] : undefined;
  }

  // A whole-word form must not continue a word on either side (past the end of what has
  // been read counts as a boundary: only flush() and end() decide there).
  #fits(pattern: Pattern, start: number): boolean {
    return (
      !pattern.wholeWord ||
      ((!pattern.startsWithWord || !isWord(this.#charAt(start - 1))) &&
        (!pattern.endsWithWord || !isWord(this.#charAt(start + pattern.length))))
    );
  }

  /** The length of the longest form that starts at `at` and fits there; 0 for none. */
  #longestAt(at: number): number {
    let longest = 0;
    for (const index of this.#found[at - this.#base] ?? []) {
      const pattern = this.#patterns[index]!;
      if (pattern.length > longest && this.#fits(pattern, at)) longest = pattern.length;
    }
    return longest;
  }

  // Writes out everything before `limit`: nothing that starts before it can still change.
  #settle(limit: number): string {
    const base = this.#base;
    const parts: string[] = [];
    let cursor = base;
    let run = base;
    while (cursor < limit) {
      const longest = this.#longestAt(cursor);
      if (longest > 0) {
        parts.push(this.#pending.slice(run - base, cursor - base), MASK);
        cursor += longest;
        run = cursor;
      } else {
        cursor += 1;
      }
    }
    parts.push(this.#pending.slice(run - base, cursor - base));
    if (cursor > base) this.#before = this.#pending[cursor - 1 - base];
    this.#pending = this.#pending.slice(cursor - base);
    this.#found = this.#found.slice(cursor - base);
    this.#base = cursor;
    return parts.join('');
  }
}
