// Signing for the kill loop's meetings as a real (non-demo) server does it (docs/minutes.md, "Signatures"): the
// secretary and the chair are accounts, each with a certificate from a CA the server trusts (tests/helpers/testPki.ts:
// OpenSSL's CA, OCSP responder, CRL and time-stamping authority, running beside the loop and unaffected by its
// kills), registered by the signed-in account; the server prepares the signed attributes and the signer — the loop,
// which holds the keys as a signer's token would — returns the signature.
import { sign as cryptoSign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MinutesSignPrepared } from '../../common/minutesView.ts';
import { AccountStore } from '../../server/storage/AccountStore.ts';
import { DATABASE_FILE, openDatabase } from '../../server/storage/database.ts';
import { OfficeClient } from '../helpers/officeClient.ts';
import { TestPki, type IssuedSigner } from '../helpers/testPki.ts';

export type SignerRole = 'secretary' | 'chair';

export interface TestSigner {
  userId: string;
  username: string;
  password: string;
  issued: IssuedSigner;
}

export interface KillSigning {
  pki: TestPki;
  /** For the server's environment: the trust list, the time-stamping authority, short waits. */
  env: Record<string, string>;
  signers: Record<SignerRole, TestSigner>;
}

const PEOPLE: Record<SignerRole, { username: string; name: string; title: string }> = {
  secretary: { username: 'thuky', name: 'Lê Thị Thu Hà', title: 'Chuyên viên chính' },
  chair: { username: 'chutri', name: 'Trần Quốc Khánh', title: 'Thứ trưởng' },
};

/** Starts the CA, issues both certificates, and makes both accounts in the data folder (before the server runs). */
export async function startSigning(dataDir: string, workDir: string): Promise<KillSigning> {
  const pki = await TestPki.start();
  const trustDir = join(workDir, 'trust');
  mkdirSync(trustDir, { recursive: true });
  writeFileSync(join(trustDir, 'test-root.pem'), pki.caPem);
  const accounts = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    const store = new AccountStore(accounts);
    const signers = {} as Record<SignerRole, TestSigner>;
    for (const role of ['secretary', 'chair'] as const) {
      const person = PEOPLE[role];
      const password = `Mat-khau-${role}-2026`;
      const user = await store.createUser({
        username: person.username,
        displayName: person.name,
        password,
        agencyRole: 'member',
      });
      const issued = await pki.issue({ name: person.name, title: person.title, organization: 'Văn phòng Bộ' });
      signers[role] = { userId: user.id, username: person.username, password, issued };
    }
    const env = {
      SIGNING_TRUST_DIR: trustDir,
      TSA_URL: pki.tsaUrl,
      SIGNING_SERVICE_TIMEOUT_MS: '3000',
      // A signature prepared just before a kill must not hold the record for the default three minutes.
      SIGNING_SIGNER_TIMEOUT_MS: '5000',
    };
    return { pki, env, signers };
  } finally {
    accounts.close();
  }
}

/** Registers a signer's certificate as the signed-in account (once; a second time is refused or a no-op). */
export async function registerCertificate(url: string, signer: TestSigner): Promise<number> {
  const client = new OfficeClient(url);
  const login = await client.signIn(signer.username, signer.password);
  if (login.status !== 200) return login.status;
  const reply = await client.call('/api/signing/certificates', {
    body: { certificate: signer.issued.certDer.toString('base64'), chain: [], method: 'token' },
  });
  return reply.status;
}

/** What the signer's token does with a prepared signature: SHA-256 with its key over the signed attributes. */
export function signPrepared(signer: TestSigner, prepared: MinutesSignPrepared): string {
  return cryptoSign('sha256', Buffer.from(prepared.signedAttributes, 'base64'), signer.issued.keyPem).toString(
    'base64',
  );
}
