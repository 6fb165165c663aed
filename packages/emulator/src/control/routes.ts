import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { EmulatorError } from '../errors.js';
import type { ControlHandler, EmulatorCore } from '../http/core.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario, ScenarioInput } from '../scenario/schema.js';
import { newUuid } from '../state/ids.js';
import { addVersion } from '../state/versions.js';
import { principalDocuments, setPrincipalDocuments } from './iam-documents.js';
import type {
  CredentialsInput,
  FaultInput,
  IdentitiesView,
  KeyStateInput,
  PrincipalDocumentsInput,
  PutSecretInput,
} from './types.js';

type ControlAnswer = Awaited<ReturnType<ControlHandler>>;
type Input = Record<string, unknown>;

/** What the control routes need besides the core: the scenario baseline `reset` returns to. */
interface ControlContext {
  core: EmulatorCore;
  prepare: (scenario: Scenario) => Scenario;
  getBaseline: () => Scenario;
  setBaseline: (scenario: Scenario) => void;
}

const ok = (body: unknown): ControlAnswer => ({ status: 200, body });

/** Every control route, by `METHOD path`. */
const ROUTES: Record<string, (context: ControlContext, input: Input) => ControlAnswer> = {
  'GET /_emulator/health': () => ok({ ok: true }),
  'GET /_emulator/identities': ({ core }) => ok(identitiesOf(core)),
  'POST /_emulator/scenario': ({ core, prepare, setBaseline }, input) => {
    const scenario = prepare(
      parseScenario(
        (input.yaml as string | undefined) ?? (input.scenario as ScenarioInput),
        'control scenario',
      ),
    );
    setBaseline(scenario);
    core.load(scenario);
    return ok(identitiesOf(core));
  },
  'POST /_emulator/reset': ({ core, getBaseline }) => {
    core.load(getBaseline());
    core.faults.clear();
    core.counters.reset();
    return ok(identitiesOf(core));
  },
  'GET /_emulator/counters': ({ core }) => ok(core.counters.snapshot()),
  'DELETE /_emulator/counters': ({ core }) => {
    core.counters.reset();
    return ok({});
  },
  'GET /_emulator/faults': ({ core }) => ok(core.faults.snapshot()),
  'PUT /_emulator/faults': ({ core }, input) => {
    const { action, ...spec } = input as unknown as FaultInput;
    if (typeof action !== 'string') {
      return {
        status: 400,
        body: { error: "a fault needs 'action' (e.g. secretsmanager:GetSecretValue, or *)" },
      };
    }
    core.faults.set(action, spec);
    return ok(core.faults.snapshot());
  },
  'DELETE /_emulator/faults': ({ core }) => {
    core.faults.clear();
    return ok({});
  },
  'PUT /_emulator/credentials': ({ core }, input) => {
    const { lifetimeSeconds, expireNow } = input as CredentialsInput;
    const identities = core.world.identities;
    if (lifetimeSeconds !== undefined) {
      identities.credentialLifetimeSeconds = lifetimeSeconds ?? undefined;
    }
    const expired = expireNow ? identities.expireTemporaryCredentials() : 0;
    return ok({ lifetimeSeconds: identities.credentialLifetimeSeconds ?? null, expired });
  },
  'PUT /_emulator/secrets': ({ core }, input) =>
    ok(putSecret(core, input as unknown as PutSecretInput)),
  'PUT /_emulator/keys': ({ core }, input) =>
    ok(setKeyState(core, input as unknown as KeyStateInput)),
  'GET /_emulator/iam-documents': ({ core }) => ok({ principals: principalDocuments(core) }),
  'PUT /_emulator/iam-documents': ({ core }, input) =>
    ok(setPrincipalDocuments(core, input as unknown as PrincipalDocumentsInput)),
};

/**
 * The control API under `/_emulator/`, guarded by the `x-emulator-token` header.
 * `prepare` fills in a loaded scenario's generated keys; `reset` returns to the baseline.
 */
