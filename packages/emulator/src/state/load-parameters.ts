import { EmulatorError } from '../errors.js';
import type { Scenario } from '../scenario/schema.js';
import { type KmsStore, SSM_ALIAS } from './kms-store.js';
import type { ParameterRecord, ParametersStore } from './parameters-store.js';

type ScenarioParameter = Scenario['parameters'][number];

/** A resource policy standing for AWS RAM's share of a parameter with other accounts. */
const sharePolicy = (record: ParameterRecord, accounts: string[]) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: accounts.map((account) => `arn:aws:iam::${account}:root`) },
      Action: ['ssm:GetParameter', 'ssm:GetParameters'],
      Resource: record.arn,
    },
  ],
});

/**
 * Puts a scenario's parameters into the store, with their older versions and labels;
 * SecureString values are really encrypted under their key, with the parameter's ARN as
 * encryption context, as Parameter Store does.
 */
export function loadParameters(scenario: Scenario, store: ParametersStore, kms: KmsStore): void {
  const defaultAccount = scenario.accounts[0]!.id;
  for (const [index, parameter] of scenario.parameters.entries()) {
    const accountId = parameter.account ?? defaultAccount;
    const region = parameter.region ?? scenario.defaultRegion;
    const record = store.getOrCreate(accountId, region, parameter.name);
    record.tier = parameter.tier;
    if (parameter.sharedWith.length > 0) {
      record.resourcePolicy = sharePolicy(record, parameter.sharedWith);
    }
    const versions = [...parameter.versions, { value: parameter.value, labels: parameter.labels }];
    for (const [i, version] of versions.entries()) {
      record.versions.push({
        version: i + 1,
        type: parameter.type,
        ...storedValue(parameter, record, version.value, kms, index),
        description: parameter.description,
        labels: [...version.labels],
        lastModifiedDate: new Date(),
        lastModifiedUser: `arn:aws:iam::${accountId}:root`,
      });
    }
  }
}

function storedValue(
  parameter: ScenarioParameter,
  record: ParameterRecord,
  value: string,
  kms: KmsStore,
  index: number,
): { value: string; keyId?: string; keyArn?: string } {
  if (parameter.type !== 'SecureString') return { value };
  const keyId = parameter.kmsKey ?? SSM_ALIAS;
  const key = kms.resolve(keyId, record.accountId, record.region);
  if (!key) {
    throw new EmulatorError(
      'INVALID_SCENARIO',
      `parameters.${index}.kmsKey: no KMS key '${keyId}' in account ${record.accountId}, region ${record.region}; declare it under kmsKeys`,
    );
  }
  const blob = kms.encrypt(key, Buffer.from(value, 'utf8'), { PARAMETER_ARN: record.arn });
  return { value: blob.toString('base64'), keyId, keyArn: key.arn };
}
