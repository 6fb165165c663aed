// The floor of `vaultline get` for bench/cli-startup.mjs: the AWS SDK's Secrets Manager
// client and one GetSecretValue call, nothing else (no config, no argument parsing, no
// vaultline code). The bench bundles it the way the CLI is bundled (one minified CommonJS
// file, the SDK's ES builds) and runs it with Node's compile cache, as the CLI runs.
// argv: endpoint, region, secret id. The access key comes from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, given as static credentials as vaultline's access-key auth does.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const [endpoint, region, secretId] = process.argv.slice(2);
const client = new SecretsManagerClient({
  endpoint,
  region,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  },
});
// No top-level await: the bundle is CommonJS, like the CLI's.
client.send(new GetSecretValueCommand({ SecretId: secretId })).then(({ SecretString }) => {
  process.stdout.write(`${SecretString}\n`);
});
