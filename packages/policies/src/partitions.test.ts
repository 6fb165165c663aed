import { listAwsPartitions } from '@vaultline/secret-names';
import { describe, expect, it } from 'vitest';
import { PolicyError } from './errors.js';
import { generatePolicies, generatePolicy } from './generate.js';
import { validatePolicyGrammar } from './grammar.js';
import type { PolicyOptions } from './types.js';

const SECRETS = '111122223333';
const AGENT = '444455556666';

const viaService = (options: PolicyOptions): unknown =>
  generatePolicy('read-policy', options).document.Statement.find(
    (statement) => statement.Sid === 'ReadPolicyDecryptWithSecretsKey',
  )?.Condition?.StringEquals?.['kms:ViaService'];

describe('partitions', () => {
  it.each([
    ['eusc-de-east-1', 'aws-eusc', 'secretsmanager.eusc-de-east-1.amazonaws.eu'],
    ['cn-north-1', 'aws-cn', 'secretsmanager.cn-north-1.amazonaws.com.cn'],
    ['us-gov-west-1', 'aws-us-gov', 'secretsmanager.us-gov-west-1.amazonaws.com'],
    ['us-isob-east-1', 'aws-iso-b', 'secretsmanager.us-isob-east-1.sc2s.sgov.gov'],
  ])(
    'a region alone (%s) gives the partition %s and its kms:ViaService',
    (region, partition, via) => {
      // The key ARN names its partition too, but only the region decides the documents' one.
      const options: PolicyOptions = {
        region,
        authType: 'access-key',
        agentAccountId: AGENT,
        secretNamePrefixes: ['prod/'],
        kmsKeyArn: `arn:${partition}:kms:${region}:${AGENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      };
      expect(viaService(options)).toBe(via);
      const resource = generatePolicy('read-policy', options).document.Statement[0]?.Resource;
      expect(resource).toBe(`arn:${partition}:secretsmanager:${region}:${AGENT}:secret:prod/*`);
    },
  );

  it.each(listAwsPartitions().map((partition) => [partition.id, partition.regions[0]![0]]))(
    'takes role, secret and key ARNs of the %s partition',
    (partition, region) => {
      const set = generatePolicies({
        region,
        agentRoleArn: `arn:${partition}:iam::${AGENT}:role/agent`,
        instanceRoleArn: `arn:${partition}:iam::${AGENT}:role/agent`,
        secretArns: [`arn:${partition}:secretsmanager:${region}:${SECRETS}:secret:app/db-a1B2c3`],
        kmsKeyArn: `arn:${partition}:kms:${region}:${SECRETS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      });
      const text = JSON.stringify(set.map((entry) => entry.document));
      expect(text).toContain(`arn:${partition}:iam::${AGENT}:role/agent`);
      expect(text).toContain(`arn:${partition}:kms:${region}:${SECRETS}:key/`);
      // no ARN of another partition slipped in
      expect(text.match(/arn:[a-z-]+:/g)?.every((prefix) => prefix === `arn:${partition}:`)).toBe(
        true,
      );
      for (const entry of set) {
        expect(validatePolicyGrammar(entry.document, entry.kind).issues).toEqual([]);
      }
    },
  );

  it('refuses a partition the AWS SDK does not know, naming the ones it does', () => {
    const attempt = () =>
      generatePolicies({
        region: 'us-east-2',
        partition: 'aws-moon' as never,
        authType: 'access-key',
      });
    expect(attempt).toThrow(PolicyError);
    expect(attempt).toThrow(
      /partition must be one of aws, aws-cn, .*aws-eusc.*; received 'aws-moon'/,
    );
  });

  it('refuses an IAM ARN of an unknown partition as it refuses any other non-role', () => {
    expect(() =>
      generatePolicies({
        region: 'us-east-2',
        agentRoleArn: `arn:aws-moon:iam::${AGENT}:role/agent`,
      }),
    ).toThrow(/agentRoleArn must be an IAM role ARN/);
  });
});
