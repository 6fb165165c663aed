import type { ScenarioInput } from './schema.js';

/**
 * A ready scenario shipped with the package, so a first run needs no file: one account
 * (111111111111, us-east-2), a `developer` user allowed every Secrets Manager, Parameter Store
 * and KMS action, a `reader` user limited to `app/*`, four secrets (`prod/db` JSON,
 * `app/api-key` with an AWSPREVIOUS version, `app/tls-key` binary, `app/config` in us-west-1)
 * and two parameters (`/prod/orders/db/host`, `/prod/orders/api-token` a SecureString). Access keys are
 * generated when the emulator loads it; read them with `emu.control.userCredentials(name)`.
 * Every value carries a `canary-…` string, so leak tests can look for it. The same scenario
 * is `examples/scenarios/single-account.yaml` in the repository (a test keeps them equal).
 *
 * @example
 * const emu = await startEmulator({ scenario: singleAccountScenario });
 */
export const singleAccountScenario: ScenarioInput = deepFreeze({
  version: 1,
  defaultRegion: 'us-east-2',
  accounts: [{ id: '111111111111', alias: 'dev' }],
  users: [
    {
      name: 'developer',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'SecretsAndKeys',
              Effect: 'Allow',
              Action: ['secretsmanager:*', 'ssm:*', 'kms:*', 'sts:GetCallerIdentity'],
              Resource: '*',
            },
          ],
        },
      ],
    },
    {
      name: 'reader',
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ReadAppSecrets',
              Effect: 'Allow',
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Resource: 'arn:aws:secretsmanager:*:111111111111:secret:app/*',
            },
            {
              Sid: 'NoProd',
              Effect: 'Deny',
              Action: 'secretsmanager:*',
              Resource: 'arn:aws:secretsmanager:*:111111111111:secret:prod/*',
            },
          ],
        },
      ],
    },
  ],
  secrets: [
    {
      name: 'prod/db',
      value: '{"username":"app","password":"canary-7f3a91c2d4e8"}',
      tags: { team: 'platform' },
    },
    {
      name: 'app/api-key',
      value: 'canary-b52e0d7a913f',
      versions: [{ value: 'canary-1c8f4e6b2a09', stages: ['AWSPREVIOUS'] }],
    },
    // base64 of "canary-e4d29b7c05a1\n"
    { name: 'app/tls-key', binary: 'Y2FuYXJ5LWU0ZDI5YjdjMDVhMQo=' },
    { name: 'app/config', region: 'us-west-1', value: '{"feature":"canary-5a0b3c9d8e21"}' },
  ],
  parameters: [
    { name: '/prod/orders/db/host', value: 'orders.db.internal' },
    { name: '/prod/orders/api-token', type: 'SecureString', value: 'canary-3e9d1b7a5c42' },
  ],
});

// Frozen so that one caller changing it (a test adding a secret) cannot change it for the next.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
