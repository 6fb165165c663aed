import { failure, type HttpFailure } from './error-table.js';
import type { SecretSource } from './source.js';

/** The resolvers of the roles named in `roleArn`, one cache each, at most `max_roles`. */
export interface RoleSources {
  /** The source reading through this role: created on first use, or the refusal. */
  get(roleArn: string): Promise<SecretSource | HttpFailure>;
  /** Roles with a source now. */
  readonly size: number;
  close(): Promise<void>;
}

/**
 * The agent's bodies for roleArn refusals (aws_secretsmanager_provider/src/cache_manager.rs:
 * check_max_roles, 400 MaxRolesExceeded; get_client, 403 AccessDeniedException).
 */
function maxRolesFailure(maxRoles: number, roleArn: string): HttpFailure {
  const message = `The maximum number of assumed roles (${maxRoles}) has been reached. Unable to assume the following role to create a client: ${roleArn}`;
  return {
    ...failure('MAX_ROLES', message),
    hint: 'roles are kept until the sidecar restarts: raise max_roles (at most 20), or restart the sidecar',
  };
}

function roleRefused(roleArn: string, cause: unknown): HttpFailure {
  const detail = (cause as Error | null)?.message;
  return {
    ...failure('ROLE_REFUSED', `Failed to create caching client from role: ${roleArn}`),
    hint: `sts:AssumeRole failed${detail ? `: ${detail}` : ''}. The role's trust policy must allow the sidecar's identity to assume it`,
  };
}

/**
 * One resolver per role named in `roleArn`, each with its own cache, as AWS's agent keeps
 * one caching client per role. `create` assumes the role (eagerly, so a refused AssumeRole
 * is a 403 here rather than a failure of the first read) and builds the resolver. A role
 * that could not be assumed is not kept; past `maxRoles` new roles get 400 MaxRolesExceeded
 * (roles are never evicted, as in the agent). Concurrent first requests share one creation.
 *
 * @example
 * const roles = createRoleSources(20, async (roleArn) => createResolver(config, { credentials: assume(roleArn) }));
 */
export function createRoleSources(
  maxRoles: number,
  create: (roleArn: string) => Promise<SecretSource>,
): RoleSources {
  const ready = new Map<string, SecretSource>();
  const creating = new Map<string, Promise<SecretSource | HttpFailure>>();
  return {
    get(roleArn) {
      const source = ready.get(roleArn);
      if (source) return Promise.resolve(source);
      const pending = creating.get(roleArn);
      if (pending) return pending;
      if (ready.size + creating.size >= maxRoles) {
        return Promise.resolve(maxRolesFailure(maxRoles, roleArn));
      }
      const created = create(roleArn).then(
        (made) => {
          ready.set(roleArn, made);
          return made;
        },
        (error: unknown) => roleRefused(roleArn, error),
      );
      creating.set(roleArn, created);
      void created.finally(() => creating.delete(roleArn));
      return created;
    },
    get size() {
      return ready.size;
    },
    async close() {
      await Promise.all([...ready.values()].map((source) => source.close?.()));
      ready.clear();
    },
  };
}
