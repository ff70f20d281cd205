// Camera and microphone from another machine: a Chromium in a network namespace of its own (the project's test
// host, joined by a veth link) opens the server by its address on that link, over HTTPS with the server's generated
// CA trusted in that browser's certificate store — a secure context that is not localhost, with no flag that treats
// an insecure origin as secure and no certificate error ignored — and its camera and microphone reach the meeting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  CHROMIUM,
  joinMeeting,
  recvStats,
  remoteVideosPlaying,
  waitUntil,
  type Participant,
} from '../helpers/browser.ts';
import { createTestHost, type TestHost } from '../helpers/netns.ts';
import { launchTrustingBrowser, type TrustedBrowser } from '../helpers/trustedBrowser.ts';

describe('a connection point on another machine, over HTTPS', () => {
  let host: TestHost;
  let t: TestServer;
  let local: TrustedBrowser;
  let remote: TrustedBrowser;
  const people: Participant[] = [];

  before(async () => {
    host = createTestHost(CHROMIUM, 78);
    // The link exists before the server starts: its generated certificate names the link's address.
    t = await startTestServer({
      delegates: 1,
      env: {
        HTTP_ONLY: '0',
        HTTP_REDIRECT_PORT: '0',
        HOST: '0.0.0.0',
        SFU_LISTEN_IP: host.hostIp,
        TLS_HOSTS: host.hostIp,
      },
    });
    const ca = join(t.server.services.config.dataDir, 'tls', 'ca.crt');
    local = await launchTrustingBrowser(ca);
    remote = await launchTrustingBrowser(ca, host.chromiumPath);
  });
  after(async () => {
    for (const p of people) await p.context.close().catch(() => {});
    await remote?.close();
    await local?.close();
    await t?.stop();
    host?.remove();
  });

  it('gets camera and microphone into the meeting from the link address', async () => {
    const chair = t.invitations.find((i) => i.role === 'chair')!;
    const delegate = t.invitations.find((i) => i.role === 'delegate')!;
    const remoteUrl = new URL(delegate.url);
    remoteUrl.host = `${host.hostIp}:${t.server.port}`;
    assert.equal(remoteUrl.protocol, 'https:');
    people.push(await joinMeeting(local.browser as Browser, chair.url, chair.name));
    const point = await joinMeeting(remote.browser as Browser, remoteUrl.toString(), delegate.name);
    people.push(point);
    const context = await point.page.evaluate(() => ({
      secure: window.isSecureContext,
      origin: location.origin,
      media: typeof navigator.mediaDevices?.getUserMedia === 'function',
    }));
    assert.deepEqual(context, { secure: true, origin: `https://${host.hostIp}:${t.server.port}`, media: true });
    // The chair, on this machine, sees and hears the remote connection point; the remote point sees the chair.
    await waitUntil(() => remoteVideosPlaying(people[0]!.page, 1), 30_000, 'the chair plays the remote camera');
    await waitUntil(() => remoteVideosPlaying(point.page, 1), 30_000, 'the remote point plays the chair');
    // Its microphone too: the chair's only remote audio is the remote point's.
    await waitUntil(async () => (await recvStats(people[0]!.page)).audioPacketsReceived > 50, 20_000, 'remote audio');
  });
});
