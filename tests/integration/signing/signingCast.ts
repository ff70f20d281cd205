// The cast of the account-signing tests: a real (non-demo) server trusting a CA run with OpenSSL
// (tests/helpers/testPki.ts), meetings scheduled through the office with accounts seated as secretary and chair,
// and what a signer does — here the test process holds the key, as a token or a phone would.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, sign as cryptoSign } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import { encodePng } from '../../../server/minutes/pdf/png.ts';
import { read } from '../../../server/minutes/signing/der.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { TestPki, type IssuedSigner } from '../../helpers/testPki.ts';
import { download, Person } from '../minutes/minutesCast.ts';

export interface SigningWorld {
  pki: TestPki;
  t: TestServer;
  dir: string;
  stop(): Promise<void>;
}

/** The CA, its trust folder, and a server trusting it with the CA's TSA (and `env` besides). */
export async function signingWorld(env: Record<string, string> = {}): Promise<SigningWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'account-signing-'));
  const pki = await TestPki.start();
  const trustDir = join(dir, 'trust');
  mkdirSync(trustDir);
  writeFileSync(join(trustDir, 'test-root.pem'), pki.caPem);
  const t = await startTestServer({
    demo: false,
    delegates: 0,
    env: { SIGNING_TRUST_DIR: trustDir, TSA_URL: pki.tsaUrl, SIGNING_SERVICE_TIMEOUT_MS: '3000', ...env },
  });
  return {
    pki,
    t,
    dir,
    async stop() {
      await t.stop();
      await pki.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let made = 0;

export interface Account {
  client: OfficeClient;
  name: string;
  username?: string;
}

/** A scheduled meeting: a scheduler who manages it, and the accounts seated as its secretary and chair. */
export async function meeting(
  t: TestServer,
): Promise<{ id: string; scheduler: Account; secretary: Account; chair: Account }> {
  const n = ++made;
  const accounts = t.server.services.accounts;
  const make = async (username: string, displayName: string, agencyRole: 'secretary' | 'member') => {
    const user = await accounts.createUser({
      username: `${username}-${n}`,
      displayName,
      password: OFFICE_PASSWORD,
      agencyRole,
    });
    const client = new OfficeClient(t.server.url);
    assert.equal((await client.signIn(user.username, OFFICE_PASSWORD)).status, 200);
    return { user, account: { client, name: displayName, username: user.username } };
  };
  const scheduler = await make('lich', 'Phạm Minh Tuấn', 'secretary');
  const secretary = await make('thuky', 'Lê Thị Thu Hà', 'member');
  const chair = await make('chutri', 'Trần Quốc Khánh', 'member');
  const start = new Date(Date.now() + 3600_000);
  const id = t.server.services.office.planner.create(
    {
      kind: 'hop',
      title: `Họp ký số ${n}`,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600_000).toISOString(),
      place: 'Phòng họp số 1',
      chairUserId: chair.user.id,
      secretaryUserId: secretary.user.id,
      unitCodes: [],
      participantUserIds: [],
      guests: [],
      agenda: [{ title: 'Nội dung', presenter: '', durationMinutes: 20 }],
    },
    scheduler.user,
  );
  return { id, scheduler: scheduler.account, secretary: secretary.account, chair: chair.account };
}

/** The account's own invitation (POST /join while signed in), joined over signalling. */
export async function joinAs(t: TestServer, meetingId: string, account: Account): Promise<Person> {
  const reply = await account.client.call<{ url: string }>(`/api/meetings/${meetingId}/join`, { body: {} });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return Person.join(t.server.url, new URL(reply.body.url, t.server.url).searchParams.get('token')!);
}

export const register = (account: Account, signer: IssuedSigner, chain: Buffer[] = []) =>
  account.client.call('/api/signing/certificates', {
    body: {
      certificate: signer.certDer.toString('base64'),
      chain: chain.map((c) => c.toString('base64')),
      method: 'token',
    },
  });

/** What a signer does with a prepared signature: SHA-256 with its key over the signed attributes. */
export const signWith = (signer: { keyPem: string }, prepared: MinutesSignPrepared) =>
  cryptoSign('sha256', Buffer.from(prepared.signedAttributes, 'base64'), signer.keyPem).toString('base64');

export async function finalise(secretary: Person): Promise<void> {
  await secretary.request('minutesOpen', {});
  await secretary.request('minutesAction', { action: 'submitForReview' });
  await secretary.request('minutesAction', { action: 'finalise', number: '12' });
}

/** The n-th signature's CMS (the /Contents value without its zero padding). */
export function extractCms(pdf: Buffer, index: number): Buffer {
  const match = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)][index]!;
  const [, b, c] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const value = Buffer.from(pdf.toString('latin1', b + 1, c - 1), 'hex');
  return value.subarray(0, read(value).end);
}

