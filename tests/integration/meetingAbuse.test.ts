// Bad input against the meeting controls: replayed and tampered tokens, oversized and empty chat, flooding of
// raised hands, chat and knocks. Each is refused or rate-limited with a clear error; connections and server stay up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { MAX_CHAT_CHARS } from '../../common/meeting.ts';
import { issueToken } from '../../server/meetings/tokens.ts';
import { castServer, expectError, seedMeeting } from '../helpers/meetingCast.ts';

const t = castServer();

function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
function encode(claims: Record<string, unknown>, signature: string): string {
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('replayed tokens', () => {
  it('a revoked invitation replayed later is refused, even though its signature and expiry are fine', async () => {
    const seeded = seedMeeting(t.server, 2);
    const chair = await t.cast.join(seeded.token('chair'));
    const token = seeded.token('delegate-1');
    const first = await t.cast.join(token);
    await chair.ok('revokeInvitation', { participantId: 'delegate-1' });
    assert.deepEqual(await first.waitFor('removedFromMeeting'), { reason: 'invitation_revoked' });
    await expectError((await t.cast.connect()).raw('join', { token }), 'unauthorized', 'invitation_revoked');
    const check = await fetch(`${t.server.url}/api/invite?token=${encodeURIComponent(token)}`);
    assert.equal(check.status, 403);
    assert.equal((await check.json()).error.reason, 'invitation_revoked');
  });

  it('a removed guest cannot come back with the token they were admitted with', async () => {
    const seeded = seedMeeting(t.server, 1);
    const chair = await t.cast.join(seeded.token('chair'));
    const { guest, participantId } = await t.cast.admitGuest(chair, seeded.guestLink(), 'Khách');
    const { token } = await guest.waitFor('admitted');
    await chair.ok('removeParticipant', { peerId: participantId });
    await guest.waitFor('removedFromMeeting');
    await expectError((await t.cast.connect()).raw('join', { token }), 'unauthorized', 'invitation_revoked');
  });

  it('the same invitation from a second connection takes over: the first connection is closed, never doubled', async () => {
    const seeded = seedMeeting(t.server, 1);
    const chair = await t.cast.join(seeded.token('chair'));
    const token = seeded.token('delegate-1');
    const first = await t.cast.join(token);
    const second = await t.cast.join(token);
    await new Promise<void>((resolve) =>
      first.socket.connected ? first.socket.once('disconnect', () => resolve()) : resolve(),
    );
    const { entries } = await chair.ok('statusBoard', {});
    assert.equal(entries.filter((e) => e.participantId === 'delegate-1' && e.presence === 'online').length, 1);
    assert.ok(second.socket.connected);
    const { records } = await chair.ok('attendance', {});
    assert.deepEqual(
      records.find((r) => r.participantId === 'delegate-1')!.sessions.map((s) => s.leftReason),
      ['replaced', null],
    );
  });
});

describe('tampered tokens', () => {
  it('refuses a raised role, a swapped participant or invitation, and a link used for the wrong door', async () => {
    const seeded = seedMeeting(t.server, 2);
    const client = await t.cast.connect();
    const token = seeded.token('delegate-1');
    const [, signature] = token.split('.');
    const claims = decode(token);
    await expectError(client.raw('join', { token: encode({ ...claims, r: 'chair' }, signature!) }), 'token_invalid');
    await expectError(
      client.raw('join', { token: encode({ ...claims, p: 'delegate-2' }, signature!) }),
      'token_invalid',
    );
    const other = decode(seeded.token('delegate-2'));
    await expectError(client.raw('join', { token: encode({ ...claims, i: other.i }, signature!) }), 'token_invalid');
    // Correctly signed with a guessed secret: still a bad signature.
    const body = Buffer.from(JSON.stringify({ ...claims, r: 'chair' })).toString('base64url');
    const forged = `${body}.${createHmac('sha256', 'phonghop').update(body).digest('base64url')}`;
    await expectError(client.raw('join', { token: forged }), 'token_invalid');
    // A genuine token whose invitation names someone else (ids do not match) is refused as well.
    const mismatched = issueToken(t.server.services.tokenSecret, {
      meetingId: seeded.meeting.id,
      participantId: 'delegate-2',
      role: 'delegate',
      exp: Math.floor(Date.now() / 1000) + 60,
      invitationId: claims.i as string,
    });
    await expectError(client.raw('join', { token: mismatched }), 'token_invalid');
    await expectError(client.raw('join', { token: seeded.guestLink() }), 'forbidden', 'use_waiting_room');
    await expectError(client.raw('knock', { token, name: 'Ai đó' }), 'invalid_message', 'not_a_guest_link');
    assert.ok(client.socket.connected);
  });
});

describe('oversized and flooding requests', () => {
  it('refuses chat messages that are too long or empty, with the limit in the error', async () => {
    const seeded = seedMeeting(t.server, 1);
    const d1 = await t.cast.join(seeded.token('delegate-1'));
    await d1.ok('sendChat', { text: 'ạ'.repeat(MAX_CHAT_CHARS), audience: 'all' });
    const tooLong = await expectError(
      d1.raw('sendChat', { text: 'ạ'.repeat(MAX_CHAT_CHARS + 1), audience: 'all' }),
      'too_large',
      'chat_too_long',
    );
    assert.match(tooLong.detail, /at most 2000 characters/);
    await expectError(d1.raw('sendChat', { text: 'x'.repeat(300_000), audience: 'all' }), 'too_large');
    await expectError(d1.raw('sendChat', { text: '   ', audience: 'all' }), 'invalid_message', 'chat_empty');
    await expectError(d1.raw('sendChat', { text: 'hi', audience: 'everyone' }), 'invalid_message');
    assert.ok(d1.socket.connected);
  });

  it('rate-limits a flood of raised hands: one queue entry, few notifications, everyone stays connected', async () => {
    const seeded = seedMeeting(t.server, 2);
    const chair = await t.cast.join(seeded.token('chair'));
    const d1 = await t.cast.join(seeded.token('delegate-1'));
    const before = chair.received.length;
    const flood = await Promise.all(
      Array.from({ length: 150 }, (_, i) => d1.raw(i % 2 ? 'raiseHand' : 'lowerHand', i % 2 ? { topic: `#${i}` } : {})),
    );
    const limited = flood.filter((r) => !r.ok && r.error.code === 'rate_limited');
    assert.ok(limited.length >= 140, `expected the flood to be limited, ${limited.length} were`);
    const detail = (limited[0] as { error: { detail: string } }).error.detail;
    assert.match(detail, /too many (raiseHand|lowerHand) requests/);
    assert.ok(chair.received.length - before <= 10, 'the chair is not flooded with notifications');
    const { state } = await chair.ok('meetingState', {});
    assert.ok(state.queue.length <= 1);
    assert.ok(d1.socket.connected && chair.socket.connected);
    const health = await fetch(`${t.server.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('rate-limits chat and knocking floods the same way', async () => {
    const seeded = seedMeeting(t.server, 1);
    const d1 = await t.cast.join(seeded.token('delegate-1'));
    const chats = await Promise.all(
      Array.from({ length: 50 }, () => d1.raw('sendChat', { text: 'spam', audience: 'all' })),
    );
    assert.ok(chats.filter((r) => !r.ok && r.error.code === 'rate_limited').length >= 40);
    const knocker = await t.cast.connect();
    const link = seeded.guestLink();
    const knocks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => knocker.raw('knock', { token: link, name: `K${i}` })),
    );
    assert.ok(knocks.filter((r) => !r.ok && r.error.code === 'rate_limited').length >= 15);
    const waiting = t.server.services.live.peek(seeded.meeting.id)!.waiting;
    assert.equal(waiting.size, 1, 'one connection waits once, however often it knocks');
    knocker.close();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(waiting.size, 0, 'a knocking connection that closes leaves the waiting room');
  });
});
