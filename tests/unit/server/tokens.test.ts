// Invitation tokens: signed, scoped, expiring; nothing in them is trusted before verification.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { issueToken, verifyToken } from '../../../server/meetings/tokens.ts';
import { failureCode } from '../../helpers/failures.ts';

const SECRET = 'test-secret';
const claims = { meetingId: 'm1', participantId: 'delegate-1', role: 'delegate' as const, exp: 2_000_000_000 };

describe('invitation tokens', () => {
  it('round-trip their claims', () => {
    assert.deepEqual(verifyToken(SECRET, issueToken(SECRET, claims)), claims);
  });

  it('refuse a token signed with another secret, tampered with, or malformed', () => {
    const token = issueToken(SECRET, claims);
    assert.equal(
      failureCode(() => verifyToken('other', token)),
      'token_invalid',
    );
    const [body, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ m: 'm1', p: 'delegate-1', r: 'chair', exp: 2_000_000_000 })).toString(
      'base64url',
    );
    assert.equal(
      failureCode(() => verifyToken(SECRET, `${forged}.${sig}`)),
      'token_invalid',
    );
    assert.equal(
      failureCode(() => verifyToken(SECRET, `${body}`)),
      'token_invalid',
    );
    assert.equal(
      failureCode(() => verifyToken(SECRET, `${body}.${sig}.x`)),
      'token_invalid',
    );
    assert.equal(
      failureCode(() => verifyToken(SECRET, '')),
      'token_invalid',
    );
  });

  it('refuse an expired token', () => {
    const token = issueToken(SECRET, { ...claims, exp: 1000 });
    assert.equal(
      failureCode(() => verifyToken(SECRET, token)),
      'token_expired',
    );
  });
});
