import type { z } from 'zod';
import {
  type AuthType,
  accessKeyVaultSchema,
  connectionEntrySchema,
  connectionNameSchema,
  defaultChainVaultSchema,
  instanceProfileVaultSchema,
  roleBasedVaultSchema,
} from './schema.js';

/** A single value checked on its own: fine, or the message `validate` would give for it. */
export type FieldCheck = { ok: true } | { ok: false; message: string };

const VAULT_SCHEMAS = {
  'role-based': roleBasedVaultSchema,
  'instance-profile': instanceProfileVaultSchema,
  'access-key': accessKeyVaultSchema,
  'default-chain': defaultChainVaultSchema,
} as const;

const verdict = (schema: z.ZodType, value: unknown): FieldCheck => {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true };
  return { ok: false, message: result.error.issues[0]?.message ?? 'is not valid' };
};

/**
 * Checks one vault field's value with the very schema `validate` uses, so a wizard can refuse
 * an answer as it is typed, with the same message and suggestion ("did you mean us-east-2?").
 * Nested objects (instanceMetadata) take their own keys: pass `instanceMetadata.endpoint`.
 *
 * @example
 * checkVaultField('role-based', 'region', 'US East (Ohio)');
 * // { ok: false, message: "'US East (Ohio)' is not an AWS region code such as us-east-2: did you mean us-east-2?" }
 */
export function checkVaultField(authType: AuthType, field: string, value: unknown): FieldCheck {
  const [head = '', ...rest] = field.split('.');
  const shape = VAULT_SCHEMAS[authType].shape as Record<string, z.ZodType>;
  const schema = shape[head];
  if (!schema) return { ok: false, message: `authType ${authType} has no field ${head}` };
  // Wrap the value at its path, so nested fields go through their parent's schema.
  const wrapped = rest.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
  return verdict(schema, wrapped);
}

/**
 * Checks a connection as `validate` would: each property name, each value as a literal
 * (its `${secret:…}` placeholders included) or `{ secret: "<reference>" }`, and its `env:`
 * map (variable names, each naming a property of the connection).
 *
 * @example
 * checkConnectionProperty({ password: { secret: 'prod/db:password' } }); // { ok: true }
 */
export function checkConnectionProperty(properties: Record<string, unknown>): FieldCheck {
  return verdict(connectionEntrySchema, properties);
}

/**
 * Checks a connection name as `validate` would.
 *
 * @example
 * checkConnectionName('orders db'); // { ok: false, message: 'a connection name is 1 to 128 letters, …' }
 */
export function checkConnectionName(name: string): FieldCheck {
  return verdict(connectionNameSchema, name);
}
