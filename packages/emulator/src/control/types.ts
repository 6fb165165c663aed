import type { FaultSpec } from './faults.js';

/** A scenario user with its (possibly generated) long-term key, as the control API lists it. */
export interface UserCredentials {
  name: string;
  accountId: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** What `GET /_emulator/identities` returns. */
export interface IdentitiesView {
  accounts: { id: string; alias?: string }[];
  users: UserCredentials[];
  roles: { name: string; accountId: string; arn: string }[];
  instanceProfile?: { roleArn: string; region: string; imdsV1Allowed: boolean; instanceId: string };
  defaultRegion: string;
}

/** A secret added or changed through the control API (a new AWSCURRENT version). */
export interface PutSecretInput {
  name: string;
  account?: string;
  region?: string;
  value?: string;
  /** base64 */
  binary?: string;
  kmsKey?: string;
}

/** A KMS key's state changed through the control API (as EnableKey/DisableKey would). */
export interface KeyStateInput {
  /** Key id, alias (`alias/...`) or ARN; names without an ARN are looked up in account/region. */
  key: string;
  account?: string;
  region?: string;
  enabled: boolean;
}

/** A fault for one action, or `*` for every action. */
export interface FaultInput extends FaultSpec {
  action: string;
}

/** Shortened credential lifetimes (`null` restores the default); `expireNow` ends all sessions. */
export interface CredentialsInput {
  lifetimeSeconds?: number | null;
  expireNow?: boolean;
}

/** A user's or role's IAM documents, as the control API shows them. */
export interface PrincipalDocuments {
  arn: string;
  kind: 'user' | 'role';
  policies: unknown[];
  /** Roles only. */
  trustPolicy?: unknown;
}

/** New documents for one user or role; what is left out stays as it is. */
export interface PrincipalDocumentsInput {
  arn: string;
  policies?: unknown[];
  trustPolicy?: unknown;
}
