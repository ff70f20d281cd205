// Opening a PKCS#12 someone uploads cannot freeze the server: key-derivation iteration counts beyond 2,000,000 (in
// the MAC or in the encryption, visible or inside encrypted content) are refused before any work with a clear error,
// the file is opened in a worker thread with a time limit while the event loop keeps serving, and each participant
// has a limited number of attempts (a wrong password cannot be guessed at speed). Files made by the real openssl,
// their iteration counts rewritten with node-forge's ASN.1 codec as an attacker would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { MeetingStore, type Participant } from '../../../server/meetings/MeetingStore.ts';
import { SigningIdentities } from '../../../server/minutes/identities.ts';
import { MinutesStore } from '../../../server/minutes/MinutesStore.ts';
import { MAX_KDF_ITERATIONS } from '../../../server/minutes/signing/identity.ts';

const SECRETARY: Participant = { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary', connectionPoint: null };
const CHAIR: Participant = { id: 'chair', name: 'Trần Quốc Khánh', role: 'chair', connectionPoint: null };
const MEETING = 'giao-ban-thang-11';
const PASSWORD = 'mật khẩu 2026';
const PBKDF2 = '1.2.840.113549.1.5.12';

let dir = '';
const files = { normal: Buffer.alloc(0), noMac: Buffer.alloc(0) };

function openssl(...args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.error) assert.fail(`openssl is missing: ${result.error.message}`);
  assert.equal(result.status, 0, result.stderr);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pkcs12-limits-'));
  const subject = ['-subj', `/C=VN/O=Văn phòng Bộ/CN=${SECRETARY.name}`, '-utf8'];
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'k.pem',
    '-out',
    'c.pem',
    '-days',
    '30',
    ...subject,
  );
  const out = (name: string, ...extra: string[]) => {
    openssl(
      'pkcs12',
      '-export',
      '-inkey',
      'k.pem',
      '-in',
      'c.pem',
      '-out',
      name,
      '-passout',
      `pass:${PASSWORD}`,
      ...extra,
    );
    return readFileSync(join(dir, name));
  };
  files.normal = out('normal.p12');
  files.noMac = out('nomac.p12', '-nomac');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const asBytes = (der: Buffer) => forge.util.createBuffer(der.toString('binary'));
const toBuffer = (node: forge.asn1.Asn1) => Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
const integer = (n: number) => forge.asn1.integerToDer(n).getBytes();

/** The file with its MAC's iteration count set to `n`. */
function withMacIterations(der: Buffer, n: number): Buffer {
  const pfx = forge.asn1.fromDer(asBytes(der));
  const macData = (pfx.value as forge.asn1.Asn1[])[2]!;
  (macData.value as forge.asn1.Asn1[])[2]!.value = integer(n);
  return toBuffer(pfx);
}

/** Sets every PBKDF2 iteration count to `n`, looking inside OCTET STRINGs that hold DER (not encrypted bytes). */
function setPbkdf2(node: forge.asn1.Asn1, n: number): boolean {
  const children = Array.isArray(node.value) ? node.value : null;
  if (children) {
    const first = children[0];
    if (first?.type === forge.asn1.Type.OID && forge.asn1.derToOid(first.value as string) === PBKDF2) {
      ((children[1]!.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1).value = integer(n);
      return true;
    }
    return children.map((c) => setPbkdf2(c, n)).some(Boolean);
  }
  if (node.type !== forge.asn1.Type.OCTETSTRING) return false;
  let inner: forge.asn1.Asn1;
  try {
    inner = forge.asn1.fromDer(node.value as string, true);
  } catch {
    return false;
  }
  if (!setPbkdf2(inner, n)) return false;
  node.value = forge.asn1.toDer(inner).getBytes();
  return true;
}

function withPbkdf2Iterations(der: Buffer, n: number): Buffer {
  const pfx = forge.asn1.fromDer(asBytes(der));
  assert.ok(setPbkdf2(pfx, n), 'the file uses PBKDF2 (OpenSSL 3 defaults)');
  return toBuffer(pfx);
}

function identities(options: { openTimeoutMs?: number } = {}) {
  const store = new MinutesStore(new MeetingStore().db);
  return new SigningIdentities(store, mkdtempSync(join(dir, 'data-')), { demo: false, ...options });
}

describe('PKCS#12 iteration counts', () => {
  it('refuses a MAC asking for 2,000,000,000 iterations at once, saying why', async () => {
    const started = performance.now();
    await assert.rejects(identities().import(MEETING, SECRETARY, withMacIterations(files.normal, 2e9), PASSWORD), {
      code: 'invalid_message',
      reason: 'pkcs12_iterations',
      message: /2000000000 key-derivation iterations; at most 2000000/,
    });
    assert.ok(performance.now() - started < 5000, 'refused without deriving the key');
  });

  it('refuses a PBKDF2 count beyond the limit inside the file, where only opening it finds it', async () => {
    const hostile = withPbkdf2Iterations(files.noMac, MAX_KDF_ITERATIONS + 1);
    await assert.rejects(identities().import(MEETING, SECRETARY, hostile, PASSWORD), { reason: 'pkcs12_iterations' });
  });

  it('still opens an ordinary file from openssl (PBKDF2, AES, a Vietnamese password)', async () => {
    const info = await identities().import(MEETING, SECRETARY, files.normal, PASSWORD);
    assert.equal(info.subject, SECRETARY.name);
    const signer = identities();
    await signer.import(MEETING, CHAIR, files.normal, PASSWORD);
    assert.equal((await signer.load(MEETING, CHAIR, PASSWORD)).commonName, SECRETARY.name);
    await assert.rejects(signer.load(MEETING, CHAIR, 'sai'), { code: 'signing_failed', reason: 'signing_password' });
  });
});

describe('opening off the event loop', () => {
  it('keeps the event loop serving while a costly file is opened, and gives up at the time limit', async () => {
    // Under the limit but slow (pure JavaScript key derivation), and with a MAC that does not verify.
    const slow = withMacIterations(files.normal, MAX_KDF_ITERATIONS - 1);
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    try {
      await assert.rejects(identities({ openTimeoutMs: 1000 }).import(MEETING, SECRETARY, slow, PASSWORD), {
        code: 'signing_failed',
        message: /took longer than 1000 ms/,
      });
    } finally {
      clearInterval(ticker);
    }
    assert.ok(longest < 250, `the event loop stalled for ${Math.round(longest)} ms`);
  });
});

describe('attempts per participant', () => {
  it('limits attempts to open a signing file per participant, wrong passwords included', async () => {
    const signer = identities();
    await signer.import(MEETING, SECRETARY, files.normal, PASSWORD);
    const answers = [];
    for (let i = 0; i < 7; i++) {
      answers.push(
        await signer.load(MEETING, SECRETARY, `sai ${i}`).then(
          () => 'ok',
          (error: { code: string; reason?: string }) => error.reason ?? error.code,
        ),
      );
    }
    assert.ok(answers.includes('rate_limited'), answers.join(', '));
    assert.equal(answers.indexOf('rate_limited') >= 3, true, `a few attempts are allowed: ${answers.join(', ')}`);
    await assert.rejects(signer.load(MEETING, SECRETARY, PASSWORD), { code: 'rate_limited' });
    // Another participant is not held back by this one's attempts.
    await signer.import(MEETING, CHAIR, files.normal, PASSWORD);
    assert.equal((await signer.load(MEETING, CHAIR, PASSWORD)).commonName, SECRETARY.name);
  });
});
