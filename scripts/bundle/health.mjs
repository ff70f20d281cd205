#!/usr/bin/env node
// `phonghop health [--wait SECONDS]`: asks the local server's /healthz the way a client would, over its TLS with the
// certificate verified — against the generated CA in DATA_DIR/tls, or TLS_CA, or the system's CAs for the agency's
// own certificate, and for PUBLIC_URL's host name — never with verification turned off. The systemd unit runs it
// after the start (ExecStartPost) so that the service is active only once the server answers.
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import tls from 'node:tls';

const env = process.env;
const httpOnly = ['1', 'true', 'yes', 'on'].includes((env.HTTP_ONLY ?? '').toLowerCase());
const port = Number(env.PORT || (httpOnly ? 8080 : 8443));
const listening = env.HOST && !['0.0.0.0', '::', ''].includes(env.HOST) ? env.HOST : '127.0.0.1';
const publicHost = new URL(env.PUBLIC_URL || `https://localhost:${port}`).hostname;

/** The CA to verify with: the generated one (read each try: the first start creates it), TLS_CA, or the system's. */
function trustAnchor() {
  if (env.TLS_CERT) return env.TLS_CA ? fs.readFileSync(env.TLS_CA) : undefined;
  return fs.readFileSync(path.join(env.DATA_DIR || '/var/lib/phonghop', 'tls', 'ca.crt'));
}

function ask() {
  return new Promise((resolve, reject) => {
    const options = {
      host: listening,
      port,
      path: '/healthz',
      timeout: 5000,
      headers: { host: `${publicHost}:${port}` },
    };
    const onResponse = (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode}: ${body}`)),
      );
    };
    const req = httpOnly
      ? http.get(options, onResponse)
      : https.get(
          {
            ...options,
            ca: trustAnchor(),
            servername: isAddress(publicHost) ? undefined : publicHost,
            // Whose certificate: the generated one names 127.0.0.1 too, the agency's names PUBLIC_URL's host.
            checkServerIdentity: (_host, cert) => {
              const forPublic = tls.checkServerIdentity(publicHost, cert);
              return forPublic && tls.checkServerIdentity(listening, cert) ? forPublic : undefined;
            },
          },
          onResponse,
        );
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
  });
}

function isAddress(host) {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

async function main(argv) {
  const i = argv.indexOf('--wait');
  const deadline = Date.now() + (i >= 0 ? Number(argv[i + 1] || 60) : 0) * 1000;
  for (;;) {
    try {
      const health = await ask();
      process.stdout.write(`${JSON.stringify(health)}\n`);
      return 0;
    } catch (error) {
      if (Date.now() >= deadline) {
        process.stderr.write(`[health] ${listening}:${port}/healthz: ${error.message}\n`);
        return 1;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
