import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const pick = (alphabet: string, length: number): string =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A fresh access key id with AWS's shape: `AKIA` (long-term) or `ASIA` (temporary). */
export const newAccessKeyId = (prefix: 'AKIA' | 'ASIA'): string =>
  `${prefix}${pick(UPPER_ALNUM, 16)}`;

/** A fresh 40-character secret access key, generated at run time (never stored in the repo). */
export const newSecretAccessKey = (): string =>
  randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');

/** A fresh session token; opaque to clients, as on AWS. */
export const newSessionToken = (): string => `IQoJemulator${randomBytes(96).toString('base64')}`;

/** A unique id such as `AIDA...` (user) or `AROA...` (role). */
export const newUniqueId = (prefix: 'AIDA' | 'AROA'): string => `${prefix}${pick(UPPER_ALNUM, 17)}`;

/** The 6 random characters AWS appends to a secret's name in its ARN. */
export const newSecretSuffix = (): string => pick(ALNUM, 6);

/** A version id or KMS key id (UUID v4). */
export const newUuid = (): string => randomUUID();

/** A request id for responses. */
export const newRequestId = (): string => randomUUID();
