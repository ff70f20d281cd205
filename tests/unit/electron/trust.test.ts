// The shell's certificate pin: the configured server's certificate is accepted when it chains by signature to the CA
// with the pinned SHA-256 fingerprint and names the host; anything else is left to Chromium. Real certificates: the
// server's generated local CA, and chains made with the openssl CLI (an intermediate, a client-only certificate, a
// certificate without subjectAltName).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideServerTrust, parseFingerprint, presentedChain, type CaPin } from '../../../electron/main/trust.ts';
import { ensureLocalCertificates } from '../../../server/tls/localCa.ts';
import { certificateHosts } from '../../../server/tls/hosts.ts';

const DAY = 86_400_000;
let dir = '';
const read = (name: string) => readFileSync(join(dir, name), 'utf8');
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** An EC key and a certificate signed by `issuer` (or self-signed), with the given v3 extensions. */
function issue(name: string, subject: string, extensions: string[], issuer: string | null): void {
  const config = `${name}.cnf`;
  writeFileSync(join(dir, config), ['[req]', 'distinguished_name = dn', '[dn]', '[v3]', ...extensions, ''].join('\n'));
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`];
  const common = ['-subj', subject, '-config', config];
  if (issuer === null) {
    openssl('req', '-x509', ...key, ...common, '-extensions', 'v3', '-days', '30', '-out', `${name}.crt`);
    return;
  }
  openssl('req', '-new', ...key, ...common, '-out', `${name}.csr`);
  const ca = ['-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`];
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    ...ca,
    '-extfile',
    config,
    '-extensions',
    'v3',
    '-days',
    '30',
    '-out',
    `${name}.crt`,
  );
}

const CA_EXT = [
  'basicConstraints=critical,CA:TRUE',
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
];
const SERVER_EXT = ['basicConstraints=critical,CA:FALSE', 'extendedKeyUsage=serverAuth'];

let local: { ca: string; leaf: string; other: { ca: string; leaf: string } };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'phonghop-trust-'));
  const hosts = certificateHosts(['hop.bo.gov.vn', '10.0.0.5'], ['localhost', '127.0.0.1', '::1']);
  const made = ensureLocalCertificates(join(dir, 'local'), hosts);
  const otherMade = ensureLocalCertificates(join(dir, 'other'), hosts);
  local = {
    ca: made.caCertificate,
    leaf: readFileSync(join(dir, 'local', 'server.crt'), 'utf8'),
    other: { ca: otherMade.caCertificate, leaf: readFileSync(join(dir, 'other', 'server.crt'), 'utf8') },
  };
  issue('root', '/CN=Root CA', CA_EXT, null);
  issue('intermediate', '/CN=Intermediate CA', CA_EXT, 'root');
  issue('server', '/CN=hop.example', [...SERVER_EXT, 'subjectAltName=DNS:hop.example'], 'intermediate');
  issue('client', '/CN=hop.example', ['extendedKeyUsage=clientAuth', 'subjectAltName=DNS:hop.example'], 'root');
  issue('cn-only', '/CN=hop.example', SERVER_EXT, 'root');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const pin = (origin: string, ca: string): CaPin => ({ origin, sha256: fingerprint(ca) });

