// A meeting spread over two workers, with real Chromium clients: the consumer limit is set so low that the second
// participant is placed on a router on the other worker; each one's simulcast video reaches the other through a
// pipe transport between the workers and plays, and the microphones reach the active-speaker observer at home.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Room } from '../../server/rooms/Room.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, remoteVideosPlaying, waitUntil } from '../helpers/browser.ts';

let t: TestServer;
let browser: Browser;

before(async () => {
  t = await startTestServer({ delegates: 1, env: { SFU_WORKERS: '2', SFU_MAX_CONSUMERS_PER_WORKER: '1' } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

describe('a meeting on two workers', () => {
  it('video flows both ways across the pipe between the workers', async () => {
    const chair = await joinMeeting(browser, t.invitations[0]!.url, 'chair');
    let room: Room | undefined;
    await waitUntil(
      async () => {
        room = await t.server.services.rooms.open(t.meeting);
        return room.mediaRouters().some((r) => r.peerIds.includes('chair'));
      },
      20_000,
      'the chair placed on a router',
    );
    const delegate = await joinMeeting(browser, t.invitations[2]!.url, 'delegate');
    for (const p of [chair, delegate])
      await waitUntil(() => remoteVideosPlaying(p.page), 30_000, `${p.name}: remote video`);

    const routers = room!.mediaRouters();
    const chairRouter = routers.find((r) => r.peerIds.includes('chair'))!;
    const delegateRouter = routers.find((r) => r.peerIds.includes('delegate-1'))!;
    assert.ok(delegateRouter, 'the delegate is placed');
    assert.notEqual(chairRouter.workerPid, delegateRouter.workerPid, 'the two participants are on different workers');
    assert.equal(chairRouter.home, true);

    // What the delegate receives comes through a pipe: the chair's producers exist on the delegate's router.
    const chairPeer = room!.peers.get('chair')!;
    const dump = await delegateRouter.router.dump();
    for (const producerId of chairPeer.producers.keys()) {
      assert.ok(
        dump.mapProducerIdConsumerIds.some((e) => e.key === producerId && e.values.length > 0),
        `the chair's producer ${producerId} is piped to and consumed on the delegate's router`,
      );
    }
    // And bytes crossed it: the delegate's video consumer has sent RTP to the delegate.
    const delegatePeer = room!.peers.get('delegate-1')!;
    const video = [...delegatePeer.consumers.values()].find((c) => c.kind === 'video')!;
    const [stats] = await video.getStats();
    assert.ok((stats?.packetCount ?? 0) > 0, 'RTP forwarded across the pipe');
    // The delegate's microphone is followed by the observer on the home router.
    const homeDump = await chairRouter.router.dump();
    const delegateMic = delegatePeer.producerFor('mic');
    assert.ok(delegateMic, 'the delegate sends its microphone');
    assert.ok(homeDump.mapProducerIdObserverIds.some((e) => e.key === delegateMic.id && e.values.length === 1));
  });
});
