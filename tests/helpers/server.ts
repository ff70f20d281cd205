// Starts the real server (real mediasoup worker, real socket.io, the SQLite file in a temporary DATA_DIR) on a free
// loopback port for a test, with the demo meeting seeded and one invitation link per participant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { demoInvitations, demoMeeting, type DemoInvitation } from '../../server/meetings/demoMeeting.ts';
import type { Meeting } from '../../server/meetings/MeetingStore.ts';

export interface TestServer {
  server: RunningServer;
  meeting: Meeting;
  invitations: DemoInvitation[];
  tokens: string[];
  stop(): Promise<void>;
}

export async function startTestServer(
  // demo: a demo server (the default: it seeds the demo meeting, whose chair and secretary sign with demo identities).
  options: { delegates?: number; env?: Record<string, string>; demo?: boolean } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SFU_WORKERS: '1',
    RTC_MIN_PORT: '40000',
    RTC_MAX_PORT: '49999',
    // Plain HTTP unless a test asks otherwise (tests/integration/https.test.ts runs the HTTPS listeners).
    HTTP_ONLY: '1',
    ...options.env,
  });
  const server = await startServer(config, undefined, { demo: options.demo ?? true });
  const meetings = server.services.meetings;
  const meeting = meetings.add(demoMeeting(options.delegates ?? 3));
  const invitations = demoInvitations(meetings, meeting, server.services.tokenSecret, server.url);
  return {
    server,
    meeting,
    invitations,
    tokens: invitations.map((i) => new URL(i.url).searchParams.get('token') ?? ''),
    async stop() {
      await server.close();
      await new Promise<void>((resolve) => server.http.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
