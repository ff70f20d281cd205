// A certification authority for signing tests, made and run with OpenSSL itself: `openssl ca` issues the signers'
// certificates (with OCSP and CRL addresses on loopback), `openssl ocsp -port` answers revocation queries from the
// CA's own index, `openssl ts -reply` stamps behind a minimal HTTP handler (the time-stamping authority), and the CRL
// is served by the same handler. Certificates can be revoked while the responders run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface IssuedSigner {
  name: string;
  keyPem: string;
  /** PKCS#8 DER of the key (for importing into a token). */
  keyDer: Buffer;
  certDer: Buffer;
  certPath: string;
}

export interface SignerRequest {
  name: string;
  /** rsa (2048) or ec (P-256). */
  key?: 'rsa' | 'ec';
  title?: string;
  organization?: string;
  /** Extension profile: a signer (default), a certificate without signing key usage. */
  profile?: 'signer' | 'no_signing';
  /** openssl ca -startdate/-enddate (YYYYMMDDHHMMSSZ), for an expired certificate. */
  startDate?: string;
  endDate?: string;
}

const CONFIG = (dir: string, ocspPort: number, httpPort: number) => `
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/issued
certificate = $dir/ca.pem
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 365
default_crl_days = 7
policy = any
unique_subject = no
copy_extensions = none
utf8 = yes
string_mask = utf8only
[ any ]
countryName = optional
organizationName = optional
title = optional
commonName = supplied
[ signer ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = emailProtection, 1.3.6.1.4.1.311.10.3.12
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}/
crlDistributionPoints = URI:http://127.0.0.1:${httpPort}/ca.crl
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ no_signing ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}/
[ ocsp ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
[ tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}/
crlDistributionPoints = URI:http://127.0.0.1:${httpPort}/ca.crl
[ tsa_section ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

export class TestPki {
  readonly dir: string;
  readonly ocspPort: number;
  readonly httpPort: number;
  readonly caPem: string;
  readonly caDer: Buffer;
  #ocsp: ChildProcess | null = null;
  #http: Server | null = null;
  #serial = 0;
  /** Whether the HTTP handler answers time-stamp queries and CRL downloads (a test turns them off). */
  tsaUp = true;
  crlUp = true;

  private constructor(dir: string, ocspPort: number, httpPort: number) {
    this.dir = dir;
    this.ocspPort = ocspPort;
    this.httpPort = httpPort;
    mkdirSync(join(dir, 'issued'));
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    writeFileSync(join(dir, 'crlnumber'), '1000\n');
    writeFileSync(join(dir, 'tsaserial'), '01\n');
    writeFileSync(join(dir, 'openssl.cnf'), CONFIG(dir, ocspPort, httpPort));
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '3650',
        '-subj',
        '/C=VN/O=Test PKI/CN=Test Root CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    this.caPem = readFileSync(join(dir, 'ca.pem'), 'latin1');
    this.caDer = openssl(['x509', '-in', 'ca.pem', '-outform', 'DER'], dir);
    this.#issue('ocsp', 'ec', '/C=VN/O=Test PKI/CN=Test OCSP Responder', 'ocsp');
    this.#issue('tsa', 'ec', '/C=VN/O=Test PKI/CN=Test Time-Stamping Authority', 'tsa');
  }

  /** Makes the CA and starts its OCSP responder and its TSA/CRL handler on loopback. */
  static async start(): Promise<TestPki> {
    const pki = new TestPki(mkdtempSync(join(tmpdir(), 'test-pki-')), await freePort(), await freePort());
    await pki.#startHttp();
    await pki.startOcsp();
    return pki;
  }

  get tsaUrl(): string {
    return `http://127.0.0.1:${this.httpPort}/tsa`;
  }

  #issue(base: string, key: 'rsa' | 'ec', subject: string, profile: string, dates: string[] = []): void {
    const keyArgs = key === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    openssl(
      ['req', '-new', ...keyArgs, '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-utf8', '-subj', subject],
      this.dir,
    );
    openssl(
      [
        'ca',
        '-batch',
        '-config',
        'openssl.cnf',
        '-extensions',
        profile,
        '-in',
        `${base}.csr`,
        '-out',
        `${base}.pem`,
        ...dates,
      ],
      this.dir,
    );
  }

  /** A new key and a certificate from this CA for it (the OCSP responder starts again to read the new index). */
  async issue(request: SignerRequest): Promise<IssuedSigner> {
    const base = `signer-${++this.#serial}`;
    const subject =
      '/C=VN' +
      (request.organization ? `/O=${request.organization}` : '') +
      (request.title ? `/title=${request.title}` : '') +
      `/CN=${request.name}`;
    const dates = [
      ...(request.startDate ? ['-startdate', request.startDate] : []),
      ...(request.endDate ? ['-enddate', request.endDate] : []),
    ];
    this.#issue(base, request.key ?? 'rsa', subject, request.profile ?? 'signer', dates);
    await this.#reloadOcsp();
    const keyPem = readFileSync(join(this.dir, `${base}.key`), 'latin1');
    return {
      name: request.name,
      keyPem,
      keyDer: openssl(['pkey', '-in', `${base}.key`, '-outform', 'DER'], this.dir),
      certDer: openssl(['x509', '-in', `${base}.pem`, '-outform', 'DER'], this.dir),
      certPath: join(this.dir, `${base}.pem`),
    };
  }

  /** Revokes a certificate now (the CRL is made at each request). */
  async revoke(signer: IssuedSigner): Promise<void> {
    openssl(['ca', '-config', 'openssl.cnf', '-revoke', signer.certPath, '-crl_reason', 'keyCompromise'], this.dir);
    await this.#reloadOcsp();
  }

  /** `openssl ocsp` reads the CA's index once, at its start: a running responder is started again. */
  async #reloadOcsp(): Promise<void> {
    if (!this.#ocsp) return;
    await this.stopOcsp();
    await this.startOcsp();
  }

  async startOcsp(): Promise<void> {
    const child = spawn(
      'openssl',
      [
        'ocsp',
        '-index',
        'index.txt',
        '-port',
        String(this.ocspPort),
        '-rsigner',
        'ocsp.pem',
        '-rkey',
        'ocsp.key',
        '-CA',
        'ca.pem',
        '-nmin',
        '60',
      ],
      { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#ocsp = child;
    // Ready once it says so: a probe request would not do, a malformed one makes it exit.
    let said = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the OCSP responder did not start: ${said}`)), 10_000);
      const listen = (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('waiting for OCSP client connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', listen);
      child.stderr!.on('data', listen);
      child.once('exit', (code) => reject(new Error(`the OCSP responder exited (${code}): ${said}`)));
    });
  }

  /** Stops the OCSP responder (a test of signing while it is down). */
  async stopOcsp(): Promise<void> {
    const child = this.#ocsp;
    this.#ocsp = null;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }

  async #startHttp(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          if (req.url === '/tsa' && req.method === 'POST' && this.tsaUp) {
            const query = join(this.dir, `query-${process.hrtime.bigint()}.tsq`);
            writeFileSync(query, Buffer.concat(chunks));
            const answer = `${query}.tsr`;
            openssl(
              ['ts', '-reply', '-config', 'openssl.cnf', '-section', 'tsa_config', '-queryfile', query, '-out', answer],
              this.dir,
            );
            const reply = readFileSync(answer);
            rmSync(query);
            rmSync(answer);
            res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
          } else if (req.url === '/ca.crl' && req.method === 'GET' && this.crlUp) {
            openssl(['ca', '-config', 'openssl.cnf', '-gencrl', '-out', 'ca.crl.pem'], this.dir);
            res.writeHead(200, { 'content-type': 'application/pkix-crl' });
            res.end(openssl(['crl', '-in', 'ca.crl.pem', '-outform', 'DER'], this.dir));
          } else {
            res.writeHead(503).end();
          }
        } catch (error) {
          res.writeHead(500).end(String(error));
        }
      });
    });
    server.listen(this.httpPort, '127.0.0.1');
    await once(server, 'listening');
    this.#http = server;
  }

  async stop(): Promise<void> {
    await this.stopOcsp();
    const http = this.#http;
    if (http) await new Promise((resolve) => http.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
