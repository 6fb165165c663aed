import { describe, expect, it } from 'vitest';
import { allowsParameter, FULL_ACCESS, type Grant } from './scopes.js';

const grant = (parameters: string[] | undefined, secrets: string[] = []): Grant => ({
  name: 'g',
  secrets,
  connections: [],
  ...(parameters ? { parameters } : {}),
});

describe('parameter scopes', () => {
  it('allows a parameter under one of its prefixes only', () => {
    const app1 = grant(['/prod/app1/']);
    expect(allowsParameter(app1, '/prod/app1/db/host')).toBe(true);
    expect(allowsParameter(app1, '/prod/app10/db/host')).toBe(false);
    expect(allowsParameter(app1, '/prod/app2/db/host')).toBe(false);
  });

  it('allows every parameter with "*", none without parameters or with a blank prefix', () => {
    expect(allowsParameter(FULL_ACCESS, '/anything')).toBe(true);
    expect(allowsParameter(grant(undefined, ['*']), '/prod/x')).toBe(false);
    expect(allowsParameter(grant([' ', '']), '/prod/x')).toBe(false);
  });

  it("decides /aws/reference/secretsmanager/ names by the token's secrets", () => {
    const secretsOnly = grant([], ['prod/app1/']);
    expect(allowsParameter(secretsOnly, '/aws/reference/secretsmanager/prod/app1/db')).toBe(true);
    expect(allowsParameter(secretsOnly, '/aws/reference/secretsmanager/prod/app2/db')).toBe(false);
    // A parameter prefix covering /aws/ does not open every secret.
    expect(allowsParameter(grant(['/aws/']), '/aws/reference/secretsmanager/prod/db')).toBe(false);
    expect(allowsParameter(grant(['*']), '/aws/reference/secretsmanager/')).toBe(false);
  });
});
