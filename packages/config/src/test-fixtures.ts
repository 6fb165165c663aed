// Shared inputs for this package's tests (not exported from the package).

export const ROLE = 'arn:aws:iam::111122223333:role/vaultline-agent';
/** AWS's documentation example keys: obviously fake. */
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

type Vault = Record<string, unknown>;

export const roleBased = (patch: Vault = {}): { vault: Vault; connections?: unknown } => ({
  vault: { authType: 'role-based', region: 'us-east-2', iamRole: ROLE, ...patch },
});

export const accessKey = (patch: Vault = {}) => ({
  vault: {
    authType: 'access-key',
    region: 'us-east-2',
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    ...patch,
  },
});

export const instanceProfile = (patch: Vault = {}) => ({
  vault: { authType: 'instance-profile', region: 'us-east-2', ...patch },
});

export const defaultChain = (patch: Vault = {}) => ({
  vault: { authType: 'default-chain', region: 'us-east-2', ...patch },
});

/** A role-based config with one connection. */
export const withConnection = (connection: Record<string, unknown>, vault: Vault = {}) => ({
  ...roleBased(vault),
  connections: { 'orders-db': connection },
});
