// Demo signing identities exist only on a demo server (server/minutes/identities.ts): a real server refuses to use
// them, refuses to import a PKCS#12 that the demo CA issued, and refuses to sign with one imported while the same
// data folder served the demo; a certificate from another CA (made here with the real openssl) is accepted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeetingStore, type Participant } from '../../../server/meetings/MeetingStore.ts';
import { isDemoIdentity, SigningIdentities } from '../../../server/minutes/identities.ts';
import { MinutesStore } from '../../../server/minutes/MinutesStore.ts';
import {
  createDemoIdentities,
  DEMO_LABEL,
  type DemoIdentities,
} from '../../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File } from '../../../server/minutes/signing/identity.ts';

const SECRETARY: Participant = { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary', connectionPoint: null };
const CHAIR: Participant = { id: 'chair', name: 'Trần Quốc Khánh', role: 'chair', connectionPoint: null };
const MEETING = 'giao-ban-thang-11';

let dir = '';
let demo: DemoIdentities;
let meetings: MeetingStore;
/** A PKCS#12 issued by an ordinary CA (not the demo's), and its password. */
const own = { path: '', password: 'mật khẩu của tôi 2026' };

function openssl(...args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.error) assert.fail(`openssl is missing: ${result.error.message}`);
  assert.equal(result.status, 0, result.stderr);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'signing-identities-'));
  demo = createDemoIdentities(join(dir, 'demo'), [
    { id: 'secretary', name: SECRETARY.name, title: 'Thư ký', organization: 'Văn phòng Bộ' },
    { id: 'chair', name: CHAIR.name, title: 'Thứ trưởng', organization: 'Bộ Khoa học và Công nghệ' },
  ]);
  const ca = ['-subj', '/C=VN/O=Tổ chức chứng thực thử nghiệm/CN=Test Root CA', '-utf8'];
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', ...ca);
  const user = ['-subj', `/C=VN/O=Văn phòng Bộ/CN=${SECRETARY.name}`, '-utf8'];
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'user.key', '-out', 'user.csr', ...user);
  openssl('x509', '-req', '-in', 'user.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-out', 'user.pem', '-days', '30');
  own.path = join(dir, 'user.p12');
  openssl(
    'pkcs12',
    '-export',
    '-inkey',
    'user.key',
    '-in',
    'user.pem',
    '-certfile',
    'ca.pem',
    '-out',
    own.path,
    '-passout',
    `pass:${own.password}`,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh server's identities over an empty database and data folder: a demo server or a real one. */
function identities(options: { demo: boolean; dataDir?: string; store?: MinutesStore }) {
  meetings = new MeetingStore();
  const dataDir = options.dataDir ?? mkdtempSync(join(dir, 'data-'));
  const store = options.store ?? new MinutesStore(meetings.db);
  return { store, dataDir, identities: new SigningIdentities(store, dataDir, { demo: options.demo }) };
}

const demoP12 = (id: 'secretary' | 'chair') => {
  const file = demo.identities.find((i) => i.id === id)!;
  return { bytes: readFileSync(file.p12Path), password: file.password };
};

describe('demo signing identities on a real server', () => {
  it('refuses to use them for a meeting, so nobody there signs with them', async () => {
    const { identities: real } = identities({ demo: false });
    assert.throws(() => real.useDemo(MEETING, demo), { code: 'signing_failed', message: /demo server/ });
    await assert.rejects(real.load(MEETING, SECRETARY, undefined), { reason: 'no_signing_identity' });
    assert.equal(real.info(MEETING, SECRETARY), null);
  });

  it('refuses to import a PKCS#12 issued by the demo CA, and keeps nothing of it', async () => {
    const { identities: real, store, dataDir } = identities({ demo: false });
    const { bytes, password } = demoP12('secretary');
    await assert.rejects(real.import(MEETING, SECRETARY, bytes, password), {
      code: 'signing_failed',
      message: new RegExp(`demo CA \\(${DEMO_LABEL}\\)`),
    });
    assert.equal(store.identity(real.ownerOf(MEETING, SECRETARY)), undefined);
    const users = join(dataDir, 'signing', 'users');
    assert.deepEqual(existsSync(users) ? readdirSync(users) : [], []);
  });

  it('accepts a certificate from another CA', async () => {
    const { identities: real } = identities({ demo: false });
    const info = await real.import(MEETING, SECRETARY, readFileSync(own.path), own.password);
    assert.equal(info.kind, 'pkcs12');
    assert.ok(!info.issuer.includes('DEMO'));
    assert.equal((await real.load(MEETING, SECRETARY, own.password)).certificate.length > 0, true);
  });

  it('does not sign with a demo token imported while the same data folder served the demo', async () => {
    const { identities: demoServer, store, dataDir } = identities({ demo: true });
    const { bytes, password } = demoP12('chair');
    assert.equal((await demoServer.import(MEETING, CHAIR, bytes, password)).subject, CHAIR.name);
    assert.equal((await demoServer.load(MEETING, CHAIR, password)).commonName, CHAIR.name);
    const real = new SigningIdentities(store, dataDir, { demo: false });
    await assert.rejects(real.load(MEETING, CHAIR, password), { code: 'signing_failed', message: /demo CA/ });
  });
});

describe('demo signing identities on a demo server', () => {
  it('uses them for the meeting they were given to, by participant id', async () => {
    const { identities: demoServer } = identities({ demo: true });
    demoServer.useDemo(MEETING, demo);
    const identity = await demoServer.load(MEETING, SECRETARY, undefined);
    assert.equal(identity.commonName, SECRETARY.name);
    assert.ok(identity.issuerName.includes(DEMO_LABEL));
    assert.equal(demoServer.info(MEETING, CHAIR)?.kind, 'demo');
    await assert.rejects(demoServer.load('another-meeting', SECRETARY, undefined), { reason: 'no_signing_identity' });
  });

  it('tells a demo certificate from another by the DEMO label of its issuer', () => {
    const file = demo.identities[0]!;
    assert.equal(isDemoIdentity(loadPkcs12File(file.p12Path, file.password)), true);
    assert.equal(isDemoIdentity(loadPkcs12File(own.path, own.password)), false);
  });
});
