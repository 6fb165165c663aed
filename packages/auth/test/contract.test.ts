import {
  createAccessKeyStrategy,
  createDefaultChainStrategy,
  createInstanceProfileStrategy,
  createRoleBasedStrategy,
} from '../src/index.js';
import { runStrategyContract } from './contract.js';
import { ACCOUNT, assumedRoleArn, roleArn, SESSION, viaEmulator } from './helpers.js';

const logTo = (logger: { lines: string[] }) => ({
  debug: (m: string) => logger.lines.push(m),
  info: (m: string) => logger.lines.push(m),
  warn: (m: string) => logger.lines.push(m),
});

runStrategyContract({
  title: 'access-key',
  temporary: false,
  async create(emu, logger) {
    const { accessKeyId, secretAccessKey } = await emu.credentialsOf('developer');
    return createAccessKeyStrategy(
      { authType: 'access-key', region: 'us-east-2', accessKeyId, secretAccessKey },
      viaEmulator(emu, { logger: logTo(logger) }),
    );
  },
  expectedArn: `arn:aws:iam::${ACCOUNT}:user/developer`,
});

runStrategyContract({
  title: 'instance-profile',
  temporary: true,
  create: (emu, logger) =>
    createInstanceProfileStrategy(
      {
        authType: 'instance-profile',
        region: 'us-east-2',
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu, { logger: logTo(logger) }),
    ),
  async expectedArn(emu) {
    const { instanceProfile } = await emu.control.identities();
    return assumedRoleArn('agent', instanceProfile!.instanceId);
  },
});

runStrategyContract({
  title: 'role-based (instance profile assumes its own role)',
  temporary: true,
  create: (emu, logger) =>
    createRoleBasedStrategy(
      {
        authType: 'role-based',
        region: 'us-east-2',
        iamRole: roleArn('agent'),
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu, { logger: logTo(logger) }),
    ),
  expectedArn: assumedRoleArn('agent', SESSION),
});

runStrategyContract({
  title: 'role-based (role chain agent -> reader -> auditor)',
  temporary: true,
  create: (emu, logger) =>
    createRoleBasedStrategy(
      {
        authType: 'role-based',
        region: 'us-east-2',
        iamRole: roleArn('reader'),
        roleChain: [{ roleArn: roleArn('auditor'), sessionName: 'audit-hop' }],
        instanceMetadata: { endpoint: emu.url },
      },
      viaEmulator(emu, { logger: logTo(logger) }),
    ),
  expectedArn: assumedRoleArn('auditor', 'audit-hop'),
});

const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

runStrategyContract({
  title: 'default-chain (environment credentials)',
  temporary: false,
  async beforeAll(emu) {
    const { accessKeyId, secretAccessKey } = await emu.credentialsOf('developer');
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  },
  afterAll() {
    for (const key of ENV_KEYS) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  },
  create: (emu, logger) =>
    createDefaultChainStrategy(
      { authType: 'default-chain', region: 'us-east-2' },
      viaEmulator(emu, { logger: logTo(logger) }),
    ),
  expectedArn: `arn:aws:iam::${ACCOUNT}:user/developer`,
});
