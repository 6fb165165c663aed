import { describe, expect, it } from 'vitest';
import { checkPrefix, collisionError } from './env-names.js';

const names = (variables: { name: string }[]) => variables.map((variable) => variable.name);

describe('checkPrefix', () => {
  it.each(['', 'PG', 'APP_', '_x1'])('accepts %j', (prefix) => {
    expect(() => checkPrefix(prefix)).not.toThrow();
  });
  it.each(['1A', 'pg-', 'A B'])('refuses %j', (prefix) => {
    expect(() => checkPrefix(prefix)).toThrow(/cannot begin a variable name/);
  });
});

describe('collisionError', () => {
  it('says which names and which sources, and how to keep them apart', () => {
    const error = collisionError(
      [{ name: 'PASSWORD', sources: ['connection a (password)', 'connection b (password)'] }],
      '--override to let the later one win',
    );
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(
      'a variable is set twice: PASSWORD (connection a (password), connection b (password))',
    );
    expect(error.hint).toMatch(/--prefix.*env: map.*--override/);
  });
});
