/**
 * Applies a `doctor --json` fix exactly as printed, knowing nothing of the mistake that
 * caused it: it reads only the fix's machine-readable form. Policy documents change through
 * the AWS APIs (kms:GetKeyPolicy/PutKeyPolicy, secretsmanager:GetResourcePolicy/
 * PutResourcePolicy) or, for IAM documents, the emulator's control API (it serves no IAM API);
 * commands run with the AWS CLI against the emulator; reference rewrites edit the config object.
 * A fix that cannot be applied mechanically throws `NotApplicable`: a product defect.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { PolicyDocument, PolicyStatement } from '@vaultline/policies';
import { AWS_CLI, type TestEmulator } from '@vaultline/test-utils';
import type { DiagnoseFix, DiagnoseFixTarget } from '../src/index.js';

const run = promisify(execFile);

/** A fix doctor printed that no program could apply as it stands. */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/** What the applier may use: the emulator, and an administrator's key for an account. */
export interface FixWorld {
  emulator: () => TestEmulator;
  /** The key of an account's administrator (as a user fixing their setup would sign in). */
  adminOf: (accountId: string) => Promise<{ accessKeyId: string; secretAccessKey: string }>;
  region: string;
}

type Config = Record<string, unknown>;
type Edit = (statements: PolicyStatement[]) => PolicyStatement[];

/** Applies `fix` (and its `also`), returning the config to use from now on. */
export async function applyFix(fix: DiagnoseFix, config: Config, world: FixWorld): Promise<Config> {
  let next = await applyOne(fix, config, world);
  for (const further of fix.also ?? []) next = await applyOne(further, next, world);
  return next;
}

async function applyOne(fix: DiagnoseFix, config: Config, world: FixWorld): Promise<Config> {
  switch (fix.action) {
    case 'add-statement':
      await editDocument(requireTarget(fix), addStatements(fix), world);
      return config;
    case 'remove-deny-statement':
      await editDocument(requireTarget(fix), removeDenies(fix), world);
      return config;
    case 'run-command':
      await runCommands(fix.command, world);
      return config;
    case 'replace-reference':
      return replaceReference(config, fix);
  }
}

function requireTarget(fix: DiagnoseFix): DiagnoseFixTarget {
  if (!fix.target) throw new NotApplicable(`a ${fix.action} fix without a target: ${show(fix)}`);
  return fix.target;
}

const show = (fix: DiagnoseFix) => JSON.stringify({ ...fix, json: undefined });
const listOf = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Adds the fix's statement(s) of `json`, replacing statements with the same Sid. */
function addStatements(fix: DiagnoseFix): Edit {
  const wanted = listOf(fix.json?.Statement).filter(
    (s) => fix.statementSid === undefined || s.Sid === fix.statementSid,
  );
  if (wanted.length === 0) {
    throw new NotApplicable(`the fix names no statement of its document: ${show(fix)}`);
  }
  const sids = new Set(wanted.map((s) => s.Sid).filter(Boolean));
  return (statements) => [...statements.filter((s) => !s.Sid || !sids.has(s.Sid)), ...wanted];
}

/** An IAM action pattern (`kms:*`, `secretsmanager:Get*`) matching an action. */
const actionMatches = (pattern: string, action: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  ).test(action);

/** Removes the Deny statements that deny the fix's action. */
function removeDenies(fix: DiagnoseFix): Edit {
  const action = fix.iamAction;
  if (!action)
    throw new NotApplicable(`a remove-deny-statement fix without iamAction: ${show(fix)}`);
  return (statements) => {
    const kept = statements.filter(
      (s) =>
        s.Effect !== 'Deny' ||
        !listOf(s.Action as string | string[] | undefined).some((a) => actionMatches(a, action)),
    );
    if (kept.length === statements.length) {
      throw new NotApplicable(`no Deny statement of the target denies ${action}: ${show(fix)}`);
    }
    return kept;
  };
}

