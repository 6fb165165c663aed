import { describe, expect, it } from 'vitest';
import { memoizeParse } from './parse-memo.js';
import { parseQueryStyle } from './query.js';

/** parseQueryStyle behind memoizeParse, counting how often it really runs. */
function countingParser(max?: number) {
  let calls = 0;
  const parse = memoizeParse((text: string) => {
    calls += 1;
    return parseQueryStyle(text);
  }, max);
  return { parse, calls: () => calls };
}

describe('memoizeParse', () => {
  it('parses a text once and hands out the same frozen result', () => {
    const { parse, calls } = countingParser();
    const first = parse('secretId=prod%2Fdb&versionStage=AWSPREVIOUS');
    expect(first).toEqual({ secretId: 'prod/db', versionStage: 'AWSPREVIOUS' });
    expect(parse('secretId=prod%2Fdb&versionStage=AWSPREVIOUS')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(calls()).toBe(1);
  });

  it('does not keep failures, nor texts longer than 512 characters', () => {
    const { parse, calls } = countingParser();
    expect(parse('secretId=a&nope=1')).toMatchObject({ status: 400 });
    expect(parse('secretId=a&nope=1')).toMatchObject({ status: 400 });
    const long = `secretId=${'a'.repeat(600)}`;
    expect(parse(long)).toEqual({ secretId: 'a'.repeat(600) });
    expect(parse(long)).toEqual({ secretId: 'a'.repeat(600) });
    expect(calls()).toBe(4);
  });

  it('starts over when full, so it stays bounded', () => {
    const { parse, calls } = countingParser(2);
    parse('secretId=a');
    parse('secretId=b');
    parse('secretId=c'); // full: the memo starts over with c
    parse('secretId=c');
    parse('secretId=a');
    expect(calls()).toBe(4);
  });
});
