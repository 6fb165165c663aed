import { describe, expect, it } from 'vitest';
import { formatLogLine, humanLogDestination } from './human-log.js';

const at = new Date(2026, 11, 2, 14, 3, 7).getTime();

describe('formatLogLine', () => {
  it('turns a pino JSON line into time, level, message and the other fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: at,
      pid: 1,
      name: 'vaultline-sidecar',
      reason: 'wrong',
      path: '/secretsmanager/get',
      msg: 'refused a request',
      detail: 'two words',
    });
    expect(formatLogLine(line)).toBe(
      '14:03:07 WARN  refused a request reason=wrong path=/secretsmanager/get detail="two words"',
    );
  });

  it.each(['not json', '[1,2]', 'null'])('leaves %s as it is', (line) => {
    expect(formatLogLine(line)).toBe(line);
  });

  it('the destination formats each line of a write', () => {
    let text = '';
    const destination = humanLogDestination({ write: (chunk: string) => (text += chunk) });
    destination.write(
      `${JSON.stringify({ level: 30, time: at, msg: 'a' })}\n${JSON.stringify({ level: 50, time: at, msg: 'b' })}\n`,
    );
    expect(text).toBe('14:03:07 INFO  a\n14:03:07 ERROR b\n');
  });
});
