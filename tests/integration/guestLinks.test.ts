// Guest links against the real server: a manager revokes one by its invitation id (those waiting with it are turned
// away, the link opens nothing more), and the waiting room cannot be flooded from many sockets — knocks are limited
// per address and per link, and the room itself has a size, each with a clear error. The server trusts
// X-Forwarded-For here so that sockets on loopback can come from several addresses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_WAITING, MAX_WAITING_PER_ADDRESS, MAX_WAITING_PER_LINK } from '../../server/live/waitingRoom.ts';
import { guestLinkToken } from '../../server/meetings/invitations.ts';
import { expectError, seedMeeting } from '../helpers/meetingCast.ts';
import { officeMeeting } from '../helpers/officeMeeting.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/signallingClient.ts';

let t: TestServer;
const clients: TestClient[] = [];

async function connect(address: string): Promise<TestClient> {
  const client = await new TestClient(t.server.url, { 'x-forwarded-for': address }).connected();
  clients.push(client);
  return client;
}

before(async () => {
  t = await startTestServer({ delegates: 1, env: { TRUST_PROXY: '1' } });
});
after(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

describe('revoking a guest link', () => {
  it('revokes by invitation id: those waiting with it are turned away and it opens nothing more', async () => {
    const { meetingId, secretary, member } = await officeMeeting(t.server);
    const made = await secretary.call(`/api/meetings/${meetingId}/guest-links`, { body: { ttlMinutes: 60 } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const invitationId = made.body.invitationId as string;
    assert.ok(invitationId, 'the guest link names its invitation');
    const link = new URL(made.body.url).searchParams.get('token')!;
    const other = await secretary.call(`/api/meetings/${meetingId}/guest-links`, { body: { ttlMinutes: 60 } });
    const otherLink = new URL(other.body.url).searchParams.get('token')!;

    const waiting = await connect('198.51.100.1');
    const { waitingId } = await waiting.ok('knock', { token: link, name: 'Khách một' });
    const stays = await connect('198.51.100.2');
    await stays.ok('knock', { token: otherLink, name: 'Khách hai' });

    const path = `/api/meetings/${meetingId}/invitations/${invitationId}/revoke-link`;
    assert.equal((await member.call(path, { body: {} })).status, 403, 'only those who manage the meeting');
    const revoked = await secretary.call(path, { body: {} });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual(revoked.body, { revoked: true, declined: 1 });
    assert.deepEqual(await waiting.waitFor('admissionDeclined'), { waitingId });
    await expectError((await connect('198.51.100.3')).raw('knock', { token: link, name: 'Lại' }), 'unauthorized');
    const check = await fetch(`${t.server.url}/api/invite?token=${encodeURIComponent(link)}`);
    assert.equal((await check.json()).error.reason, 'invitation_revoked');
    const waitingNow = t.server.services.live.peek(meetingId)!.waiting;
    assert.deepEqual(
      [...waitingNow.values()].map((w) => w.name),
      ['Khách hai'],
      'the other link is untouched',
    );
    assert.deepEqual((await secretary.call(path, { body: {} })).body, { revoked: false, declined: 0 });
  });

  it('refuses an invitation of another meeting and a personal invitation, naming the right route', async () => {
    const { meetingId, secretary } = await officeMeeting(t.server);
    const elsewhere = guestLinkToken(
      t.server.services.tokenSecret,
      t.server.services.meetings,
      t.meeting.id,
      new Date(Date.now() + 60_000),
    );
    const foreign = await secretary.call(
      `/api/meetings/${meetingId}/invitations/${elsewhere.invitation.id}/revoke-link`,
      { body: {} },
    );
    assert.equal(foreign.status, 404);
    assert.equal(t.server.services.meetings.invitations.get(elsewhere.invitation.id)?.revokedAt, null);
    const issued = await secretary.call(`/api/meetings/${meetingId}/invitations`, { body: {} });
    const personal = issued.body.invitations[0].invitationId as string;
    const refused = await secretary.call(`/api/meetings/${meetingId}/invitations/${personal}/revoke-link`, {
      body: {},
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.detail, /\/invitations\/<participant>\/revoke/);
  });
});

describe('a flood of knocks', () => {
  it('limits the guests waiting from one address, however many sockets it opens', async () => {
    const seeded = seedMeeting(t.server, 1);
    const link = seeded.guestLink();
    const answers = [];
    for (let i = 0; i < MAX_WAITING_PER_ADDRESS + 3; i++) {
      answers.push(await (await connect('203.0.113.7')).raw('knock', { token: link, name: `Khách ${i}` }));
    }
    assert.equal(answers.filter((a) => a.ok).length, MAX_WAITING_PER_ADDRESS);
    const refused = answers.filter((a) => !a.ok);
    for (const a of refused) {
      assert.ok(!a.ok && a.error.code === 'rate_limited' && a.error.reason === 'too_many_knocks', JSON.stringify(a));
    }
    assert.match((refused[0] as { error: { detail: string } }).error.detail, /from this address/);
    await (await connect('203.0.113.8')).ok('knock', { token: link, name: 'Khách khác' });
  });

  it('limits the knocks of one address over time, even when nobody stays waiting', async () => {
    const seeded = seedMeeting(t.server, 1);
    const link = seeded.guestLink();
    let limited = 0;
    for (let i = 0; i < 30; i++) {
      const socket = await connect('203.0.113.9');
      const answer = await socket.raw('knock', { token: link, name: `Khách ${i}` });
      if (!answer.ok && answer.error.code === 'rate_limited') limited++;
      socket.close();
    }
    assert.ok(limited >= 15, `expected most of 30 quick knocks to be limited, ${limited} were`);
  });

  it('limits the guests waiting with one link, and the waiting room as a whole', async () => {
    const seeded = seedMeeting(t.server, 1);
    const link = seeded.guestLink();
    let address = 0;
    const next = () => connect(`192.0.2.${++address}`);
    const answers = [];
    for (let i = 0; i < MAX_WAITING_PER_LINK + 2; i++) {
      answers.push(await (await next()).raw('knock', { token: link, name: `Khách ${i}` }));
    }
    assert.equal(answers.filter((a) => a.ok).length, MAX_WAITING_PER_LINK);
    const refused = answers.find((a) => !a.ok);
    assert.ok(refused && !refused.ok && refused.error.reason === 'too_many_knocks');
    assert.match(refused.error.detail, /with this guest link/);

    // More links, more addresses: the room itself stops at its size.
    while (t.server.services.live.peek(seeded.meeting.id)!.waiting.size < MAX_WAITING) {
      const more = seeded.guestLink();
      for (let i = 0; i < MAX_WAITING_PER_LINK; i++) {
        if (t.server.services.live.peek(seeded.meeting.id)!.waiting.size >= MAX_WAITING) break;
        await (await next()).ok('knock', { token: more, name: `Khách ${address}` });
      }
    }
    const full = await expectError(
      (await next()).raw('knock', { token: seeded.guestLink(), name: 'Một người nữa' }),
      'rate_limited',
      'waiting_room_full',
    );
    assert.match(full.detail, /waiting room is full/);
  });
});
