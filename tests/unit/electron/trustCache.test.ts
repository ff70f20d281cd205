// The shell's copy of the server's trust list (for checking signatures when the server cannot be reached): taken from
// GET /api/verify/trust as served over HTTP, kept per server, replaced whole; an answer that is not a list of CA
// certificates leaves the previous copy; the installation's folder and the copy are read together.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrustFiles, refreshTrustCopy, trustCopyPath } from '../../../electron/main/trustCache.ts';
import { unreachableChoices } from '../../../electron/main/unreachable.ts';

let dir: string;
let server: Server;
let origin: string;
let answer: { status: number; body: string } = { status: 200, body: '{}' };
let caPem: string;
let leafPem: string;

function makeCertificates(): void {
  // A self-signed root, and a certificate that is no CA (which a trust list must not take).
  for (const [name, ca] of [
    ['ca', true],
    ['leaf', false],
  ] as const) {
    const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    args.push('-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-utf8');
    args.push(
      '-subj',
      ca ? '/CN=Gốc thử nghiệm' : '/CN=Người ký',
      '-addext',
      `basicConstraints=critical,CA:${ca ? 'TRUE' : 'FALSE'}`,
    );
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  caPem = readFileSync(join(dir, 'ca.pem'), 'latin1');
  leafPem = readFileSync(join(dir, 'leaf.pem'), 'latin1');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phonghop-trust-copy-'));
  makeCertificates();
  server = createServer((req, res) => {
    if (req.url !== '/api/verify/trust') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const copyDir = () => join(dir, 'user-trust');

describe('trust-list copy', () => {
  it('keeps the server’s CA certificates, per server, and reads them back with the installation’s', async () => {
    answer = { status: 200, body: JSON.stringify({ certificates: [caPem] }) };
    assert.equal(await refreshTrustCopy(fetch, origin, copyDir()), 1);
    const file = trustCopyPath(copyDir(), origin);
    assert.equal(readFileSync(file, 'latin1').trim(), caPem.trim());
    assert.notEqual(trustCopyPath(copyDir(), 'https://hop.other.gov.vn'), file);

    const installation = join(dir, 'installation-trust');
    mkdirSync(installation);
    writeFileSync(join(installation, 'ban-co-yeu.crt'), caPem);
    writeFileSync(join(installation, 'readme.txt'), 'not a certificate');
    const files = await readTrustFiles([installation, copyDir(), join(dir, 'missing')]);
    assert.deepEqual(
      files.map((f) => f.name),
      [join(installation, 'ban-co-yeu.crt'), file],
    );
  });

  it('refuses an answer that is not a list of CA certificates, and keeps the previous copy', async () => {
    const file = trustCopyPath(copyDir(), origin);
    const before = readFileSync(file, 'latin1');
    const bad = [
      { status: 500, body: '{}' },
      { status: 200, body: 'not json' },
      { status: 200, body: JSON.stringify({ certificates: 'x' }) },
      {
        status: 200,
        body: JSON.stringify({ certificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }),
      },
      { status: 200, body: JSON.stringify({ certificates: [leafPem] }) },
      { status: 200, body: JSON.stringify({ certificates: [`${caPem}\n<script>`] }) },
    ];
    for (const b of bad) {
      answer = b;
      await assert.rejects(refreshTrustCopy(fetch, origin, copyDir()), Error, b.body.slice(0, 40));
      assert.equal(readFileSync(file, 'latin1'), before);
    }
  });

  it('removes the copy when the server trusts nothing', async () => {
    answer = { status: 200, body: JSON.stringify({ certificates: [] }) };
    assert.equal(await refreshTrustCopy(fetch, origin, copyDir()), 0);
    assert.equal(existsSync(trustCopyPath(copyDir(), origin)), false);
  });
});

describe('server unreachable', () => {
  it('offers a signature check on this computer always, another server only for one the person typed', () => {
    assert.deepEqual(unreachableChoices('user'), ['retry', 'verifyOffline', 'changeServer']);
    assert.deepEqual(unreachableChoices('installation'), ['retry', 'verifyOffline']);
    assert.deepEqual(unreachableChoices('env'), ['retry', 'verifyOffline']);
  });
});
