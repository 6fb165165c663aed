/** One way a secret value can appear in a program's output. */
export interface SecretForm {
  text: string;
  /**
   * A fragment of a longer encoding (base64 of the value inside other bytes): it never
   * stands alone, so it is only worth masking when it is long enough to be unambiguous.
   */
  fragment: boolean;
}

const toAsciiJson = (text: string): string =>
  text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const urlSafe = (base64: string): string => base64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The base64 characters that depend on the value alone when it sits `offset` bytes (0-2)
 * into a longer byte string: the characters whose 6 bits all come from the value.
 */
function base64Core(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString('base64')
    .replace(/=+$/, '');
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
  return encoded.slice(first, last + 1);
}

/**
 * The forms of a secret value that `exec` masks: the value; JSON-escaped (as
 * `JSON.stringify` writes it, and with non-ASCII as `\uXXXX`); URL-encoded (as
 * `encodeURIComponent` and as form data, space as `+`); base64 and base64url of the value
 * alone, and the part of its encoding that is the same wherever it sits inside longer
 * base64 (an `Authorization: Basic` header, say). Duplicates are removed.
 *
 * @example
 * secretForms('p"w d').map((form) => form.text);
 * // ['p"w d', 'p\\"w d', 'p%22w%20d', 'p%22w+d', 'cCJ3IGQ=', ...]
 */
export function secretForms(value: string): SecretForm[] {
  const forms = new Map<string, SecretForm>();
  const add = (text: string, fragment = false) => {
    if (text.length > 0 && !forms.has(text)) forms.set(text, { text, fragment });
  };
  add(value);
  const json = JSON.stringify(value).slice(1, -1);
  add(json);
  add(toAsciiJson(json));
  add(encodeURIComponent(value));
  add(new URLSearchParams({ v: value }).toString().slice(2));
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64');
  add(base64);
  add(urlSafe(base64).replace(/=+$/, ''));
  for (const offset of [0, 1, 2]) {
    const core = base64Core(bytes, offset);
    add(core, true);
    add(urlSafe(core), true);
  }
  return [...forms.values()];
}
