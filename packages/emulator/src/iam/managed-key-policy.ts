import { awsServiceHost } from '@vaultline/secret-names';
import type { PolicyDocument } from './types.js';

/**
 * The key policy AWS attaches to an AWS managed key such as `aws/secretsmanager`: any
 * principal of the owning account may use it, but only through the named service, and no
 * other account ever can (kms:CallerAccount).
 *
 * @example
 * awsManagedKeyPolicy('111122223333', 'us-east-1', 'secretsmanager');
 */
export function awsManagedKeyPolicy(
  accountId: string,
  region: string,
  service: string,
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': awsServiceHost(service, region),
            'kms:CallerAccount': accountId,
          },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  };
}
