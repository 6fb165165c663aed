import type { CallerPrincipal, PolicyDocument } from '../iam/types.js';
import type { Scenario } from '../scenario/schema.js';
import { newAccessKeyId, newSecretAccessKey, newSessionToken, newUniqueId } from './ids.js';

/** An IAM user of the scenario with its long-term key. */
export interface UserRecord {
  name: string;
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  policies: PolicyDocument[];
}

/** An IAM role of the scenario. */
export interface RoleRecord {
  name: string;
  accountId: string;
  arn: string;
  roleId: string;
  trustPolicy: PolicyDocument;
  policies: PolicyDocument[];
  maxSessionDuration: number;
}

/** A key pair the emulator accepts, and who it stands for. */
export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiresAt?: Date;
  principal: CallerPrincipal;
  /** The role's ARN for temporary credentials of an assumed role. */
  roleArn?: string;
}

/** Temporary credentials as STS and IMDS hand them out. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * Users, roles and every credential the emulator accepts. Identity policies are looked up
 * live (from the user or role), so a control request that changes a role takes effect at once.
 */
export class IdentityStore {
  readonly users = new Map<string, UserRecord>();
  readonly roles = new Map<string, RoleRecord>();
  private readonly credentials = new Map<string, CredentialRecord>();
  /** Upper bound on new temporary credentials' lifetime, set through the control API. */
  credentialLifetimeSeconds: number | undefined;

  constructor(scenario: Scenario) {
    const defaultAccount = scenario.accounts[0]!.id;
    for (const user of scenario.users) {
      const accountId = user.account ?? defaultAccount;
      const record: UserRecord = {
        name: user.name,
        accountId,
        arn: `arn:aws:iam::${accountId}:user/${user.name}`,
        userId: newUniqueId('AIDA'),
        accessKeyId: user.accessKeyId ?? newAccessKeyId('AKIA'),
        secretAccessKey: user.secretAccessKey ?? newSecretAccessKey(),
        policies: user.policies as PolicyDocument[],
      };
      this.users.set(record.arn, record);
      this.credentials.set(record.accessKeyId, {
        accessKeyId: record.accessKeyId,
        secretAccessKey: record.secretAccessKey,
        principal: { kind: 'user', arn: record.arn, accountId, userId: record.userId },
      });
    }
    for (const role of scenario.roles) {
      const accountId = role.account ?? defaultAccount;
      const path = role.path.endsWith('/') ? role.path : `${role.path}/`;
      const arn = `arn:aws:iam::${accountId}:role${path}${role.name}`;
      this.roles.set(arn, {
        name: role.name,
        accountId,
        arn,
        roleId: newUniqueId('AROA'),
        trustPolicy: role.trustPolicy as PolicyDocument,
        policies: role.policies as PolicyDocument[],
        maxSessionDuration: role.maxSessionDuration,
      });
    }
  }

  /** The credential record of an access key id, if the emulator issued or loaded it. */
  lookup(accessKeyId: string): CredentialRecord | undefined {
    return this.credentials.get(accessKeyId);
  }

  /** The user with this name in this account. */
  findUser(name: string, accountId?: string): UserRecord | undefined {
    for (const user of this.users.values()) {
      if (user.name === name && (accountId === undefined || user.accountId === accountId)) {
        return user;
      }
    }
    return undefined;
  }

  /** The role with this ARN, ignoring the path when the ARN has none. */
  findRole(roleArn: string): RoleRecord | undefined {
    const exact = this.roles.get(roleArn);
    if (exact) return exact;
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (!match) return undefined;
    for (const role of this.roles.values()) {
      if (
        role.accountId === match[1] &&
        role.name === match[2] &&
        roleArn.endsWith(role.arn.slice(role.arn.indexOf(':role/') + 5))
      ) {
        return role;
      }
    }
    return undefined;
  }

  /** Identity policies that apply to a caller (none for root: root is allowed by identity). */
  policiesOf(record: CredentialRecord): PolicyDocument[] {
    const { principal } = record;
    if (principal.kind === 'user') return this.users.get(principal.arn)?.policies ?? [];
    if (principal.kind === 'assumed-role' && record.roleArn) {
      return this.roles.get(record.roleArn)?.policies ?? [];
    }
    return [];
  }

  /** Issues temporary credentials for a session of `role`. */
  issueRoleSession(
    role: RoleRecord,
    sessionName: string,
    durationSeconds: number,
  ): IssuedCredentials {
    const lifetime = Math.min(durationSeconds, this.credentialLifetimeSeconds ?? durationSeconds);
    const issued: IssuedCredentials = {
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      expiration: new Date(Date.now() + lifetime * 1000),
    };
    this.credentials.set(issued.accessKeyId, {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiresAt: issued.expiration,
      roleArn: role.arn,
      principal: {
        kind: 'assumed-role',
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
        accountId: role.accountId,
        roleArn: role.arn,
        sessionName,
        userId: `${role.roleId}:${sessionName}`,
      },
    });
    return issued;
  }

  /** Makes every temporary credential issued so far expire now. */
  expireTemporaryCredentials(): number {
    let count = 0;
    const past = new Date(Date.now() - 1000);
    for (const record of this.credentials.values()) {
      if (record.sessionToken) {
        record.expiresAt = past;
        count += 1;
      }
    }
    return count;
  }
}
