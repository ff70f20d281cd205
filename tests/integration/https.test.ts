// The real server on HTTPS with the CA it generates on first start (a temporary DATA_DIR): clients that trust only
// that CA reach the API and the signalling, every response carries HSTS, /ca.crt serves the CA, the redirect port
// only redirects, TLS 1.1 is refused, a client trusting another CA is refused, and real Chromium accepts the server
// once the CA is in its trust store (an NSS database of the test's own).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer as createTlsServer, type ConnectionOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { freePort } from '../helpers/demoProcess.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { ensureLocalCertificates } from '../../server/tls/localCa.ts';
import { certificateHosts } from '../../server/tls/hosts.ts';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function collect(resolve: (reply: Reply) => void, reject: (error: Error) => void) {
  return (res: import('node:http').IncomingMessage) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    res.on('error', reject);
  };
}

/** An HTTPS GET that trusts `ca` only (never the system store, never "ignore errors"). */
function getHttps(url: string, ca: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, collect(resolve, reject));
    req.on('error', reject);
    req.end();
  });
}

function plainRequest(port: number, method: string, path: string, host: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { host } }, collect(resolve, reject));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the negotiated protocol, or rejects with the handshake's error. */
function handshake(options: ConnectionOptions): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(options, () => {
      const protocol = socket.getProtocol();
      socket.end();
      resolve(protocol);
    });
    socket.on('error', reject);
  });
}

