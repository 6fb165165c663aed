import type { ResolvedOptions } from '../options.js';
import { ec2ServicePrincipal } from '../options.js';
import type { PolicyStatement } from '../types.js';

export interface TrustStatements {
  statements: PolicyStatement[];
  notes: Record<string, string>;
  /** Caveats for people (e.g. an external id that cannot apply to a service principal). */
  caveats: string[];
}

/**
 * The role trust policy: the EC2 service (instance profile, or any EC2 instance), the
 * instance's role, or the role itself (self-assume, which also needs the EC2 service so the
 * instance profile can hand the role out). `sts:ExternalId` applies to AWS principals only:
 * EC2 never sends one.
 */
export function trustStatements(options: ResolvedOptions): TrustStatements {
  const statements: PolicyStatement[] = [];
  const notes: Record<string, string> = {};
  const caveats: string[] = [];
  const service = ec2ServicePrincipal(options.partition);
  const externalCondition = options.externalId
    ? { Condition: { StringEquals: { 'sts:ExternalId': options.externalId } } }
    : {};
  const source = options.instanceRoleArn ? undefined : options.sourcePrincipalArn;
  const trustsService =
    options.authType === 'instance-profile' ||
    options.selfAssume ||
    (!options.instanceRoleArn && !source);
  if (trustsService) {
    statements.push({
      Sid: 'TrustEc2Service',
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
    });
    notes.TrustEc2Service =
      options.authType === 'instance-profile' || options.selfAssume
        ? 'Let EC2 hand this role to the instance through its instance profile.'
        : 'Let any EC2 instance use this role (attach it to the instance through an instance profile).';
    if (options.externalId && !options.selfAssume && options.authType === 'role-based') {
      caveats.push(
        "The external id is not required of the EC2 service: EC2 never sends one. Give instanceRoleArn to trust the instance's role with the external id instead.",
      );
    }
  }
  if (options.authType === 'role-based' && options.instanceRoleArn) {
    const sid = options.selfAssume ? 'TrustSelfAssume' : 'TrustInstanceRole';
    statements.push({
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: options.instanceRoleArn },
      Action: 'sts:AssumeRole',
      ...externalCondition,
    });
    notes[sid] = options.selfAssume
      ? 'Let the role assume itself; AWS requires a role to be named explicitly in its own trust policy for that.'
      : `Let the EC2 instance's role ${options.instanceRoleArn} assume this role.`;
    if (options.externalId) notes[sid] += ' Requires the configured external id.';
  }
  if (options.authType === 'role-based' && source) {
    statements.push({
      Sid: 'TrustSourcePrincipal',
      Effect: 'Allow',
      Principal: { AWS: source },
      Action: 'sts:AssumeRole',
      ...externalCondition,
    });
    notes.TrustSourcePrincipal = `Let ${source} (the credentials vaultline starts from) assume this role.${options.externalId ? ' Requires the configured external id.' : ''}`;
  }
  return { statements, notes, caveats };
}
