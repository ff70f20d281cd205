// A small briefing of synthetic connection points (tests/load/) against the real server and worker, over real
// WebRTC (ICE, DTLS, SRTP through werift): the chair and nine provinces join as the renderer does; every point's
// transports connect and it receives the media its layout shows; a stroke reaches every other point's annotation
// layer; the provinces raise their hands and vote when the chair opens a vote; network reports reach the board.
// Behaviour only: the timings are the benchmark's business (npm run bench:briefing).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { currentVersion } from '../../common/documents.ts';
import { seedDemoDocuments } from '../../server/documents/samples/seedDemoDocuments.ts';
import { PointsHost } from '../load/PointsHost.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const POINTS = 10;

let t: TestServer;
let host: PointsHost;

const until = async (check: () => boolean, what: string, timeoutMs = 15_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('a briefing of synthetic connection points', () => {
  before(async () => {
    t = await startTestServer({ delegates: POINTS - 1 });
    const [document] = await seedDemoDocuments(t.server.services, t.meeting.id);
    host = new PointsHost({
      url: t.server.url,
      thumbnails: 4,
      statusEveryMs: 1000,
      autoVoteWithinMs: 500,
      concurrency: 3,
    });
    // The chair first, then the provinces (the secretary stays away).
    const tokens = t.invitations.flatMap((invitation, i) => (invitation.role === 'secretary' ? [] : [t.tokens[i]!]));
    const { joined, failed } = await host.join(tokens);
    assert.equal(failed, 0, host.failures.join('\n'));
    assert.equal(joined, POINTS);
    assert.ok(document, 'the demo documents are seeded');
    host.openAnnotations({ documentId: document.id, version: currentVersion(document).version, layer: 'shared' });
  });

  after(async () => {
    await host?.leave();
    await t?.stop();
  });

  it('connects every point over DTLS and each receives the media its layout shows', async () => {
    assert.equal(await host.waitConnected(20_000), POINTS, JSON.stringify(host.status()));
    host.status();
    await new Promise((r) => setTimeout(r, 1500));
    const states = host.status();
    for (const state of states) {
      assert.ok(state.connected, `${state.id} connected`);
      // The chair's camera and four thumbnails (their microphones are muted): five video streams at 15 fps.
      assert.ok(state.streams >= 5, `${state.id} consumes ${state.streams} streams`);
      assert.ok(state.newPackets > 50, `${state.id} received ${state.newPackets} packets in 1.5 s`);
      assert.deepEqual(state.errors, []);
    }
  });

  it('leaves everything a point does not show paused on the server', async () => {
    const room = await t.server.services.rooms.open(t.server.services.meetings.get(t.meeting.id)!);
    const consumers = [...room.peers.values()].flatMap((peer) => [...peer.consumers.values()]);
    // Everyone consumes everyone's camera and microphone; each point resumes only what its layout shows.
    assert.equal(consumers.length, POINTS * (POINTS - 1) * 2);
    const flowing = consumers.filter((c) => !c.paused && !c.producerPaused);
    // Microphones are muted (their producers paused); the chair shows four thumbnails, every province the chair and four.
    assert.equal(flowing.length, 4 + (POINTS - 1) * 5);
  });

  it('brings a stroke drawn at one point to every other point', async () => {
    assert.equal(await host.waitAnnotationsSynced(10_000), POINTS);
    const [drawer, ...others] = host.points;
    drawer!.drawStroke('load-test-stroke');
    await until(() => others.every((p) => p.markArrivals.has('load-test-stroke')), 'the stroke everywhere');
  });

  it('queues raised hands and counts the provinces’ votes', async () => {
    const chair = host.points.find((p) => p.self?.role === 'chair')!;
    const provinces = host.points.filter((p) => p !== chair);
    const positions = await Promise.all(provinces.slice(0, 3).map((p) => p.raiseHand('Ý kiến')));
    assert.deepEqual(
      [...positions].sort((a, b) => a - b),
      [1, 2, 3],
    );
    const vote = await chair.request('openVote', {
      question: 'Thông qua kế hoạch tháng tới',
      options: ['Đồng ý', 'Không đồng ý'],
      secret: false,
      durationSeconds: 60,
    });
    await until(() => host.points.every((p) => p.votesCast === 1), 'everyone voted');
    const closed = await chair.request('closeVote', { voteId: vote.id });
    assert.equal(closed.result?.cast, POINTS, 'the chair votes too');
  });

  it('shows every point’s network report on the chair’s status board', async () => {
    const chair = host.points.find((p) => p.self?.role === 'chair')!;
    await until(() => host.points.every((p) => (p.roundTrips.get('reportStats')?.length ?? 0) > 0), 'reports');
    const board = await chair.request('statusBoard', {});
    const reported = board.entries.filter((e) => e.presence === 'online' && e.network !== null);
    assert.equal(reported.length, POINTS);
  });
});
