import { describe, expect, it } from 'vitest';
import { createResponseBodies, memoizeParse } from './hot-path.js';
import { parseQueryStyle } from './query.js';
import { serializeSecret } from './secret-body.js';
import type { SecretValueResult } from './source.js';

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

  it('keeps at most `max` texts, dropping the least recently used', () => {
    const { parse, calls } = countingParser(2);
    parse('secretId=a');
    parse('secretId=b');
    parse('secretId=a'); // a is now the most recently used
    parse('secretId=c'); // full: b goes
    expect(calls()).toBe(3);
    parse('secretId=a');
    parse('secretId=c');
    expect(calls()).toBe(3);
    parse('secretId=b');
    expect(calls()).toBe(4);
  });
});

const result = (version: string): SecretValueResult =>
  Object.freeze({
    ARN: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:body-AbCdEf',
    Name: 'body',
    VersionId: version,
    SecretString: '{"password":"x"}',
    VersionStages: ['AWSCURRENT'],
    CreatedDate: new Date(0),
    stale: false,
  });

describe('createResponseBodies', () => {
  it("answers the agent's body, and keeps it ready from a result's second read on", () => {
    const bodies = createResponseBodies();
    const secret = result('v1');
    const first = bodies.of(secret);
    expect(String(first)).toBe(serializeSecret(secret));
    const second = bodies.of(secret);
    expect(Buffer.isBuffer(second)).toBe(true);
    expect(String(second)).toBe(serializeSecret(secret));
    expect(bodies.of(secret)).toBe(second);
  });

  it('gives another result (a new version, a stale answer) its own body', () => {
    const bodies = createResponseBodies();
    const v1 = result('v1');
    const v2 = result('v2');
    bodies.of(v1);
    bodies.of(v2);
    expect(JSON.parse(String(bodies.of(v2))).VersionId).toBe('v2');
    expect(JSON.parse(String(bodies.of(v1))).VersionId).toBe('v1');
  });

  it('keeps no body of a result that is not frozen (it could change under the key)', () => {
    const bodies = createResponseBodies();
    const open = { ...result('v1') };
    const answers = [bodies.of(open), bodies.of(open), bodies.of(open)];
    expect(answers.map((body) => typeof body)).toEqual(['string', 'string', 'string']);
    expect(answers[2]).toBe(serializeSecret(open));
  });

  it('forgets every body on clear()', () => {
    const bodies = createResponseBodies();
    const secret = result('v1');
    bodies.of(secret);
    const kept = bodies.of(secret);
    bodies.clear();
    expect(bodies.of(secret)).not.toBe(kept);
  });
});
