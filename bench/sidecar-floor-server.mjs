// The memory reference of bench/sidecar.mjs: the least a Node process can be that keeps the
// same secrets through the AWS SDK and serves them over node:http. It loads them the way the
// sidecar's prefetch does (BatchGetSecretValue, 20 ids a call, 5 calls in flight), keeps the
// GetSecretValue fields in a Map, and answers `GET /v1/<name>` with them as JSON after the
// same token check. No settings schema, logging, metrics, scopes, LRU or stale serving.
// The bench bundles it like the sidecar (minified, the SDK's ES builds) before running it.
// argv: endpoint, region, token, and a file holding the secret names as a JSON array.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { BatchGetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tokenChecker } from './token-check.mjs';

const [endpoint, region, token, namesFile] = process.argv.slice(2);
const names = JSON.parse(readFileSync(namesFile, 'utf8'));
const client = new SecretsManagerClient({ region, endpoint });
const secrets = new Map();

const pending = [];
for (let i = 0; i < names.length; i += 20) pending.push(names.slice(i, i + 20));
async function loadBatches() {
  for (let ids = pending.shift(); ids; ids = pending.shift()) {
    const output = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ids }));
    for (const s of output.SecretValues ?? []) {
      secrets.set(s.Name, {
        ARN: s.ARN,
        Name: s.Name,
        VersionId: s.VersionId,
        SecretString: s.SecretString,
        VersionStages: s.VersionStages,
        CreatedDate: s.CreatedDate,
      });
    }
  }
}

const isToken = tokenChecker(token);
const server = createServer((req, res) => {
  if (!isToken(req.headers['x-aws-parameters-secrets-token'])) {
    res.writeHead(403);
    res.end();
    return;
  }
  const secret = secrets.get(decodeURIComponent((req.url ?? '').slice('/v1/'.length)));
  if (secret === undefined) {
    res.writeHead(404);
    res.end();
    return;
  }
  const body = JSON.stringify({ ...secret, CreatedDate: secret.CreatedDate.getTime() / 1000 });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', async () => {
  const url = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  await Promise.all(Array.from({ length: 5 }, loadBatches));
  process.stdout.write(`${JSON.stringify({ msg: 'prefetch done', loaded: secrets.size })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
