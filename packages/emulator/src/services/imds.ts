import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { authorizeAssumeRole } from '../iam/index.js';
import type { IssuedCredentials } from '../state/identities.js';
import type { World } from '../state/world.js';

/** A plain HTTP answer of the metadata service. */
export interface ImdsResponse {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Default lifetime of instance-profile credentials (AWS hands out about six hours). */
/** AWS makes new instance credentials available at least five minutes before expiry. */
const ROTATE_BEFORE_EXPIRY_MS = 5 * 60 * 1000;
const DEFAULT_LIFETIME_SECONDS = 6 * 3600;

/**
 * EC2 instance metadata (IMDSv2): session tokens, the instance profile's rotating
 * credentials, placement and the identity document.
 */
export class ImdsService {
  private readonly tokens = new Map<string, number>();
  private current: { issued: IssuedCredentials; lifetime: number; at: Date } | undefined;

  constructor(private readonly world: World) {}

  handle(method: string, path: string, headers: IncomingHttpHeaders): ImdsResponse {
    if (path === '/latest/api/token') return this.issueToken(method, headers);
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, body: '' };
    const token = headers['x-aws-ec2-metadata-token'];
    if (typeof token === 'string') {
      const expires = this.tokens.get(token);
      if (expires === undefined || expires <= Date.now()) return { status: 401, body: '' };
    } else if (!this.world.instanceProfile?.imdsV1Allowed) {
      return { status: 401, body: '' };
    }
    return this.read(path);
  }

  private issueToken(method: string, headers: IncomingHttpHeaders): ImdsResponse {
    if (method !== 'PUT') return { status: 405, body: '' };
    // IMDSv2 refuses requests that came through a proxy.
    if (headers['x-forwarded-for']) return { status: 403, body: '' };
    const ttl = Number(headers['x-aws-ec2-metadata-token-ttl-seconds']);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return { status: 400, body: '' };
    const token = randomBytes(42).toString('base64');
    this.tokens.set(token, Date.now() + ttl * 1000);
    return {
      status: 200,
      body: token,
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) },
    };
  }

  private read(requested: string): ImdsResponse {
    // As the real service, a trailing slash names the same entry
    // (botocore asks for placement/availability-zone/).
    const path = requested.length > 1 ? requested.replace(/\/+$/, '') : requested;
    const profile = this.world.instanceProfile;
    const text = (body: string): ImdsResponse => ({ status: 200, body });
    const notFound: ImdsResponse = { status: 404, body: '' };
    switch (path) {
      case '/latest/meta-data':
      case '/latest/meta-data/':
        return text(['ami-id', 'iam/', 'instance-id', 'placement/'].join('\n'));
      case '/latest/meta-data/instance-id':
        return profile ? text(profile.instanceId) : notFound;
      case '/latest/meta-data/placement/region':
        return profile ? text(profile.region) : notFound;
      case '/latest/meta-data/placement/availability-zone':
        return profile ? text(`${profile.region}a`) : notFound;
      case '/latest/meta-data/iam/security-credentials':
      case '/latest/meta-data/iam/security-credentials/':
        return profile ? text(profile.roleName) : notFound;
      case '/latest/dynamic/instance-identity/document':
        return profile
          ? {
              status: 200,
              contentType: 'application/json',
              body: JSON.stringify({
                accountId: profile.accountId,
                architecture: 'x86_64',
                availabilityZone: `${profile.region}a`,
                imageId: 'ami-0emulator0000000',
                instanceId: profile.instanceId,
                instanceType: 't3.micro',
                pendingTime: new Date(0).toISOString(),
                privateIp: '10.0.0.10',
                region: profile.region,
                version: '2017-09-30',
              }),
            }
          : notFound;
    }
    const prefix = '/latest/meta-data/iam/security-credentials/';
    if (profile && path === `${prefix}${profile.roleName}`) return this.credentials();
    return notFound;
  }

  private credentials(): ImdsResponse {
    const profile = this.world.instanceProfile!;
    const identities = this.world.identities;
    const role = identities.findRole(profile.roleArn)!;
    const decision = authorizeAssumeRole({
      caller: { service: 'ec2.amazonaws.com' },
      roleArn: role.arn,
      roleAccountId: role.accountId,
      trustPolicy: role.trustPolicy,
      callerIdentityPolicies: [],
    });
    const now = new Date();
    if (!decision.allowed) {
      return {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          Code: 'AssumeRoleUnauthorizedAccess',
          Message: `EC2 cannot assume the role ${role.name}. Please see documentation at https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html#roles-usingrole-ec2instance-roles.`,
          LastUpdated: now.toISOString(),
        }),
      };
    }
    const lifetime = identities.credentialLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const current = this.current;
    // Rotate once half the lifetime has passed, and always at least five minutes before
    // expiry, as AWS does: the service never hands out credentials about to expire.
    const remaining = current ? current.issued.expiration.getTime() - now.getTime() : 0;
    const rotateBelow = Math.max((lifetime * 1000) / 2, ROTATE_BEFORE_EXPIRY_MS);
    if (!current || current.lifetime !== lifetime || remaining < rotateBelow) {
      this.current = {
        issued: identities.issueRoleSession(role, profile.instanceId, lifetime),
        lifetime,
        at: now,
      };
    }
    const { issued, at } = this.current!;
    return {
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        Code: 'Success',
        LastUpdated: at.toISOString(),
        Type: 'AWS-HMAC',
        AccessKeyId: issued.accessKeyId,
        SecretAccessKey: issued.secretAccessKey,
        Token: issued.sessionToken,
        Expiration: issued.expiration.toISOString(),
      }),
    };
  }
}
