// Recording the meeting: start and stop (the chair, and the secretary when the chair allows), the meeting's
// recordings, a signed URL to play one, and deleting one (the chair).
import { AppFailure } from '../../../common/errors.ts';
import { mayControlRecording } from '../../../common/screenShare.ts';
import { RECORDING_URL_TTL_SECONDS, signedRecordingUrl } from '../../recording/recordingUrls.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext, type MeetingContext } from '../meetingContext.ts';
import type { Services } from '../../services.ts';

type RecordingRequests = 'startRecording' | 'stopRecording' | 'listRecordings' | 'recordingUrl' | 'deleteRecording';

function mayControl(ctx: MeetingContext, services: Services): void {
  const policy = services.recordings.policies.get(ctx.meetingId);
  if (!policy.recordingAllowed)
    throw new AppFailure('forbidden', 'this meeting is not recorded', 'recording_forbidden');
  if (!mayControlRecording(ctx.peer.participant.role, policy)) {
    throw new AppFailure('forbidden', 'the chair has not allowed the secretary to record', 'recording_not_allowed');
  }
}

const actorOf = (ctx: MeetingContext) => ({ id: ctx.peer.id, name: ctx.peer.participant.name });

export const recordingHandlers: Pick<HandlerMap, RecordingRequests> = {
  async startRecording(session, _payload, services) {
    const ctx = meetingContext(session, services);
    mayControl(ctx, services);
    return services.recordings.start(ctx.live, actorOf(ctx));
  },

  async stopRecording(session, _payload, services) {
    const ctx = meetingContext(session, services);
    mayControl(ctx, services);
    return services.recordings.stop(ctx.meetingId, 'stopped', actorOf(ctx));
  },

  async listRecordings(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return { recordings: services.recordings.list(ctx.meetingId) };
  },

  async recordingUrl(session, { recordingId }, services) {
    const ctx = meetingContext(session, services);
    const recording = services.recordings.store.get(recordingId);
    if (!recording || recording.meetingId !== ctx.meetingId || recording.status !== 'ready') {
      throw new AppFailure('not_found', `no finished recording ${recordingId}`);
    }
    if (!ctx.peer.invitationId) throw new AppFailure('forbidden', 'this connection holds no invitation');
    const exp = Math.floor(Date.now() / 1000) + RECORDING_URL_TTL_SECONDS;
    const url = signedRecordingUrl(services.tokenSecret, {
      recordingId,
      participantId: ctx.peer.id,
      invitationId: ctx.peer.invitationId,
      exp,
    });
    return { url, expiresAt: new Date(exp * 1000).toISOString() };
  },

  async deleteRecording(session, { recordingId }, services) {
    const ctx = meetingContext(session, services);
    await services.recordings.delete(recordingId, ctx.meetingId, actorOf(ctx));
    return {};
  },
};
