// A meeting with its cast for integration tests: seed a meeting on the running test server, issue tokens, join
// participants as real socket clients, let a guest in through the waiting room.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Ack, RequestPayload } from '../../common/protocol.ts';
import { demoMeeting } from '../../server/meetings/demoMeeting.ts';
import { guestLinkToken, participantToken } from '../../server/meetings/invitations.ts';
import type { Meeting } from '../../server/meetings/MeetingStore.ts';
import type { RunningServer } from '../../server/app.ts';
import { startTestServer, type TestServer } from './server.ts';
import { TestClient } from './signallingClient.ts';

export interface SeededMeeting {
  meeting: Meeting;
  /** A fresh, valid invitation token for a participant of the meeting. */
  token(participantId: string, ttlMs?: number): string;
  guestLink(ttlMs?: number): string;
}

export function seedMeeting(server: RunningServer, delegates = 4): SeededMeeting {
  const store = server.services.meetings;
  const meeting = store.add(demoMeeting(delegates));
  const secret = server.services.tokenSecret;
  return {
    meeting,
    token(participantId, ttlMs = 3600_000) {
      const participant = store.participant(meeting.id, participantId);
      assert.ok(participant, `no participant ${participantId}`);
      return participantToken(secret, store, meeting.id, participant, new Date(Date.now() + ttlMs)).token;
    },
    guestLink(ttlMs = 3600_000) {
      return guestLinkToken(secret, store, meeting.id, new Date(Date.now() + ttlMs)).token;
    },
  };
}

export class Cast {
  readonly clients: TestClient[] = [];
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async connect(): Promise<TestClient> {
    const client = await new TestClient(this.url).connected();
    this.clients.push(client);
    return client;
  }

  async join(token: string): Promise<TestClient> {
    const client = await this.connect();
    await client.ok('join', { token });
    return client;
  }

  /** A guest knocks with the link, the chair admits them, and they join with the token they are sent. */
  async admitGuest(
    chair: TestClient,
    link: string,
    name: string,
  ): Promise<{ guest: TestClient; participantId: string }> {
    const guest = await this.connect();
    const { waitingId } = await guest.ok('knock', { token: link, name });
    const { participantId } = await chair.ok('admitGuest', { waitingId });
    const { token } = await guest.waitFor('admitted');
    await guest.ok('join', { token });
    return { guest, participantId };
  }

  closeAll(): void {
    for (const c of this.clients) c.close();
    this.clients.length = 0;
  }
}

/** Asserts that a request failed with this code (and reason, when given). */
export async function expectError(
  response: Promise<Ack<unknown>>,
  code: string,
  reason?: string,
): Promise<{ code: string; detail: string; reason?: string }> {
  const r = await response;
  assert.equal(r.ok, false, `expected ${code}, got success`);
  if (r.ok) throw new Error('unreachable');
  assert.equal(
    r.error.code,
    code,
    `expected ${code}${reason ? `/${reason}` : ''}, got ${r.error.code}: ${r.error.detail}`,
  );
  if (reason) assert.equal(r.error.reason, reason, r.error.detail);
  return r.error;
}

/**
 * A test server with one delegate and a cast on it for the whole file: started before the first test, clients
 * closed and server stopped after the last. Read `server` (the running server) and `cast` inside tests (they are set by then).
 */
export function castServer(env: Record<string, string> = {}): { readonly server: RunningServer; readonly cast: Cast } {
  let server: TestServer | undefined;
  let cast: Cast | undefined;
  before(async () => {
    server = await startTestServer({ delegates: 1, env });
    cast = new Cast(server.server.url);
  });
  after(async () => {
    cast?.closeAll();
    await server?.stop();
  });
  return {
    get server() {
      assert.ok(server, 'the test server has not started');
      return server.server;
    },
    get cast() {
      assert.ok(cast, 'the test server has not started');
      return cast;
    },
  };
}

/** RTP parameters of an Opus microphone as a browser would send them (one SSRC). */
export const opusRtp = (ssrc: number, mid = '0'): RequestPayload<'produce'>['rtpParameters'] => ({
  mid,
  codecs: [
    { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, rtcpFeedback: [], parameters: {} },
  ],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: `mic-${ssrc}`, reducedSize: true },
});

/** A chaired briefing joined over real sockets: a fresh meeting, its chair, secretary and `delegates` delegates. */
export interface Briefing {
  seeded: SeededMeeting;
  chair: TestClient;
  secretary: TestClient;
  delegates: TestClient[];
  all: TestClient[];
}

export async function joinBriefing(server: RunningServer, cast: Cast, delegates: number): Promise<Briefing> {
  const seeded = seedMeeting(server, delegates);
  const chair = await cast.join(seeded.token('chair'));
  const secretary = await cast.join(seeded.token('secretary'));
  const ds: TestClient[] = [];
  for (let i = 1; i <= delegates; i++) ds.push(await cast.join(seeded.token(`delegate-${i}`)));
  return { seeded, chair, secretary, delegates: ds, all: [chair, secretary, ...ds] };
}
