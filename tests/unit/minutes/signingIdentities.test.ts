// Demo signing identities exist only on a demo server (server/minutes/identities.ts): a real server refuses to use
// them and refuses to register a certificate the demo CA issued — even when someone put the demo CA into the trust
// list; on a demo server they sign for the demo meeting's participants. Without an account nobody signs: a
// certificate belongs to an account, never to an invitation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeetingStore, type Participant } from '../../../server/meetings/MeetingStore.ts';
import { isDemoIdentity, SigningIdentities } from '../../../server/minutes/identities.ts';
import {
  createDemoIdentities,
  DEMO_LABEL,
  type DemoIdentities,
} from '../../../server/minutes/signing/demoIdentities.ts';
import { loadPkcs12File } from '../../../server/minutes/signing/identity.ts';
import { loadSigningConfig } from '../../../server/minutes/signing/signingConfig.ts';

const SECRETARY: Participant = { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary', connectionPoint: null };
const CHAIR: Participant = { id: 'chair', name: 'Trần Quốc Khánh', role: 'chair', connectionPoint: null };
const MEETING = 'giao-ban-thang-11';

let dir = '';
let demo: DemoIdentities;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'signing-identities-'));
  demo = createDemoIdentities(join(dir, 'demo'), [
    { id: 'secretary', name: SECRETARY.name, title: 'Thư ký', organization: 'Văn phòng Bộ' },
    { id: 'chair', name: CHAIR.name, title: 'Thứ trưởng', organization: 'Bộ Khoa học và Công nghệ' },
  ]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function identities(options: { demo: boolean; trustDir?: string }): SigningIdentities {
  const signing = loadSigningConfig(options.trustDir ? { SIGNING_TRUST_DIR: options.trustDir } : {});
  return new SigningIdentities(new MeetingStore().db, {
    demo: options.demo,
    signing,
    dataDir: mkdtempSync(join(dir, 'data-')),
  });
}

const demoCertificate = (id: 'secretary' | 'chair') => {
  const file = demo.identities.find((i) => i.id === id)!;
  const identity = loadPkcs12File(file.p12Path, file.password);
  return { certificate: identity.certificate, chain: identity.chain };
};

describe('demo signing identities on a real server', () => {
  it('refuses to use them for a meeting, so nobody there signs with them', () => {
    const real = identities({ demo: false });
    assert.throws(() => real.useDemo(MEETING, demo), { code: 'signing_failed', message: /demo server/ });
    assert.throws(() => real.signerFor(MEETING, SECRETARY), { reason: 'signing_needs_account' });
    assert.throws(() => real.signerFor(MEETING, { ...SECRETARY, userId: 'u1' }), { reason: 'no_signing_identity' });
    assert.equal(real.info(MEETING, SECRETARY), null);
  });

  it('refuses to register a certificate the demo CA issued, and keeps nothing of it', async () => {
    const real = identities({ demo: false });
    const { certificate, chain } = demoCertificate('secretary');
    await assert.rejects(real.register('u1', certificate, chain, 'file'), { reason: 'certificate_untrusted' });
    assert.deepEqual(real.certificates.list('u1'), []);
  });

  it('refuses it even with the demo CA put into the trust list', async () => {
    const trustDir = join(dir, 'trust');
    mkdirSync(trustDir, { recursive: true });
    copyFileSync(demo.caCertificatePath, join(trustDir, 'demo-ca.pem'));
    const real = identities({ demo: false, trustDir });
    const { certificate, chain } = demoCertificate('chair');
    await assert.rejects(real.register('u2', certificate, chain, 'file'), {
      code: 'signing_failed',
      message: new RegExp(`demo CA \\(${DEMO_LABEL}\\)`),
    });
    assert.deepEqual(real.certificates.list('u2'), []);
  });
});

describe('demo signing identities on a demo server', () => {
  it('uses them for the meeting they were given to, by participant id', () => {
    const demoServer = identities({ demo: true });
    demoServer.useDemo(MEETING, demo);
    const signer = demoServer.signerFor(MEETING, SECRETARY);
    assert.equal(signer.kind, 'demo');
    assert.ok(signer.kind === 'demo' && signer.identity.issuerName.includes(DEMO_LABEL));
    assert.equal(demoServer.info(MEETING, CHAIR)?.kind, 'demo');
    assert.throws(() => demoServer.signerFor('another-meeting', SECRETARY), { reason: 'signing_needs_account' });
  });

  it('trusts the demo CA there, so its certificates pass the chain check', async () => {
    const demoServer = identities({ demo: true });
    demoServer.useDemo(MEETING, demo);
    const { certificate, chain } = demoCertificate('secretary');
    const checked = await demoServer.check(certificate, chain);
    assert.equal(checked.path.length, 2);
    assert.deepEqual(checked.revocation, [], 'the demo CA answers no revocation queries');
  });

  it('tells a demo certificate from another by the DEMO label of its issuer', () => {
    const file = demo.identities[0]!;
    assert.equal(isDemoIdentity(loadPkcs12File(file.p12Path, file.password)), true);
    assert.ok(readFileSync(demo.caCertificatePath, 'latin1').includes('BEGIN CERTIFICATE'));
  });
});
