// The meeting the edXML filing tests run against: a real server filing to the edXML axis (ARCHIVE_ADAPTER=edxml,
// signed with an agency PKCS#12 issued by a test CA), the demo signing identities, and the cast of secretary, chair
// and delegate joined to a seeded meeting, and room for guests — with the teardown that closes all of it and removes
// the temp folder.
// Needs openssl (the certificate); the tests add what their own checks need.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SIGNERS } from '../../../server/minutes/demoMinutes.ts';
import { ensureDemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { Cast as Clients } from '../../helpers/meetingCast.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { agencyCertificate, type AgencyCertificate } from './edxmlCast.ts';
import { cast, type Cast } from './minutesCast.ts';

export interface EdxmlMeeting {
  /** The temp folder: demo identities, the agency certificate, and room for the packages a test writes out. */
  dir: string;
  cert: AgencyCertificate;
  t: TestServer;
  c: Cast;
  /** Other clients of the meeting (guests admitted by the chair); closed with it. */
  clients: Clients;
}

/** Starts it all in a new temp folder named from `prefix`; `env` adds to the edXML settings (e.g. attach agenda). */
export async function startEdxmlMeeting(prefix: string, env: Record<string, string> = {}): Promise<EdxmlMeeting> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let t: TestServer | undefined;
  try {
    const demo = ensureDemoIdentities(join(dir, 'demo'), DEMO_SIGNERS);
    const cert = agencyCertificate(dir);
    t = await startTestServer({
      delegates: 1,
      env: {
        ARCHIVE_ADAPTER: 'edxml',
        ARCHIVE_EDXML_TO: '000.00.00.G22=Văn phòng Chính phủ',
        ARCHIVE_EDXML_SIGN_P12: cert.p12Path,
        ARCHIVE_EDXML_SIGN_PASSWORD: cert.password,
        ...env,
      },
    });
    const c = await cast(t, demo);
    return { dir, cert, t, c, clients: new Clients(t.server.url) };
  } catch (e) {
    // The test's `after` never sees a meeting that failed to start: leave nothing running or on disk.
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Closes the editors, the participants and the server, then removes the temp folder; safe on a missing meeting. */
export async function stopEdxmlMeeting(m: EdxmlMeeting | undefined): Promise<void> {
  if (!m) return;
  m.clients.closeAll();
  m.c.syncs.forEach((s) => s.destroy());
  [m.c.secretary, m.c.chair, m.c.delegate].forEach((p) => p.client.close());
  await m.t.stop();
  rmSync(m.dir, { recursive: true, force: true });
}
