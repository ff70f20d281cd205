// A real OpenLDAP slapd for one test: its own folder under os.tmpdir() (a path no AppArmor profile confines), an mdb
// database for dc=phonghop,dc=test, a free loopback port, optionally ldaps with a CA made by openssl, and people
// seeded with ldapadd (UTF-8 names base64-encoded in the LDIF, passwords hashed {SSHA} by slappasswd).
// Needs the Debian packages slapd and ldap-utils (and openssl for ldaps).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SUFFIX = 'dc=phonghop,dc=test';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const ROOT_DN = `cn=admin,${SUFFIX}`;
/** The search account that may read people; anonymous clients may only bind. */
export const SERVICE_DN = `cn=dich-vu-dang-nhap,ou=services,${SUFFIX}`;
export const SERVICE_PASSWORD = 'tai-khoan-dich-vu-2026';

export interface Person {
  uid: string;
  cn: string;
  sn: string;
  displayName?: string;
  mail?: string;
  password: string;
}

export interface Slapd {
  /** ldap://127.0.0.1:PORT or ldaps://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The CA certificate file an ldaps client must trust (ldaps only). */
  caFile: string | null;
  /** slapd's stats log so far (connections, binds, searches). */
  log(): string;
  /** SIGSTOP: the kernel still accepts connections, slapd answers none of them (a hung directory). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const ROOT_PASSWORD = 'quan-tri-ldap-2026';

function ssha(password: string): string {
  return execFileSync('slappasswd', ['-h', '{SSHA}', '-s', password], { encoding: 'utf8' }).trim();
}

/** One LDIF attribute line; values that are not plain ASCII (or start awkwardly) are base64, as RFC 2849 requires. */
function ldifLine(name: string, value: string): string {
  const safe = /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(' ');
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

function entry(dn: string, attributes: [string, string | undefined][]): string {
  const lines = [ldifLine('dn', dn)];
  for (const [name, value] of attributes) if (value !== undefined) lines.push(ldifLine(name, value));
  return lines.join('\n');
}

function slapdConf(dir: string, tls: { cert: string; key: string } | null): string {
  return [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'loglevel stats',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...(tls ? [`TLSCertificateFile ${tls.cert}`, `TLSCertificateKeyFile ${tls.key}`] : []),
    'database mdb',
    'maxsize 16777216',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ssha(ROOT_PASSWORD)}`,
    `directory ${join(dir, 'db')}`,
    // As agencies run it: passwords are only ever compared, anonymous clients may bind but not browse.
    'access to attrs=userPassword by self write by anonymous auth by * none',
    `access to * by dn.exact="${SERVICE_DN}" read by self read by users read by anonymous auth by * none`,
    '',
  ].join('\n');
}

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Phong hop test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  );
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited (${child.exitCode}):\n${log()}`);
    try {
      // Anonymous "who am I": answers once slapd listens and its database is open.
      execFileSync('ldapwhoami', ['-x', '-H', url], {
        stdio: 'ignore',
        env: { ...process.env, LDAPTLS_REQCERT: 'never' },
      });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`slapd did not answer on ${url}:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Starts slapd with the service account and `people` under ou=people; resolves once it answers. */
export async function startSlapd(people: Person[], options: { tls?: boolean } = {}): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-slapd-'));
  mkdirSync(join(dir, 'db'));
  const certificates = options.tls ? makeCertificates(dir) : null;
  writeFileSync(join(dir, 'slapd.conf'), slapdConf(dir, certificates));
  const port = await freeLoopbackPort();
  const url = `${options.tls ? 'ldaps' : 'ldap'}://127.0.0.1:${port}`;
  // -d stats: stay in the foreground (so the test owns the process) and log each operation to stderr.
  const child = spawn('/usr/sbin/slapd', ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', 'stats'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const log = () => output;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(url, child, log);
    writeFileSync(join(dir, 'seed.ldif'), seedLdif(people));
    execFileSync('ldapadd', ['-x', '-H', url, '-D', ROOT_DN, '-w', ROOT_PASSWORD, '-f', join(dir, 'seed.ldif')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LDAPTLS_REQCERT: 'never' },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    port,
    caFile: certificates?.ca ?? null,
    log,
    pause: () => {
      child.kill('SIGSTOP');
      // The signal takes effect when the kernel next schedules slapd: wait until it is really stopped (state T).
      const until = Date.now() + 2000;
      while (Date.now() < until) {
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        if (/^\d+ \(.*\) [tT] /.test(stat)) break;
      }
    },
    resume: () => child.kill('SIGCONT'),
    stop,
  };
}

function seedLdif(people: Person[]): string {
  const entries = [
    entry(SUFFIX, [
      ['objectClass', 'top'],
      ['objectClass', 'dcObject'],
      ['objectClass', 'organization'],
      ['o', 'Phòng họp số (thử nghiệm)'],
      ['dc', 'phonghop'],
    ]),
    entry(PEOPLE, [
      ['objectClass', 'organizationalUnit'],
      ['ou', 'people'],
    ]),
    entry(`ou=services,${SUFFIX}`, [
      ['objectClass', 'organizationalUnit'],
      ['ou', 'services'],
    ]),
    entry(SERVICE_DN, [
      ['objectClass', 'organizationalRole'],
      ['objectClass', 'simpleSecurityObject'],
      ['cn', 'dich-vu-dang-nhap'],
      ['userPassword', ssha(SERVICE_PASSWORD)],
    ]),
    ...people.map((p) =>
      entry(`uid=${p.uid},${PEOPLE}`, [
        ['objectClass', 'inetOrgPerson'],
        ['uid', p.uid],
        ['cn', p.cn],
        ['sn', p.sn],
        ['displayName', p.displayName],
        ['mail', p.mail],
        ['userPassword', ssha(p.password)],
      ]),
    ),
  ];
  return `${entries.join('\n\n')}\n`;
}
