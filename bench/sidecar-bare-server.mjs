#!/usr/bin/env node
// The baseline of bench/sidecar.mjs: a bare node:http server that checks the same token the
// same way the sidecar does (SHA-256 digest, crypto.timingSafeEqual) and answers the same
// bytes. Run as a child process: argv[2] is the token, argv[3] a file holding the body.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tokenChecker } from './token-check.mjs';

const [token, bodyFile] = process.argv.slice(2);
const isToken = tokenChecker(token);
const body = readFileSync(bodyFile);

const server = createServer((req, res) => {
  if (!isToken(req.headers['x-aws-parameters-secrets-token'])) {
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
