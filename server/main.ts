// The server. `npm start` runs it for real on its embedded defaults and seeds nothing: on an empty DATA_DIR it prints
// one single-use setup link (valid 24 h) for the first administrator. `npm run demo` (--demo, with --json one JSON
// line per account {"role","username","password"} and per invitation {"role","name","url"}) seeds a sample agency
// (server/demo/seedAgency.ts) with demo signing identities — which only a demo server accepts — and gives last month's
// briefing signed, filed minutes in the background (server/demo/seedPastMinutes.ts). Messages go to stderr.
import { join } from 'node:path';
import { loadConfig } from './config.ts';
import { openMeetingStore, startServer } from './app.ts';
import { demoGuestLink, demoInvitations } from './meetings/demoMeeting.ts';
import { DEMO_AGENCY_SIGNER, DEMO_SERVER_SIGNERS } from './minutes/demoMinutes.ts';
import { ensureDemoIdentitiesAsync } from './minutes/signing/demoIdentities.ts';
import { seedDemoAgency } from './demo/seedAgency.ts';
import { seedPastMinutes } from './demo/seedPastMinutes.ts';
import { lockDataDirOrExit } from './storage/dataDirLock.ts';

const demo = process.argv.includes('--demo') || process.argv.includes('--json');
const asJson = process.argv.includes('--json');
const config = loadConfig();
const delegates = Number.parseInt(process.env.DEMO_DELEGATES ?? '3', 10);
if (!Number.isInteger(delegates) || delegates < 0 || delegates > 34) {
  console.error('DEMO_DELEGATES must be an integer between 0 and 34 (the provincial connection points)');
  process.exit(2);
}
// One server per data folder: a second one started on it stops here with a message (server/storage/dataDirLock.ts).
lockDataDirOrExit(config.dataDir);
const meetings = openMeetingStore(config);
const server = await startServer(config, meetings, { demo });
const { services } = server;
console.error(`Phòng họp số: ${server.url} (${server.pool.size} SFU worker(s))${demo ? ' — CHẾ ĐỘ DEMO' : ''}`);

if (!demo) {
  if (!services.office.agency.agency()) {
    const token = services.office.agency.issueSetupToken();
    console.log(`Thiết lập lần đầu (dùng một lần, hết hạn sau 24 giờ): ${server.url}/setup?token=${token}`);
  }
} else {
  const seeded = await seedDemoAgency(services, delegates);
  const ROLE_LABEL = { chair: 'Chủ trì', secretary: 'Thư ký', delegate: 'Đại biểu', guest: 'Khách mời' } as const;
  for (const account of seeded.accounts) {
    const { role, username, password } = account;
    console.log(
      asJson
        ? JSON.stringify({ role, username, password })
        : `Tài khoản ${role}: ${username} / ${password} (${account.displayName})`,
    );
  }
  const meeting = services.meetings.get(seeded.todayMeetingId)!;
  for (const invitation of demoInvitations(meetings, meeting, services.tokenSecret, server.url)) {
    console.log(
      asJson ? JSON.stringify(invitation) : `${ROLE_LABEL[invitation.role]} — ${invitation.name}:\n  ${invitation.url}`,
    );
  }
  console.error(`Khách mời (phòng chờ): ${demoGuestLink(meetings, meeting.id, services.tokenSecret, server.url)}`);
  // The demo's chair and secretary sign the minutes with identities of a generated demo CA (no legal value); with
  // them, last month's briefing gets its signed, filed minutes. Keys, PDF and signatures are seconds of work on the
  // first start, done in the background so that the server answers at once.
  ensureDemoIdentitiesAsync(join(config.dataDir, 'signing', 'demo'), DEMO_SERVER_SIGNERS)
    .then(async (identities) => {
      services.minutes.identities.useDemo(meeting.id, identities);
      console.error(`Chữ ký số DEMO (không có giá trị pháp lý): CA ${identities.caCertificatePath}`);
      // The văn thư signs today's minutes for the agency with this file, opened in the record page.
      const agencyFile = identities.identities.find((i) => i.id === DEMO_AGENCY_SIGNER.id);
      if (agencyFile) console.error(`Tệp chứng thư số DEMO của cơ quan: ${agencyFile.p12Path} / ${agencyFile.password}`);
      if (!seeded.pastMeetingId) return;
      const log = (line: string) => console.error(`Demo: ${line}`);
      const state = await seedPastMinutes(services, seeded.pastMeetingId, { identities, log });
      log(`biên bản kỳ trước ở trạng thái ${state}`);
    })
    .catch((error: unknown) => console.error('Không chuẩn bị được chữ ký số DEMO và biên bản kỳ trước:', error));
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  meetings.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
