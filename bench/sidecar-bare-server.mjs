#!/usr/bin/env node
// The baseline of bench/sidecar.mjs: a bare node:http server that checks the same token the
// same way the sidecar does (SHA-256 digest, crypto.timingSafeEqual) and answers the same
// bytes. Run as a child process: argv[2] is the token, argv[3] a file holding the body.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [token, bodyFile] = process.argv.slice(2);
const expected = createHash('sha256').update(token).digest();
const body = readFileSync(bodyFile);
const digest = (value) => createHash('sha256').update(value).digest();

const server = createServer((req, res) => {
  const presented = req.headers['x-aws-parameters-secrets-token'];
  if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), expected)) {
    res.writeHead(403);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
