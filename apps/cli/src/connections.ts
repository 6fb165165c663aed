import type { Resolver } from '@vaultline/resolver';
import { envText, type Values, valueText } from './formats.js';
import { protect } from './sensitive.js';

/** Resolved connections as text, plus every secret-derived value (for masking). */
export interface ResolvedText {
  connections: Record<string, Values>;
  /** Values that came from secrets: whole properties and each referenced value. */
  secrets: string[];
  stale: boolean;
}

/**
 * Resolves the named connections (every one when `names` is undefined) in one batch and
 * collects the values that must never appear in logs: properties holding a reference and
 * each referenced value on its own (a password inside a URL), as the resolver reports them.
 *
 * @example
 * const { connections, secrets } = await resolveConnectionsText(resolver, ['orders-db']);
 */
export async function resolveConnectionsText(
  resolver: Resolver,
  names: readonly string[] | undefined,
): Promise<ResolvedText> {
  const resolved =
    names === undefined
      ? await resolver.resolveAll()
      : Object.fromEntries(
          await Promise.all(
            names.map(async (name) => [name, await resolver.resolveConnection(name)] as const),
          ),
        );
  const connections: Record<string, Values> = {};
  const secrets = new Set<string>();
  let stale = false;
  for (const [name, connection] of Object.entries(resolved)) {
    stale ||= connection.stale;
    const values: Values = {};
    for (const [key, value] of Object.entries(connection.values)) {
      // A StringList referenced `as: list` stays a list; formats and exec join it.
      values[key] = Array.isArray(value) ? value.map(String) : valueText(value);
    }
    connections[name] = values;
    for (const { property, value } of connection.secretValues) {
      const whole = values[property];
      if (whole !== undefined) secrets.add(envText(whole));
      secrets.add(valueText(value));
    }
  }
  for (const value of secrets) protect(value);
  return { connections, secrets: [...secrets], stale };
}
