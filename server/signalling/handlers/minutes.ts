// Minutes requests: the record's state, lifecycle steps, signatures (demo in one step; a registered certificate in
// two: prepare, then the signer's answer), exports (with progress), filing, review
// comments, co-editors, the automatic timeline and the attendance refresh. The role table has already run
// (authorize.ts); the record's own rules (co-editors, each step's role and order) are checked by MinutesService
// and common/minutes.ts, which also audits them. Writing the content goes through the sync handlers (sync.ts).
import { AppFailure } from '../../../common/errors.ts';
import type { Participant } from '../../meetings/MeetingStore.ts';
import type { HandlerMap, Session } from '../context.ts';
import type { Services } from '../../services.ts';
import { meetingContext, type MeetingContext } from '../meetingContext.ts';

type MinutesRequest =
  | 'minutesOpen'
  | 'minutesAction'
  | 'minutesSign'
  | 'minutesSignPrepare'
  | 'minutesSignComplete'
  | 'minutesSignCancel'
  | 'minutesSignRemote'
  | 'minutesExport'
  | 'minutesFile'
  | 'minutesFollowUp'
  | 'minutesComment'
  | 'minutesResolveComment'
  | 'minutesTimeline'
  | 'minutesSetEditors'
  | 'minutesRefreshAttendance';

function caller(session: Session, services: Services): { ctx: MeetingContext; participant: Participant } {
  const ctx = meetingContext(session, services);
  const participant = services.meetings.participant(ctx.meetingId, ctx.peer.id);
  if (!participant) throw new AppFailure('not_joined', 'no longer a participant of this meeting');
  return { ctx, participant };
}

export const minutesHandlers: Pick<HandlerMap, MinutesRequest> = {
  async minutesOpen(session, _payload, services) {
    const { ctx, participant } = caller(session, services);
    const minutes = services.minutes;
    // An editor opening the record brings its attendance up to date with who has joined since.
    if (minutes.canWrite(ctx.meetingId, participant)) await minutes.refreshAttendance(ctx.meetingId);
    return {
      minutes: minutes.view(ctx.meetingId),
      identity: minutes.identities.info(ctx.meetingId, participant),
    };
  },

  async minutesAction(session, command, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.act(ctx.meetingId, participant, command);
  },

  async minutesSign(session, _payload, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.sign(ctx.meetingId, participant);
  },

  async minutesSignPrepare(session, { certificateSha256 }, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.signPrepare(ctx.meetingId, participant, certificateSha256);
  },

  async minutesSignComplete(session, { signatureId, signature }, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.signComplete(ctx.meetingId, participant, signatureId, Buffer.from(signature, 'base64'));
  },

  async minutesSignRemote(session, { signatureId }, services) {
    const { ctx, participant } = caller(session, services);
    const peer = ctx.peer;
    const callbackBase = `${services.config.publicUrl}/api/signing/csc/callback/`;
    return services.minutes.signRemote(ctx.meetingId, participant, signatureId, callbackBase, (result) => {
      if (!peer.closed) peer.socket.emit('minutesSignRemoteResult', result);
    });
  },

  async minutesSignCancel(session, { signatureId }, services) {
    const { ctx, participant } = caller(session, services);
    services.minutes.signCancel(ctx.meetingId, participant, signatureId);
    return {};
  },

  async minutesExport(session, { format, version }, services) {
    const { ctx, participant } = caller(session, services);
    const peer = ctx.peer;
    return services.minutes.export(ctx.meetingId, participant, format, version, (progress) => {
      if (!peer.closed) peer.socket.emit('minutesExportProgress', progress);
    });
  },

  async minutesFile(session, _payload, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.file(ctx.meetingId, participant);
  },

  async minutesFollowUp(session, request, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.followUp(ctx.meetingId, participant, request);
  },

  async minutesComment(session, { sectionId, text }, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.comment(ctx.meetingId, participant, sectionId, text);
  },

  async minutesResolveComment(session, { commentId }, services) {
    const { ctx, participant } = caller(session, services);
    services.minutes.resolveComment(ctx.meetingId, participant, commentId);
    return {};
  },

  async minutesTimeline(session, _payload, services) {
    const { ctx, participant } = caller(session, services);
    services.minutes.checkWrite(ctx.meetingId, participant);
    return { entries: services.minutes.timeline(ctx.meetingId) };
  },

  async minutesSetEditors(session, { participantIds }, services) {
    const { ctx, participant } = caller(session, services);
    return services.minutes.setEditors(ctx.meetingId, participant, participantIds);
  },

  async minutesRefreshAttendance(session, _payload, services) {
    const { ctx, participant } = caller(session, services);
    services.minutes.checkWrite(ctx.meetingId, participant);
    return { count: await services.minutes.refreshAttendance(ctx.meetingId) };
  },
};
