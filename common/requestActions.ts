// The action each signalling request needs, keyed by the protocol's request names: the bridge between the protocol
// (common/protocol.ts) and the permission table (common/permissions.ts), kept apart so that neither imports the other.
import { can, type Action } from './permissions.ts';
import type { RequestName } from './protocol.ts';
import type { MeetingRole } from './roles.ts';

/**
 * The action each signalling request needs. `public` requests are the ones made before a role exists (joining,
 * knocking at the waiting room); their token is their authorisation. A request added to the protocol without an
 * entry here is a type error, so nothing reaches a handler unclassified.
 */
export const REQUEST_ACTIONS: Readonly<Record<RequestName, Action | 'public'>> = {
  join: 'public',
  knock: 'public',
  leave: 'meeting.attend',
  createTransport: 'meeting.attend',
  connectTransport: 'meeting.attend',
  restartIce: 'meeting.attend',
  produce: 'meeting.attend',
  setProducerPaused: 'meeting.attend',
  closeProducer: 'meeting.attend',
  ready: 'meeting.attend',
  resumeConsumer: 'meeting.attend',
  setConsumerVisible: 'meeting.attend',
  meetingState: 'meeting.attend',
  reportStats: 'meeting.attend',
  chatHistory: 'meeting.attend',
  listVotes: 'meeting.attend',
  sendChat: 'chat.send',
  raiseHand: 'hand.raise',
  lowerHand: 'hand.raise',
  requestUnmute: 'unmute.request',
  castVote: 'vote.cast',
  statusBoard: 'board.view',
  attendance: 'board.view',
  auditLog: 'board.view',
  waitingRoom: 'board.view',
  createGuestLink: 'invite.manage',
  revokeInvitation: 'invite.manage',
  admitGuest: 'guest.admit',
  declineGuest: 'guest.admit',
  lockMeeting: 'meeting.lock',
  muteParticipant: 'mic.mute',
  muteAll: 'mic.mute',
  answerUnmute: 'unmute.answer',
  stopCamera: 'camera.stop',
  giveFloor: 'floor.control',
  endFloor: 'floor.control',
  declineHand: 'floor.control',
  moveHand: 'floor.control',
  spotlight: 'spotlight.set',
  removeParticipant: 'participant.remove',
  setAgendaItem: 'agenda.control',
  nextAgendaItem: 'agenda.control',
  endMeeting: 'meeting.end',
  openVote: 'vote.manage',
  closeVote: 'vote.manage',
  // Documents and annotations: everyone reads and annotates; a private layer is checked against its owner and the
  // presenter's view against the presenter by the handlers.
  listDocuments: 'meeting.attend',
  documentUrl: 'meeting.attend',
  syncOpen: 'meeting.attend',
  syncUpdate: 'meeting.attend',
  syncAwareness: 'meeting.attend',
  syncClose: 'meeting.attend',
  presenterState: 'meeting.attend',
  presenterView: 'meeting.attend',
  setPresenter: 'presenter.assign',
  // Minutes: everyone reads the record's state; the handlers check co-editors and each lifecycle step's role.
  minutesOpen: 'meeting.attend',
  minutesComment: 'minutes.comment',
  minutesTimeline: 'minutes.write',
  minutesRefreshAttendance: 'minutes.write',
  minutesExport: 'minutes.export',
  minutesAction: 'minutes.lifecycle',
  minutesSign: 'minutes.lifecycle',
  minutesSignPrepare: 'minutes.lifecycle',
  minutesSignComplete: 'minutes.lifecycle',
  minutesSignCancel: 'minutes.lifecycle',
  minutesSignRemote: 'minutes.lifecycle',
  minutesSetEditors: 'minutes.manage',
  minutesResolveComment: 'minutes.manage',
  minutesFile: 'minutes.manage',
  // The chair or the secretary: they signed the record (checked again by the handler).
  minutesFollowUp: 'minutes.lifecycle',
  // Screen sharing and recording: the policy (delegates sharing, the secretary recording) is checked by the handlers.
  mediaState: 'meeting.attend',
  shareScreen: 'screen.share',
  stopScreenShare: 'screen.share',
  answerScreenShare: 'screen.control',
  endScreenShare: 'screen.control',
  setMediaPolicy: 'media.policy',
  startRecording: 'recording.control',
  stopRecording: 'recording.control',
  listRecordings: 'recording.view',
  recordingUrl: 'recording.view',
  deleteRecording: 'recording.delete',
};

/** The requests a role may send once joined (for a UI that wants the list rather than the table). */
export function allowedRequests(role: MeetingRole): RequestName[] {
  return (Object.keys(REQUEST_ACTIONS) as RequestName[]).filter((name) => {
    const action = REQUEST_ACTIONS[name];
    return action !== 'public' && can(role, action);
  });
}
