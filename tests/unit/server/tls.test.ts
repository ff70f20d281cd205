// The local CA in DATA_DIR/tls: the chain it makes passes `openssl verify` as a TLS server chain, names every host,
// is issued again when it nears expiry or the host names change (and only then), keeps its keys private, and refuses
// to silently replace half a CA. Also the TLS settings read from the environment.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLocalCertificates, TLS_FILES } from '../../../server/tls/localCa.ts';
import { certificateHosts, classifyHosts } from '../../../server/tls/hosts.ts';
import { readSubjectAltNames } from '../../../server/tls/certificates.ts';
import { loadConfig } from '../../../server/config.ts';
import { loadTlsCredentials } from '../../../server/tls/credentials.ts';
import { createWebServer, runningUrl } from '../../../server/tls/listen.ts';
import { connect } from 'node:tls';

const DAY = 86_400_000;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-tls-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const HOSTS = certificateHosts(['hop.bo.gov.vn', '10.20.30.40'], ['may-chu', 'localhost', '127.0.0.1', '::1']);
const file = (dir: string, name: keyof typeof TLS_FILES) => join(dir, TLS_FILES[name]);
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' });

describe('local CA', () => {
  it('makes a chain that openssl verifies as a TLS server chain for each host', () => {
    const dir = tempDir();
    const made = ensureLocalCertificates(dir, HOSTS);
    assert.deepEqual(made.events, ['CA created', 'server certificate issued: no server certificate yet']);
    const verify = ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', file(dir, 'caCert')];
    assert.match(openssl(...verify, file(dir, 'cert')), /: OK/);
    for (const host of ['hop.bo.gov.vn', 'may-chu', 'localhost']) {
      assert.match(openssl(...verify, '-verify_hostname', host, file(dir, 'cert')), /: OK/, host);
    }
    for (const ip of ['10.20.30.40', '127.0.0.1', '::1']) {
      assert.match(openssl(...verify, '-verify_ip', ip, file(dir, 'cert')), /: OK/, ip);
    }
    assert.throws(() => openssl(...verify, '-verify_hostname', 'other.gov.vn', file(dir, 'cert')));
    // The chain the server presents is the server certificate, then the CA.
    assert.equal(made.certificateChain, readFileSync(file(dir, 'cert'), 'utf8') + made.caCertificate);
  });

  it('writes the extensions browsers require, and lifetimes within their limits', () => {
    const dir = tempDir();
    const made = ensureLocalCertificates(dir, HOSTS);
    const server = openssl('x509', '-in', file(dir, 'cert'), '-noout', '-text');
    assert.match(
      server,
      /Subject Alternative Name:\s*\n\s*DNS:hop\.bo\.gov\.vn, DNS:localhost, DNS:may-chu, IP Address:0:0:0:0:0:0:0:1/,
    );
    assert.match(server, /IP Address:10\.20\.30\.40, IP Address:127\.0\.0\.1/);
    assert.match(server, /Extended Key Usage:\s*\n\s*TLS Web Server Authentication/);
    assert.match(server, /Basic Constraints: critical\s*\n\s*CA:FALSE/);
    assert.match(server, /ecdsa-with-SHA256/);
    const ca = openssl('x509', '-in', file(dir, 'caCert'), '-noout', '-text');
    assert.match(ca, /Basic Constraints: critical\s*\n\s*CA:TRUE, pathlen:0/);
    assert.match(ca, /Key Usage: critical\s*\n\s*Certificate Sign, CRL Sign/);

    const cert = new X509Certificate(readFileSync(file(dir, 'cert')));
    const days = (c: X509Certificate) => (Date.parse(c.validTo) - Date.parse(c.validFrom)) / DAY;
    assert.ok(days(cert) <= 398, `Chromium refuses server certificates over 398 days; got ${days(cert)}`);
    assert.ok(days(cert) >= 365);
    const caCert = new X509Certificate(made.caCertificate);
    assert.ok(days(caCert) >= 3650);
    assert.equal(made.caFingerprint, caCert.fingerprint256);
    assert.match(made.caFingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('keeps the private keys readable by the owner only', () => {
    const dir = tempDir();
    const tls = join(dir, 'tls');
    ensureLocalCertificates(tls, HOSTS);
    assert.equal(statSync(tls).mode & 0o777, 0o700);
    assert.equal(statSync(file(tls, 'caKey')).mode & 0o777, 0o600);
    assert.equal(statSync(file(tls, 'key')).mode & 0o777, 0o600);
    assert.equal(statSync(file(tls, 'caCert')).mode & 0o777, 0o644);
    // A key restored from a backup with wider permissions is narrowed at the next start.
    execFileSync('chmod', ['0644', file(tls, 'key')]);
    ensureLocalCertificates(tls, HOSTS);
    assert.equal(statSync(file(tls, 'key')).mode & 0o777, 0o600);
  });

  it('keeps the server certificate across starts until it nears expiry, then issues a new one', () => {
    const dir = tempDir();
    const now = new Date();
    const first = ensureLocalCertificates(dir, HOSTS, now);
    const firstCert = readFileSync(file(dir, 'cert'), 'utf8');
    const later = ensureLocalCertificates(dir, HOSTS, new Date(now.getTime() + 300 * DAY));
    assert.deepEqual(later.events, []);
    assert.equal(readFileSync(file(dir, 'cert'), 'utf8'), firstCert);

    const nearExpiry = new Date(now.getTime() + 370 * DAY);
    const renewed = ensureLocalCertificates(dir, HOSTS, nearExpiry);
    assert.match(renewed.events.join('\n'), /server certificate issued: it expires on/);
    assert.notEqual(readFileSync(file(dir, 'cert'), 'utf8'), firstCert);
    assert.equal(renewed.caFingerprint, first.caFingerprint, 'the CA stays: clients need not trust anything new');
    const cert = new X509Certificate(readFileSync(file(dir, 'cert')));
    assert.ok(Date.parse(cert.validTo) > nearExpiry.getTime() + 360 * DAY);
    const then = String(Math.floor(nearExpiry.getTime() / 1000));
    assert.match(openssl('verify', '-attime', then, '-CAfile', file(dir, 'caCert'), file(dir, 'cert')), /: OK/);
  });

  it('issues a new server certificate when the host names or addresses change', () => {
    const dir = tempDir();
    const first = ensureLocalCertificates(dir, HOSTS);
    const moved = certificateHosts(['hop.bo.gov.vn', '10.20.30.41'], ['may-chu', 'localhost', '127.0.0.1', '::1']);
    const renewed = ensureLocalCertificates(dir, moved);
    assert.deepEqual(renewed.events, ['server certificate issued: the host names or addresses changed']);
    assert.equal(renewed.caFingerprint, first.caFingerprint);
    const names = readSubjectAltNames(new X509Certificate(readFileSync(file(dir, 'cert'))).raw);
    assert.ok(names.ips.includes('10.20.30.41') && !names.ips.includes('10.20.30.40'));
    // The same set in another order or spelling is no change.
    const respelled = certificateHosts(
      ['10.20.30.41', 'HOP.bo.gov.vn.'],
      ['[0:0::1]', '127.0.0.1', 'localhost', 'may-chu'],
    );
    assert.deepEqual(ensureLocalCertificates(dir, respelled).events, []);
  });

  it('issues a new server certificate when its key does not match or it comes from another CA', () => {
    const dir = tempDir();
    ensureLocalCertificates(dir, HOSTS);
    const other = tempDir();
    ensureLocalCertificates(other, HOSTS);
    writeFileSync(file(dir, 'key'), readFileSync(file(other, 'key')));
    assert.deepEqual(ensureLocalCertificates(dir, HOSTS).events, [
      'server certificate issued: the server key does not match its certificate',
    ]);
    writeFileSync(file(dir, 'key'), readFileSync(file(other, 'key')));
    writeFileSync(file(dir, 'cert'), readFileSync(file(other, 'cert')));
    assert.deepEqual(ensureLocalCertificates(dir, HOSTS).events, [
      'server certificate issued: it was not issued by the current CA',
    ]);
    assert.match(openssl('verify', '-CAfile', file(dir, 'caCert'), file(dir, 'cert')), /: OK/);
  });

  it('refuses to replace half a CA, and replaces an expired one', () => {
    const dir = tempDir();
    const first = ensureLocalCertificates(dir, HOSTS);
    const caKey = readFileSync(file(dir, 'caKey'));
    unlinkSync(file(dir, 'caKey'));
    assert.throws(() => ensureLocalCertificates(dir, HOSTS), /ca\.key is missing/);
    const other = tempDir();
    ensureLocalCertificates(other, HOSTS);
    writeFileSync(file(dir, 'caKey'), readFileSync(file(other, 'caKey')), { mode: 0o600 });
    assert.throws(() => ensureLocalCertificates(dir, HOSTS), /is not the key of ca\.crt/);
    writeFileSync(file(dir, 'caKey'), caKey, { mode: 0o600 });
    assert.equal(ensureLocalCertificates(dir, HOSTS).caFingerprint, first.caFingerprint);

    const expired = ensureLocalCertificates(dir, HOSTS, new Date(Date.now() + 3651 * DAY));
    assert.notEqual(expired.caFingerprint, first.caFingerprint);
    assert.match(expired.events[0]!, /CA expired/);
    assert.match(expired.events[1]!, /server certificate issued: it was not issued by the current CA/);
  });
});

describe('certificate hosts', () => {
  it('canonicalises names and addresses and drops duplicates', () => {
    const hosts = classifyHosts([
      'LocalHost',
      'localhost.',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      'fe80::1%eth0',
      '::ffff:10.0.0.1',
      'bộ.vn',
    ]);
    assert.deepEqual(hosts.dns, ['localhost', 'xn--b-8xm.vn']);
    assert.deepEqual(hosts.ips, ['0:0:0:0:0:0:0:1', '0:0:0:0:0:ffff:a00:1', 'fe80:0:0:0:0:0:0:1']);
    assert.deepEqual(hosts.invalid, []);
  });

  it('refuses a TLS_HOSTS entry that is no name, but leaves out an OS host name that cannot be one', () => {
    assert.throws(() => certificateHosts(['hop.gov.vn', 'bad name'], []), /TLS_HOSTS: .*bad name/);
    assert.deepEqual(certificateHosts([], ['MY_PC', 'localhost']).dns, ['localhost']);
  });

  it('detects this machine: its host name, loopback and every non-internal address', () => {
    const hosts = certificateHosts([]);
    assert.ok(hosts.dns.includes('localhost'));
    assert.ok(hosts.ips.includes('127.0.0.1') && hosts.ips.includes('0:0:0:0:0:0:0:1'));
  });
});

describe('TLS settings', () => {
  const base = { DATA_DIR: '/tmp/phonghop-config' };

  it('defaults to HTTPS on 8443 with a redirect from 8080 and a local CA', () => {
    const config = loadConfig(base);
    assert.equal(config.port, 8443);
    assert.equal(config.publicUrl, 'https://localhost:8443');
    assert.deepEqual(config.tls, {
      mode: 'generated',
      certFile: null,
      keyFile: null,
      caFile: null,
      extraHosts: [],
      redirectPort: 8080,
    });
    assert.equal(loadConfig({ ...base, PORT: '443' }).tls.redirectPort, 80);
    assert.equal(loadConfig({ ...base, PORT: '9443' }).tls.redirectPort, null);
    assert.equal(loadConfig({ ...base, HTTP_REDIRECT_PORT: '0' }).tls.redirectPort, null);
    assert.equal(loadConfig({ ...base, PORT: '0', HTTP_REDIRECT_PORT: '8081' }).tls.redirectPort, 8081);
    assert.deepEqual(loadConfig({ ...base, TLS_HOSTS: ' hop.gov.vn, 10.0.0.5 ,,' }).tls.extraHosts, [
      'hop.gov.vn',
      '10.0.0.5',
    ]);
  });

  it('serves plain HTTP on 8080 with HTTP_ONLY=1, without a redirect', () => {
    const config = loadConfig({ ...base, HTTP_ONLY: '1' });
    assert.equal(config.port, 8080);
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.tls.mode, 'off');
    assert.equal(config.tls.redirectPort, null);
    assert.throws(() => loadConfig({ ...base, HTTP_ONLY: '1', HTTP_REDIRECT_PORT: '80' }), /HTTP_REDIRECT_PORT/);
    assert.throws(() => loadConfig({ ...base, HTTP_ONLY: '1', TLS_CERT: 'a', TLS_KEY: 'b' }), /HTTP_ONLY/);
  });

  it('uses the agency certificate with TLS_CERT and TLS_KEY, both or neither', () => {
    const config = loadConfig({ ...base, TLS_CERT: '/etc/phonghop/cert.pem', TLS_KEY: '/etc/phonghop/key.pem' });
    assert.equal(config.tls.mode, 'files');
    assert.equal(config.tls.certFile, '/etc/phonghop/cert.pem');
    assert.throws(() => loadConfig({ ...base, TLS_CERT: '/etc/phonghop/cert.pem' }), /TLS_CERT and TLS_KEY/);
    assert.throws(() => loadConfig({ ...base, TLS_CA: '/etc/phonghop/ca.pem' }), /TLS_CA/);
    assert.throws(() => loadConfig({ ...base, PORT: '8443', HTTP_REDIRECT_PORT: '8443' }), /differ/);
  });

  it('reads the agency files, checks the key belongs to the certificate, and serves TLS_CA', () => {
    const agency = tempDir();
    ensureLocalCertificates(agency, HOSTS);
    const env = { ...base, TLS_CERT: file(agency, 'cert'), TLS_KEY: file(agency, 'key') };
    const plain = loadTlsCredentials(loadConfig(env));
    assert.equal(plain.mode, 'files');
    assert.equal(plain.ca, null, 'no /ca.crt without TLS_CA');
    const withCa = loadTlsCredentials(loadConfig({ ...env, TLS_CA: file(agency, 'caCert') }));
    assert.equal(withCa.ca?.pem, readFileSync(file(agency, 'caCert'), 'utf8'));
    const wrongKey = tempDir();
    ensureLocalCertificates(wrongKey, HOSTS);
    assert.throws(() => loadTlsCredentials(loadConfig({ ...env, TLS_KEY: file(wrongKey, 'key') })), /is not the key/);
    assert.throws(
      () => loadTlsCredentials(loadConfig({ ...env, TLS_CERT: '/nonexistent.pem' })),
      /TLS_CERT: cannot read/,
    );
  });

  it('names the port actually bound when PUBLIC_URL is not set, and keeps a configured one', () => {
    assert.equal(runningUrl(loadConfig({ ...base, PORT: '0' }), 'https', 40123), 'https://localhost:40123');
    assert.equal(
      runningUrl(loadConfig({ ...base, PORT: '0', HTTP_ONLY: '1' }), 'http', 40123),
      'http://localhost:40123',
    );
    const proxied = loadConfig({ ...base, HTTP_ONLY: '1', PUBLIC_URL: 'https://hop.bo.gov.vn/' });
    assert.equal(runningUrl(proxied, 'http', 8080), 'https://hop.bo.gov.vn');
  });
});

describe('a long-running server', () => {
  function servedCertificate(port: number, ca: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
        resolve(socket.getPeerCertificate().serialNumber);
        socket.end();
      });
      socket.on('error', reject);
    });
  }

  it('issues and serves a new certificate without a restart when one is due, and only then', async () => {
    const dataDir = tempDir();
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', HTTP_REDIRECT_PORT: '0' };
    const lines: string[] = [];
    const web = createWebServer(
      loadConfig(env),
      (_req, res) => res.end('ok'),
      (line) => lines.push(line),
    );
    const { port } = await web.listen();
    try {
      const ca = readFileSync(join(dataDir, 'tls', TLS_FILES.caCert), 'utf8');
      const first = await servedCertificate(port, ca);
      assert.deepEqual(web.renew(), [], 'nothing is due');
      assert.equal(await servedCertificate(port, ca), first);
      // Due (the expiry path is tested above on the files; here the served certificate must change): it is gone.
      unlinkSync(join(dataDir, 'tls', TLS_FILES.cert));
      assert.match(web.renew().join('\n'), /server certificate issued: no server certificate yet/);
      const renewed = await servedCertificate(port, ca);
      assert.notEqual(renewed, first);
      assert.equal(renewed, new X509Certificate(readFileSync(join(dataDir, 'tls', TLS_FILES.cert))).serialNumber);
      assert.ok(lines.some((line) => line.includes('Dấu vân tay SHA-256 của CA')));
    } finally {
      await web.close();
      await new Promise((resolve) => web.server.close(resolve));
    }
  });
});
