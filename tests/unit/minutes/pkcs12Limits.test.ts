// Opening a PKCS#12 cannot freeze the process that opens it: key-derivation iteration counts beyond 2,000,000 (in
// the MAC or in the encryption, visible or inside encrypted content) are refused before any work with a clear error,
// a file without integrity MAC is refused before it is read, and the file is opened in a worker thread with a time
// limit while the event loop keeps serving. Files made by the real openssl, their iteration counts rewritten with
// node-forge's ASN.1 codec (and the MAC computed again) as an attacker would. (The server no longer takes PKCS#12
// uploads, so the per-participant attempt limit went with them.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import type { Participant } from '../../../server/meetings/MeetingStore.ts';
import { MAX_KDF_ITERATIONS } from '../../../server/minutes/signing/identity.ts';
import { Pkcs12Opener } from '../../../server/minutes/signing/openPkcs12.ts';

const SECRETARY: Participant = { id: 'secretary', name: 'Lê Thị Thu Hà', role: 'secretary', connectionPoint: null };
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

/** The file with its MAC computed again over its (changed) content, as whoever knows the password can. */
function withValidMac(der: Buffer, password: string): Buffer {
  const pfx = forge.asn1.fromDer(asBytes(der));
  const parts = pfx.value as forge.asn1.Asn1[];
  const [digestInfo, salt, iterations] = parts[2]!.value as forge.asn1.Asn1[];
  const digest = (digestInfo!.value as forge.asn1.Asn1[])[1]!;
  const count = Number.parseInt(forge.util.bytesToHex(iterations!.value as string), 16);
  const md = () => forge.md.sha256.create();
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt!.value as string), 3, count, 32, md());
  const content = (parts[1]!.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[];
  const mac = forge.hmac.create();
  mac.start(md(), key);
  mac.update(content[0]!.value as string);
  digest.value = mac.digest().getBytes();
  return toBuffer(pfx);
}

const opener = (timeoutMs?: number) => new Pkcs12Opener(timeoutMs);

describe('PKCS#12 iteration counts', () => {
  it('refuses a MAC asking for 2,000,000,000 iterations at once, saying why', async () => {
    const started = performance.now();
    await assert.rejects(opener().open(withMacIterations(files.normal, 2e9), PASSWORD), {
      code: 'invalid_message',
      reason: 'pkcs12_iterations',
      message: /2000000000 key-derivation iterations; at most 2000000/,
    });
    assert.ok(performance.now() - started < 5000, 'refused without deriving the key');
  });

  it('refuses a PBKDF2 count beyond the limit inside the file, where only opening it finds it', async () => {
    const hostile = withValidMac(withPbkdf2Iterations(files.normal, MAX_KDF_ITERATIONS + 1), PASSWORD);
    await assert.rejects(opener().open(hostile, PASSWORD), { reason: 'pkcs12_iterations' });
  });

  it('refuses a file without integrity MAC before reading it: any password would open it', async () => {
    await assert.rejects(opener().open(files.noMac, PASSWORD), { code: 'signing_failed', reason: 'pkcs12_no_mac' });
    await assert.rejects(opener().open(files.noMac, 'another'), { reason: 'pkcs12_no_mac' });
  });

  it('still opens an ordinary file from openssl (PBKDF2, AES, a Vietnamese password)', async () => {
    assert.equal((await opener().open(files.normal, PASSWORD)).commonName, SECRETARY.name);
    await assert.rejects(opener().open(files.normal, 'sai'), { code: 'signing_failed', reason: 'signing_password' });
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
      await assert.rejects(opener(1000).open(slow, PASSWORD), {
        code: 'signing_failed',
        message: /took longer than 1000 ms/,
      });
    } finally {
      clearInterval(ticker);
    }
    assert.ok(longest < 250, `the event loop stalled for ${Math.round(longest)} ms`);
  });
});