/** A meeting finalised and signed at B-LT by its secretary (RSA) and chair (ECDSA) with certificates of the CA. */
export async function signedMeeting(w: SigningWorld, options: { chairImage?: Buffer } = {}) {
  const m = await meeting(w.t);
  const secretaryKey = await w.pki.issue({ name: m.secretary.name, organization: 'Văn phòng Bộ' });
  const chairKey = await w.pki.issue({ name: m.chair.name, key: 'ec', title: 'Thứ trưởng' });
  assert.equal((await register(m.secretary, secretaryKey)).status, 201);
  assert.equal((await register(m.chair, chairKey)).status, 201);
  if (options.chairImage)
    assert.equal((await uploadPng(w, m.chair, '/api/signing/image', options.chairImage)).status, 200);
  const secretary = await joinAs(w.t, m.id, m.secretary);
  const chair = await joinAs(w.t, m.id, m.chair);
  await finalise(secretary);
  for (const [person, key] of [
    [secretary, secretaryKey],
    [chair, chairKey],
  ] as const) {
    const prepared = await person.request('minutesSignPrepare', {});
    await person.request('minutesSignComplete', {
      signatureId: prepared.signatureId,
      signature: signWith(key, prepared),
    });
  }
  return { m, secretary, chair, secretaryKey, chairKey };
}

/** pdfsig's report on a file, with an NSS database that trusts the test CA. */
export function pdfsig(w: SigningWorld, file: string): string {
  const nss = join(w.dir, 'nss');
  if (!existsSync(nss)) {
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', [
      '-A',
      '-d',
      `sql:${nss}`,
      '-n',
      'test-root',
      '-t',
      'C,C,C',
      '-i',
      join(w.pki.dir, 'ca.pem'),
    ]);
  }
  const report = spawnSync('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' });
  return `${report.stdout}${report.stderr}`;
}

/** `openssl ts -verify` of a document timestamp (the index-th signature of the file) against the test CA. */
export function verifyDocumentTimestamp(w: SigningWorld, pdf: Buffer, index: number): string {
  const token = join(w.dir, `doc-token-${index}.der`);
  writeFileSync(token, extractCms(pdf, index));
  const match = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)][index]!;
  const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const digest = createHash('sha256')
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest('hex');
  const caFile = join(w.pki.dir, 'ca.pem');
  return execFileSync('openssl', ['ts', '-verify', '-token_in', '-in', token, '-digest', digest, '-CAfile', caFile], {
    encoding: 'utf8',
  });
}

/** PUTs a PNG as the signed-in account (a signature image, the agency's seal). */
export const uploadPng = (w: SigningWorld, account: Account, path: string, png: Buffer) =>
  fetch(new URL(path, w.t.server.url), {
    method: 'PUT',
    headers: {
      cookie: account.client.cookie!,
      origin: w.t.server.url,
      'x-phonghop-csrf': '1',
      'content-type': 'image/png',
    },
    body: new Uint8Array(png),
  });

/** A transparent image drawn by a function of (x, y) → [r, g, b] or null. */
export function draw(width: number, height: number, paint: (x: number, y: number) => [number, number, number] | null) {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = paint(x, y);
      if (colour) rgba.set([...colour, 255], (y * width + x) * 4);
    }
  }
  return encodePng(width, height, rgba);
}

/** Minutes finalised and signed by their secretary (B-LT, a certificate of 'Văn phòng Bộ'): the PDF and the key. */
export async function signedBySecretary(w: SigningWorld): Promise<{ pdf: Buffer; key: IssuedSigner }> {
  const m = await meeting(w.t);
  const key = await w.pki.issue({ name: m.secretary.name, organization: 'Văn phòng Bộ' });
  assert.equal((await register(m.secretary, key)).status, 201);
  const secretary = await joinAs(w.t, m.id, m.secretary);
  try {
    await finalise(secretary);
    const prepared = await secretary.request('minutesSignPrepare', {});
    await secretary.request('minutesSignComplete', {
      signatureId: prepared.signatureId,
      signature: signWith(key, prepared),
    });
    const pdf = await download(w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    return { pdf, key };
  } finally {
    secretary.client.close();
  }
}
