import { describe, expect, it } from 'vitest';
import { checkPrefix, collisionError, findCollisions, nameConnection } from './env-names.js';

const names = (variables: { name: string }[]) => variables.map((variable) => variable.name);

describe('nameConnection', () => {
  it('names properties in upper snake case, after --prefix, after the connection when qualified', () => {
    expect(names(nameConnection('orders-db', ['password', 'apiKey'], {}))).toEqual([
      'PASSWORD',
      'API_KEY',
    ]);
    expect(names(nameConnection('orders-db', ['password'], { prefix: 'PG' }))).toEqual([
      'PGPASSWORD',
    ]);
    expect(names(nameConnection('orders-db', ['password'], { qualify: true }))).toEqual([
      'ORDERS_DB_PASSWORD',
    ]);
  });

  it("uses a connection's env: map as written, and only its properties", () => {
    const envMaps = { 'orders-db': { PGPASSWORD: 'password', PGHOST: 'host' } };
    expect(
      nameConnection('orders-db', ['password', 'host', 'port'], { envMaps, prefix: 'X_' }),
    ).toEqual([
      expect.objectContaining({
        name: 'PGPASSWORD',
        connection: 'orders-db',
        property: 'password',
      }),
      expect.objectContaining({ name: 'PGHOST', connection: 'orders-db', property: 'host' }),
    ]);
  });
});

describe('findCollisions', () => {
  it('finds a name given by two sources, or already in the environment', () => {
    const variables = [
      ...nameConnection('orders-db', ['password', 'home'], {}),
      ...nameConnection('api', ['password', 'key'], {}),
    ];
    expect(findCollisions(variables, { HOME: '/root', PATH: '/bin' })).toEqual([
      {
        name: 'PASSWORD',
        sources: ['connection orders-db (password)', 'connection api (password)'],
      },
      { name: 'HOME', sources: ['the environment', 'connection orders-db (home)'] },
    ]);
    expect(findCollisions(nameConnection('api', ['key'], {}), { PATH: '/bin' })).toEqual([]);
  });

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

describe('checkPrefix', () => {
  it.each(['', 'PG', 'APP_', '_x1'])('accepts %j', (prefix) => {
    expect(() => checkPrefix(prefix)).not.toThrow();
  });
  it.each(['1A', 'pg-', 'A B'])('refuses %j', (prefix) => {
    expect(() => checkPrefix(prefix)).toThrow(/cannot begin a variable name/);
  });
});
