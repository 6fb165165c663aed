import type { PolicyDocument } from '../iam/types.js';
import type { Scenario } from '../scenario/schema.js';
import { IdentityStore } from './identities.js';
import { newUuid } from './ids.js';
import { KmsStore } from './kms-store.js';
import { loadParameters } from './load-parameters.js';
import { ParametersStore } from './parameters-store.js';
import { SecretsStore } from './secrets-store.js';
import { addVersion } from './versions.js';

/** The instance the metadata service describes. */
export interface InstanceProfileState {
  roleArn: string;
  roleName: string;
  accountId: string;
  region: string;
  imdsV1Allowed: boolean;
  instanceId: string;
}

/**
 * Everything a scenario declares, live: identities, KMS keys, secrets and the instance
 * profile. Built from a scenario; replaced as a whole when a scenario is (re)loaded.
 */
export class World {
  readonly identities: IdentityStore;
  readonly kms = new KmsStore();
  readonly secrets = new SecretsStore();
  readonly parameters = new ParametersStore();
  readonly accounts: { id: string; alias?: string }[];
  readonly defaultRegion: string;
  readonly instanceProfile?: InstanceProfileState;

  constructor(readonly scenario: Scenario) {
    this.accounts = scenario.accounts;
    this.defaultRegion = scenario.defaultRegion;
    const defaultAccount = scenario.accounts[0]!.id;
    this.identities = new IdentityStore(scenario);
    for (const key of scenario.kmsKeys) this.#loadKey(key, defaultAccount);
    for (const secret of scenario.secrets) this.#loadSecret(secret, defaultAccount);
    loadParameters(scenario, this.parameters, this.kms);
    if (scenario.instanceProfile)
      this.instanceProfile = this.#instanceProfile(scenario.instanceProfile, defaultAccount);
  }

  #loadKey(key: Scenario['kmsKeys'][number], defaultAccount: string): void {
    const created = this.kms.createKey({
      accountId: key.account ?? defaultAccount,
      region: key.region ?? this.defaultRegion,
      description: key.description,
      policy: key.policy as PolicyDocument | undefined,
      keyId: key.id,
    });
    if (!key.enabled) created.keyState = 'Disabled';
    if (key.alias) this.kms.createAlias(key.alias, created);
  }

  #loadSecret(secret: ScenarioSecret, defaultAccount: string): void {
    const record = this.secrets.create({
      name: secret.name,
      accountId: secret.account ?? defaultAccount,
      region: secret.region ?? this.defaultRegion,
      description: secret.description,
      kmsKeyId: secret.kmsKey,
      tags: secret.tags,
      resourcePolicy: secret.resourcePolicy as PolicyDocument | undefined,
    });
    for (const version of secret.versions) {
      addVersion(
        record,
        { versionId: newUuid(), ...secretPayload(version) },
        version.stages.length > 0 ? version.stages : ['AWSPREVIOUS'],
      );
    }
    if (secret.value !== undefined || secret.binary !== undefined) {
      addVersion(record, { versionId: newUuid(), ...secretPayload(secret) });
    }
    if (secret.rotation) loadRotation(record, secret.rotation);
  }

  #instanceProfile(
    profile: NonNullable<Scenario['instanceProfile']>,
    defaultAccount: string,
  ): InstanceProfileState {
    const accountId = profile.account ?? defaultAccount;
    const role = [...this.identities.roles.values()].find(
      (r) => r.name === profile.roleName && r.accountId === accountId,
    )!;
    return {
      roleArn: role.arn,
      roleName: role.name,
      accountId,
      region: profile.region ?? this.defaultRegion,
      imdsV1Allowed: profile.imdsV1Allowed,
      instanceId: profile.instanceId,
    };
  }
}

type ScenarioSecret = Scenario['secrets'][number];
type SecretRecord = ReturnType<SecretsStore['create']>;

/** A scenario version's (or secret's) value as the store keeps it. */
const secretPayload = (source: { value?: string; binary?: string }) => ({
  secretString: source.value,
  secretBinary: source.binary === undefined ? undefined : Buffer.from(source.binary, 'base64'),
});

/** The rotation a scenario declares: the values it will rotate through, and its schedule. */
function loadRotation(record: SecretRecord, rotation: NonNullable<ScenarioSecret['rotation']>) {
  record.rotationValues = [...rotation.values];
  const lastRotated =
    rotation.lastRotatedDate === undefined ? undefined : new Date(rotation.lastRotatedDate);
  record.lastRotatedDate = lastRotated;
  const scheduled =
    rotation.automaticallyAfterDays !== undefined || rotation.scheduleExpression !== undefined;
  if (!scheduled) return;
  record.rotation = {
    enabled: true,
    lambdaArn:
      rotation.lambdaArn ??
      `arn:aws:lambda:${record.region}:${record.accountId}:function:vaultline-emulator-rotation`,
    automaticallyAfterDays: rotation.automaticallyAfterDays,
    scheduleExpression: rotation.scheduleExpression,
    duration: rotation.duration,
    since: lastRotated ?? new Date(),
  };
}
