// A signed document URL (what pdf.js fetches without a header) is good only while the invitation it was issued
// under is: revoking the invitation, or removing an admitted guest, stops the URL at once, before its expiry. Real
// server, real sockets, a real PDF through the document pipeline.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castServer, seedMeeting, type SeededMeeting } from '../helpers/meetingCast.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';

const t = castServer();
let seeded: SeededMeeting;
let documentId = '';

async function status(url: string): Promise<{ status: number; reason?: string }> {
  const response = await fetch(`${t.server.url}${url}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status === 200) return { status: 200 };
  return {
    status: response.status,
    reason: (JSON.parse(body.toString()) as { error: { reason?: string } }).error.reason,
  };
}

describe('signed document URLs and revocation', () => {
  before(async () => {
    seeded = seedMeeting(t.server, 2);
    const document = await t.server.services.documents.upload({
      meetingId: seeded.meeting.id,
      agendaItemId: 'bao-cao',
      fileName: 'Báo cáo.pdf',
      bytes: await plainPdf(2),
      uploader: { id: 'secretary', name: 'Thư ký', role: 'secretary' },
    });
    documentId = document.id;
  });

  it('stops serving a URL once the invitation it was issued under is revoked', async () => {
    const chair = await t.cast.join(seeded.token('chair'));
    const delegate = await t.cast.join(seeded.token('delegate-1'));
    const { url } = await delegate.ok('documentUrl', { documentId });
    assert.deepEqual(await status(url), { status: 200 });
    await chair.ok('revokeInvitation', { participantId: 'delegate-1' });
    assert.deepEqual(await status(url), { status: 403, reason: 'invitation_revoked' });
  });

  it("stops serving a removed guest's URL", async () => {
    const chair = await t.cast.join(seeded.token('chair'));
    const { guest, participantId } = await t.cast.admitGuest(chair, seeded.guestLink(), 'Khách mời');
    const { url } = await guest.ok('documentUrl', { documentId });
    assert.deepEqual(await status(url), { status: 200 });
    await chair.ok('removeParticipant', { peerId: participantId });
    assert.deepEqual(await status(url), { status: 403, reason: 'invitation_revoked' });
  });

  it("stops serving a minutes export's signed URL once its participant's invitation is revoked", async () => {
    const chair = await t.cast.join(seeded.token('chair'));
    const delegate = await t.cast.join(seeded.token('delegate-2'));
    const { url } = await delegate.ok('minutesExport', { format: 'docx' });
    await chair.ok('revokeInvitation', { participantId: 'delegate-2' });
    assert.deepEqual(await status(url), { status: 403, reason: 'invitation_revoked' });
  });

  it('refuses a URL whose invitation was swapped for another', async () => {
    const delegate = await t.cast.join(seeded.token('secretary'));
    const { url } = await delegate.ok('documentUrl', { documentId });
    const other = t.server.services.meetings.invitations
      .forMeeting(seeded.meeting.id)
      .find((i) => i.participantId === 'chair')!;
    const swapped = url.replace(/([?&]i=)[^&]+/, `$1${other.id}`);
    assert.notEqual(swapped, url, 'the URL names its invitation');
    assert.equal((await status(swapped)).status, 401);
  });
});
