// The server on PORT (default 8080) with a seeded demo meeting, stored in the embedded database in DATA_DIR.
// `npm start` prints the invitation links for people; `npm run demo` (--json) prints one JSON line per invitation:
// {"role","name","url"}. Other messages go to stderr.
import { loadConfig } from './config.ts';
import { openMeetingStore, startServer } from './app.ts';
import { demoGuestLink, demoInvitations, demoMeeting } from './meetings/demoMeeting.ts';
import { join } from 'node:path';
import { AccountStore } from './storage/AccountStore.ts';
import { DEMO_SIGNERS } from './minutes/demoMinutes.ts';
import { ensureDemoIdentitiesAsync } from './minutes/signing/demoIdentities.ts';
import { seedDemoDocuments } from './documents/samples/seedDemoDocuments.ts';
import { ensureAdmin } from './storage/bootstrapAdmin.ts';

const config = loadConfig();
const delegates = Number.parseInt(process.env.DEMO_DELEGATES ?? '3', 10);
if (!Number.isInteger(delegates) || delegates < 0 || delegates > 200) {
  console.error('DEMO_DELEGATES must be an integer between 0 and 200');
  process.exit(2);
}
const meetings = openMeetingStore(config);
const adminPasswordFile = await ensureAdmin(new AccountStore(meetings.db), config.dataDir);
if (adminPasswordFile) console.error(`Administrator "admin" created; its password is in ${adminPasswordFile}`);
const meeting = demoMeeting(delegates);
meetings.add(meeting);
const server = await startServer(config, meetings);
// The first agenda item's sample documents (Vietnamese text), opened on join; seeding again adds nothing.
await seedDemoDocuments(server.services, meeting.id);
console.error(`Phòng họp số: ${server.url} — ${meeting.title} (${server.pool.size} SFU worker(s))`);
const ROLE_LABEL = { chair: 'Chủ trì', secretary: 'Thư ký', delegate: 'Đại biểu', guest: 'Khách mời' } as const;
const asJson = process.argv.includes('--json');
for (const invitation of demoInvitations(meetings, meeting, server.services.tokenSecret, server.url)) {
  console.log(
    asJson ? JSON.stringify(invitation) : `${ROLE_LABEL[invitation.role]} — ${invitation.name}:\n  ${invitation.url}`,
  );
}
console.error(`Khách mời (phòng chờ): ${demoGuestLink(meetings, meeting.id, server.services.tokenSecret, server.url)}`);
// The demo's chair and secretary sign the minutes with identities of a generated demo CA (no legal value). The keys
// are made in the background on the first start (seconds of work), so that the server answers at once.
ensureDemoIdentitiesAsync(join(config.dataDir, 'signing', 'demo'), DEMO_SIGNERS)
  .then((demo) => {
    server.services.minutes.identities.useDemo(meeting.id, demo);
    console.error(`Chữ ký số DEMO (không có giá trị pháp lý): CA ${demo.caCertificatePath}`);
  })
  .catch((error: unknown) => console.error('Không tạo được chữ ký số DEMO:', error));

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