/** Reads the target document, edits its statements, writes it back. */
async function editDocument(target: DiagnoseFixTarget, edit: Edit, world: FixWorld) {
  if (target.document === 'key-policy' || target.document === 'secret-resource-policy') {
    await editResourcePolicy(target, edit, world);
    return;
  }
  const control = world.emulator().control;
  const principal = (await control.principalDocuments()).find((p) => p.arn === target.arn);
  if (!principal) throw new NotApplicable(`no user or role ${target.arn}`);
  if (target.document === 'trust-policy') {
    const trust = principal.trustPolicy as PolicyDocument;
    const Statement = edit(listOf(trust.Statement));
    await control.setPrincipalDocuments({ arn: target.arn, trustPolicy: { ...trust, Statement } });
    return;
  }
  // Identity policies: the edit sees every statement of every attached policy at once.
  const policies = principal.policies as PolicyDocument[];
  const all = policies.flatMap((p) => listOf(p.Statement));
  const edited = edit(all);
  const kept = policies
    .map((p) => ({ ...p, Statement: listOf(p.Statement).filter((s) => edited.includes(s)) }))
    .filter((p) => p.Statement.length > 0);
  const added = edited.filter((s) => !all.includes(s));
  if (added.length > 0) kept.push({ Version: '2012-10-17', Statement: added });
  await control.setPrincipalDocuments({ arn: target.arn, policies: kept });
}

const accountOf = (arn: string) => arn.split(':')[4] ?? '';

async function editResourcePolicy(target: DiagnoseFixTarget, edit: Edit, world: FixWorld) {
  const common = {
    region: target.arn.split(':')[3] || world.region,
    endpoint: world.emulator().url,
    credentials: await world.adminOf(accountOf(target.arn)),
    maxAttempts: 1,
  };
  if (target.document === 'key-policy') {
    const kms = new KMSClient(common);
    try {
      const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: target.arn }));
      const policy = JSON.parse(Policy ?? '{}') as PolicyDocument;
      const next = { ...policy, Statement: edit(listOf(policy.Statement)) };
      await kms.send(new PutKeyPolicyCommand({ KeyId: target.arn, Policy: JSON.stringify(next) }));
    } finally {
      kms.destroy();
    }
    return;
  }
  const sm = new SecretsManagerClient(common);
  try {
    const { ResourcePolicy } = await sm.send(
      new GetResourcePolicyCommand({ SecretId: target.arn }),
    );
    const policy = (
      ResourcePolicy ? JSON.parse(ResourcePolicy) : { Version: '2012-10-17', Statement: [] }
    ) as PolicyDocument;
    const next = { ...policy, Statement: edit(listOf(policy.Statement)) };
    await sm.send(
      new PutResourcePolicyCommand({ SecretId: target.arn, ResourcePolicy: JSON.stringify(next) }),
    );
  } finally {
    sm.destroy();
  }
}

/**
 * Runs `aws ...` commands joined by `&&` with the AWS CLI, each against the emulator
 * (`--endpoint-url`) with the key of the administrator of the account its ARN argument names.
 */
async function runCommands(command: string | undefined, world: FixWorld): Promise<void> {
  if (!command) throw new NotApplicable('a run-command fix without a command');
  for (const part of command.split(' && ')) {
    const words = part.trim().split(/\s+/);
    if (words[0] !== 'aws' || words.some((w) => /[<>'"`$|;]/.test(w))) {
      throw new NotApplicable(`not a runnable AWS CLI command: ${part}`);
    }
    const arn = words.find((w) => w.startsWith('arn:'));
    if (!arn) throw new NotApplicable(`no ARN says which account to run it in: ${part}`);
    const credentials = await world.adminOf(accountOf(arn));
    await run(AWS_CLI, [...words.slice(1), '--endpoint-url', world.emulator().url], {
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
  }
}

/** Replaces the reference wherever the config writes it: a whole value or a placeholder. */
function replaceReference(config: Config, fix: DiagnoseFix): Config {
  const { reference, replacement } = fix;
  if (!reference || !replacement) {
    throw new NotApplicable(
      `a replace-reference fix without reference and replacement: ${show(fix)}`,
    );
  }
  let count = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value === reference) {
        count += 1;
        return replacement;
      }
      const placeholder = `\${secret:${reference}}`;
      if (value.includes(placeholder)) count += 1;
      return value.replaceAll(placeholder, `\${secret:${replacement}}`);
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  const next = walk(config) as Config;
  if (count === 0) throw new NotApplicable(`the config never writes the reference ${reference}`);
  return next;
}
