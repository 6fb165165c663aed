import { z } from 'zod';
import { vaultlineConfigSchema } from './schema.js';

/** Where the committed schema is published inside the package. */
export const JSON_SCHEMA_ID = 'https://vaultline.dev/schemas/vaultline.schema.json';

/**
 * The JSON Schema of a config file (the input side: defaults are optional), generated from
 * the zod schema. The package ships it as `@vaultline/config/vaultline.schema.json`.
 *
 * @example
 * const schema = createJsonSchema(); // use with an editor or a generic validator
 */
export function createJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(vaultlineConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return { ...schema, title: 'vaultline configuration' };
}