describe('certificate pin', () => {
  it('accepts the generated chain for each name of the server', () => {
    for (const [origin, hostname] of [
      ['https://localhost:8443', 'localhost'],
      ['https://hop.bo.gov.vn', 'HOP.bo.gov.vn'],
      ['https://10.0.0.5:8443', '10.0.0.5'],
      ['https://[::1]:8443', '[::1]'],
      ['https://[::1]:8443', '::1'],
    ] as const) {
      const decision = decideServerTrust({ pin: pin(origin, local.ca), hostname, chain: [local.leaf, local.ca] });
      assert.equal(decision.accept, true, `${hostname}: ${decision.reason}`);
    }
  });

  it('leaves every other host to Chromium, whatever its chain', () => {
    const decision = decideServerTrust({
      pin: pin('https://hop.bo.gov.vn', local.ca),
      hostname: 'localhost',
      chain: [local.leaf, local.ca],
    });
    assert.deepEqual([decision.accept, decision.applies], [false, false]);
    const none = decideServerTrust({ pin: null, hostname: 'localhost', chain: [local.leaf, local.ca] });
    assert.deepEqual([none.accept, none.applies], [false, false]);
  });

  it('refuses a chain to another CA, a forged chain, and a chain without the CA', () => {
    const p = pin('https://localhost:8443', local.ca);
    const refused = (chain: string[]) => decideServerTrust({ pin: p, hostname: 'localhost', chain });
    assert.match(refused([local.other.leaf, local.other.ca]).reason, /no certificate .* pinned fingerprint/);
    // Someone else's certificate with our CA appended: the fingerprint is there, the signature is not.
    assert.match(refused([local.other.leaf, local.ca]).reason, /not signed by the next one/);
    assert.match(refused([local.leaf]).reason, /no certificate .* pinned fingerprint/);
    assert.match(refused(['garbage']).reason, /does not parse/);
    const leafPinned = decideServerTrust({
      pin: pin('https://localhost:8443', local.leaf),
      hostname: 'localhost',
      chain: [local.leaf, local.ca],
    });
    assert.match(leafPinned.reason, /server certificate itself/);
    for (const decision of [refused([local.other.leaf, local.ca]), leafPinned]) {
      assert.deepEqual([decision.accept, decision.applies], [false, true]);
    }
  });

  it('refuses a host the certificate does not name, and an expired certificate', () => {
    const wrongHost = decideServerTrust({
      pin: pin('https://other.bo.gov.vn', local.ca),
      hostname: 'other.bo.gov.vn',
      chain: [local.leaf, local.ca],
    });
    assert.match(wrongHost.reason, /does not name other\.bo\.gov\.vn/);
    const p = pin('https://localhost:8443', local.ca);
    const chain = [local.leaf, local.ca];
    const later = decideServerTrust({ pin: p, hostname: 'localhost', chain, now: new Date(Date.now() + 400 * DAY) });
    assert.match(later.reason, /expired or not valid yet/);
    assert.equal(decideServerTrust({ pin: p, hostname: 'localhost', chain, now: new Date() }).accept, true);
  });

  it('follows an intermediate to a pinned root (openssl-made chain), or to a pinned intermediate', () => {
    const chain = [read('server.crt'), read('intermediate.crt'), read('root.crt')];
    for (const pinned of ['root.crt', 'intermediate.crt']) {
      const decision = decideServerTrust({
        pin: pin('https://hop.example', read(pinned)),
        hostname: 'hop.example',
        chain,
      });
      assert.equal(decision.accept, true, `${pinned}: ${decision.reason}`);
    }
    const skipping = decideServerTrust({
      pin: pin('https://hop.example', read('root.crt')),
      hostname: 'hop.example',
      chain: [read('server.crt'), read('root.crt')],
    });
    assert.match(skipping.reason, /not signed by the next one/);
  });

  it('refuses a certificate that is not for TLS servers, or names the host only in its common name', () => {
    const p = pin('https://hop.example', read('root.crt'));
    const client = decideServerTrust({
      pin: p,
      hostname: 'hop.example',
      chain: [read('client.crt'), read('root.crt')],
    });
    assert.match(client.reason, /not for TLS servers/);
    const cnOnly = decideServerTrust({
      pin: p,
      hostname: 'hop.example',
      chain: [read('cn-only.crt'), read('root.crt')],
    });
    assert.match(cnOnly.reason, /does not name hop\.example/);
  });
});

describe('pin configuration', () => {
  const SHA = 'ab:cd:'.repeat(16).slice(0, -1);
  const NORMAL = SHA.toUpperCase();

  it('reads a fingerprint as people copy it', () => {
    assert.equal(parseFingerprint(SHA), NORMAL);
    assert.equal(parseFingerprint(` sha256 Fingerprint=${NORMAL} `), NORMAL);
    assert.equal(parseFingerprint(SHA.replace(/:/g, '')), NORMAL);
    assert.equal(parseFingerprint(SHA.replace(/:/g, ' ')), NORMAL);
    assert.equal(parseFingerprint(SHA.slice(3)), null, 'too short');
    assert.equal(parseFingerprint('zz'.repeat(32)), null);
    assert.equal(parseFingerprint(fingerprint(local.ca).toLowerCase()), fingerprint(local.ca));
  });

  it('walks the chain Electron presents, leaf first, stopping at a self-issued root', () => {
    const root = { data: 'ROOT', issuerCert: null as unknown as undefined };
    const selfLoop: { data: string; issuerCert?: unknown } = { data: 'SELF' };
    selfLoop.issuerCert = selfLoop;
    assert.deepEqual(presentedChain({ data: 'LEAF', issuerCert: { data: 'INT', issuerCert: root } }), [
      'LEAF',
      'INT',
      'ROOT',
    ]);
    assert.deepEqual(presentedChain(selfLoop as { data: string }), ['SELF']);
  });
});
