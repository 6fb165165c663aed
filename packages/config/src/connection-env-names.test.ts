import { describe, expect, it } from 'vitest';
import { findCollisions, nameConnection } from './connection-env-names.js';

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
});
