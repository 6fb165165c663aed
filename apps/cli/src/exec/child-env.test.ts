import { DEFAULT_TOKEN_ENV_VARIABLES } from '@vaultline/sidecar';
import { describe, expect, it } from 'vitest';
import { inheritedEnvironment, SIDECAR_TOKEN_VARIABLES } from './child-env.js';

const vault = (authType: string, extra: Record<string, unknown> = {}) =>
  ({ type: 'aws-secrets-manager', authType, region: 'us-east-2', ...extra }) as never;

const parent = {
  PATH: '/bin',
  HOME: '/home/me',
  VAULTLINE_SECRET_ACCESS_KEY: 'k',
  VAULTLINE_REGION: 'us-east-2',
  VAULTLINE_SIDECAR_HTTP_PORT: '2773',
  AWS_TOKEN: 'sidecar-token',
  AWS_ACCESS_KEY_ID: 'AKIA...',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  AWS_REGION: 'us-east-2',
};

describe('inheritedEnvironment', () => {
  it('drops VAULTLINE_* and AWS_TOKEN; keeps AWS keys the vault did not sign with', () => {
    const { env, removed } = inheritedEnvironment(parent, vault('access-key'));
    expect(Object.keys(env).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'HOME',
      'PATH',
    ]);
    expect(removed).toEqual([
      'AWS_TOKEN',
      'VAULTLINE_REGION',
      'VAULTLINE_SECRET_ACCESS_KEY',
      'VAULTLINE_SIDECAR_HTTP_PORT',
    ]);
  });

  it.each([
    ['default-chain', {}],
    ['role-based', { sourceCredentials: 'default-chain' }],
  ])('drops the AWS_* keys when a %s vault signed with them', (authType, extra) => {
    const { env } = inheritedEnvironment(parent, vault(authType, extra));
    expect(Object.keys(env).sort()).toEqual(['AWS_REGION', 'HOME', 'PATH']);
  });

  it('keeps the AWS_* keys for a role whose source is the instance profile', () => {
    const { env } = inheritedEnvironment(
      parent,
      vault('role-based', { sourceCredentials: 'instance-profile' }),
    );
    expect(env.AWS_ACCESS_KEY_ID).toBe('AKIA...');
  });

  it('drops a sidecar token variable that is no part of an AWS credential', () => {
    const alone = { PATH: '/bin', AWS_SESSION_TOKEN: 't', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'c' };
    expect(inheritedEnvironment(alone, vault('instance-profile')).env).toEqual({ PATH: '/bin' });
    const container = { ...alone, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1' };
    expect(inheritedEnvironment(container, vault('instance-profile')).env).toEqual({
      PATH: '/bin',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'c',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1',
    });
  });

  it("knows the sidecar's token variables", () => {
    expect([...SIDECAR_TOKEN_VARIABLES]).toEqual(DEFAULT_TOKEN_ENV_VARIABLES);
  });
});