export function createControlHandler(
  core: EmulatorCore,
  token: string,
  prepare: (scenario: Scenario) => Scenario,
  getBaseline: () => Scenario,
  setBaseline: (scenario: Scenario) => void,
): ControlHandler {
  const context: ControlContext = { core, prepare, getBaseline, setBaseline };
  return async (request: IncomingMessage, body: Buffer, path: string) => {
    if (!tokenMatches(request.headers['x-emulator-token'], token)) {
      return {
        status: 401,
        body: {
          error:
            'missing or wrong x-emulator-token header: use the controlToken startEmulator returned',
        },
      };
    }
    const method = request.method ?? 'GET';
    let input: Input = {};
    try {
      input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Input) : {};
    } catch {
      return { status: 400, body: { error: 'the control request body is not JSON' } };
    }
    const key = `${method} ${path}`;
    const route = Object.hasOwn(ROUTES, key) ? ROUTES[key] : undefined;
    if (!route) return { status: 404, body: { error: `no control route ${method} ${path}` } };
    try {
      return route(context, input);
    } catch (error) {
      const message = error instanceof EmulatorError ? error.message : (error as Error).message;
      return { status: 400, body: { error: message } };
    }
  };
}

function tokenMatches(presented: string | string[] | undefined, token: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function identitiesOf(core: EmulatorCore): IdentitiesView {
  const world = core.world;
  const profile = world.instanceProfile;
  return {
    accounts: world.accounts,
    defaultRegion: world.defaultRegion,
    users: [...world.identities.users.values()].map((u) => ({
      name: u.name,
      accountId: u.accountId,
      arn: u.arn,
      accessKeyId: u.accessKeyId,
      secretAccessKey: u.secretAccessKey,
    })),
    roles: [...world.identities.roles.values()].map((r) => ({
      name: r.name,
      accountId: r.accountId,
      arn: r.arn,
    })),
    instanceProfile: profile && {
      roleArn: profile.roleArn,
      region: profile.region,
      imdsV1Allowed: profile.imdsV1Allowed,
      instanceId: profile.instanceId,
    },
  };
}

function putSecret(core: EmulatorCore, input: PutSecretInput): { arn: string; versionId: string } {
  if (typeof input.name !== 'string' || (input.value === undefined && input.binary === undefined)) {
    throw new EmulatorError(
      'CONTROL_REQUEST_FAILED',
      "a secret needs 'name' and 'value' or 'binary' (base64)",
    );
  }
  const world = core.world;
  const accountId = input.account ?? world.accounts[0]!.id;
  const region = input.region ?? world.defaultRegion;
  const record =
    world.secrets.byName(input.name, accountId, region) ??
    world.secrets.create({ name: input.name, accountId, region, kmsKeyId: input.kmsKey });
  if (input.kmsKey !== undefined) record.kmsKeyId = input.kmsKey;
  const version = addVersion(record, {
    versionId: newUuid(),
    secretString: input.value,
    secretBinary: input.binary === undefined ? undefined : Buffer.from(input.binary, 'base64'),
  });
  return { arn: record.arn, versionId: version.versionId };
}

function setKeyState(
  core: EmulatorCore,
  input: KeyStateInput,
): { arn: string; keyState: string; enabled: boolean } {
  if (typeof input.key !== 'string' || typeof input.enabled !== 'boolean') {
    throw new EmulatorError(
      'CONTROL_REQUEST_FAILED',
      "a key state needs 'key' (id, alias or ARN) and 'enabled' (true or false)",
    );
  }
  const world = core.world;
  const key = world.kms.resolve(
    input.key,
    input.account ?? world.accounts[0]!.id,
    input.region ?? world.defaultRegion,
  );
  if (!key) {
    throw new EmulatorError('CONTROL_REQUEST_FAILED', `no KMS key '${input.key}' in the scenario`);
  }
  key.keyState = input.enabled ? 'Enabled' : 'Disabled';
  key.deletionDate = undefined;
  return { arn: key.arn, keyState: key.keyState, enabled: input.enabled };
}