describe('HTTPS with the generated local CA', () => {
  let t: TestServer;
  let ca = '';
  let port = 0;
  let redirectPort = 0;
  let otherDir = '';

  before(async () => {
    redirectPort = await freePort();
    t = await startTestServer({
      env: { HTTP_ONLY: '0', HTTP_REDIRECT_PORT: String(redirectPort), TLS_HOSTS: 'hop.phonghop.test' },
    });
    port = t.server.port;
    ca = readFileSync(join(t.server.services.config.dataDir, 'tls', 'ca.crt'), 'utf8');
    otherDir = mkdtempSync(join(tmpdir(), 'phonghop-other-ca-'));
  });

  after(async () => {
    await t?.stop();
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS to a client that trusts only the generated CA, with HSTS', async () => {
    assert.equal(t.server.url, `https://localhost:${port}`);
    const health = await getHttps(`${t.server.url}/healthz`, ca);
    assert.equal(health.status, 200);
    assert.equal(health.headers['strict-transport-security'], 'max-age=31536000');
    const byAddress = await getHttps(`https://127.0.0.1:${port}/healthz`, ca);
    assert.equal(byAddress.status, 200, 'the certificate names 127.0.0.1 too');
    const missing = await getHttps(`${t.server.url}/api/no-such-thing`, ca);
    assert.equal(missing.headers['strict-transport-security'], 'max-age=31536000', 'HSTS on errors as well');
    // socket.io answers its own requests, around the application's handler.
    const polling = await getHttps(`${t.server.url}/socket.io/?EIO=4&transport=polling`, ca);
    assert.equal(polling.status, 200);
    assert.equal(polling.headers['strict-transport-security'], 'max-age=31536000', 'HSTS on socket.io responses');
  });

  it('covers the TLS_HOSTS names', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port, path: '/healthz', servername: 'hop.phonghop.test', ca, agent: false },
        collect(resolve, reject),
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(reply.status, 200);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, servername: 'other.phonghop.test', ca, agent: false });
        req.on('response', resolve);
        req.on('error', reject);
        req.end();
      }),
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
    );
  });

  it('serves the CA certificate at /ca.crt (PEM) and /ca.der', async () => {
    const pem = await getHttps(`${t.server.url}/ca.crt`, ca);
    assert.equal(pem.status, 200);
    assert.equal(pem.headers['content-type'], 'application/x-x509-ca-cert');
    assert.equal(pem.body.toString(), ca);
    const der = await getHttps(`${t.server.url}/ca.der`, ca);
    const fingerprint = new X509Certificate(ca).fingerprint256;
    assert.equal(new X509Certificate(der.body).fingerprint256, fingerprint);
    assert.ok(new X509Certificate(ca).ca, 'a CA certificate');
  });

  it('carries the signalling over wss to a client that trusts the CA', async () => {
    const socket = io(t.server.url, { transports: ['websocket'], reconnection: false, forceNew: true, ca });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    } finally {
      socket.close();
    }
  });

  it('refuses a client that trusts another CA, or only the system store', async () => {
    const other = ensureLocalCertificates(otherDir, certificateHosts([])).caCertificate;
    await assert.rejects(getHttps(`${t.server.url}/healthz`, other), (error: NodeJS.ErrnoException) => {
      assert.match(error.code ?? '', /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER/);
      return true;
    });
    await assert.rejects(fetch(`${t.server.url}/healthz`), 'fetch with the system store only');
  });

  it('answers the redirect port with nothing but redirects to the HTTPS address', async () => {
    const page = await plainRequest(redirectPort, 'GET', '/join?token=abc', `localhost:${redirectPort}`);
    assert.equal(page.status, 301);
    assert.equal(page.headers.location, `https://localhost:${port}/join?token=abc`);
    const api = await plainRequest(redirectPort, 'GET', '/healthz', `10.0.0.7:${redirectPort}`);
    assert.equal(api.status, 301, 'no API on the plain port');
    assert.equal(api.headers.location, `https://10.0.0.7:${port}/healthz`);
    assert.equal(api.body.length, 0);
    const post = await plainRequest(redirectPort, 'POST', '/api/documents', `[::1]:${redirectPort}`);
    assert.equal(post.status, 308, 'a POST keeps its method');
    assert.equal(post.headers.location, `https://[::1]:${port}/api/documents`);
    const hostile = await plainRequest(redirectPort, 'GET', '/', 'evil.example/"><script>');
    assert.equal(hostile.headers.location, `https://localhost:${port}/`, 'a malformed Host header is not echoed');
    const caOnPlain = await plainRequest(redirectPort, 'GET', '/ca.crt', `localhost:${redirectPort}`);
    assert.equal(caOnPlain.status, 301);
  });

  it('refuses TLS 1.1 (and accepts TLS 1.2)', async () => {
    // The same client offers TLS 1.1 to a server that allows it (control): the refusal below is the server's.
    const chain = readFileSync(join(t.server.services.config.dataDir, 'tls', 'server.crt'), 'utf8') + ca;
    const key = readFileSync(join(t.server.services.config.dataDir, 'tls', 'server.key'), 'utf8');
    const control = createTlsServer({ cert: chain, key, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const old: ConnectionOptions = {
      host: '127.0.0.1',
      servername: 'localhost',
      ca,
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    };
    try {
      assert.equal(await handshake({ ...old, port: (control.address() as AddressInfo).port }), 'TLSv1.1');
    } finally {
      control.close();
    }
    await assert.rejects(handshake({ ...old, port }), { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    const modern = { host: '127.0.0.1', servername: 'localhost', ca, port };
    assert.equal(await handshake({ ...modern, maxVersion: 'TLSv1.2' }), 'TLSv1.2');
    assert.equal(await handshake(modern), 'TLSv1.3');
  });

  it('is accepted by Chromium once the CA is trusted, and refused before', async () => {
    const home = mkdtempSync(join(tmpdir(), 'phonghop-nss-'));
    const nss = `sql:${join(home, '.pki', 'nssdb')}`;
    execFileSync('mkdir', ['-p', join(home, '.pki', 'nssdb')]);
    execFileSync('certutil', ['-d', nss, '-N', '--empty-password']);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      env: { ...process.env, HOME: home },
    });
    try {
      const page = await browser.newPage();
      await assert.rejects(page.goto(`${t.server.url}/healthz`), /ERR_CERT_AUTHORITY_INVALID/);
      const caFile = join(t.server.services.config.dataDir, 'tls', 'ca.crt');
      execFileSync('certutil', ['-d', nss, '-A', '-t', 'C,,', '-n', 'Phong hop so CA', '-i', caFile]);
      // Chromium reads the NSS database when a new context starts its certificate verification.
      const trusted = await browser.newPage();
      for (const origin of [t.server.url, `https://127.0.0.1:${port}`]) {
        const response = await trusted.goto(`${origin}/healthz`);
        assert.equal(response?.status(), 200, origin);
        assert.equal(response?.headers()['strict-transport-security'], 'max-age=31536000');
      }
    } finally {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
