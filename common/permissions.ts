// Who may do what in a meeting: one pure table (action × role → allowed). The server authorises every request with
// it before a handler runs; the renderer uses the same table to hide what a role cannot do. Hiding is comfort,
// the server's check is the security.
import type { RequestName } from './protocol.ts';

/** Everyone who can be in a meeting: the invited roles, plus guests admitted from the waiting room. */
export const MEETING_ROLES = ['chair', 'secretary', 'delegate', 'guest'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

export const ACTIONS = [
  /** Media, reading the meeting state and chat history, reporting network stats, leaving. */
  'meeting.attend',
  'chat.send',
  /** A private message to one named participant (everyone may write to chair + secretary). */
  'chat.direct',
  'hand.raise',
  'unmute.request',
  'vote.cast',
  /** Status board, attendance (roll call), audit log, waiting room list. */
  'board.view',
  /** Guest links, revoking an invitation. */
  'invite.manage',
  'guest.admit',
  'meeting.lock',
  'mic.mute',
  'unmute.answer',
  'camera.stop',
  /** Give and end the floor, decline and reorder speaking requests. */
  'floor.control',
  'spotlight.set',
  'participant.remove',
  'agenda.control',
  'meeting.end',
  /** Open and close votes; receives the live count. */
  'vote.manage',
  /** Upload agenda documents and new versions (HTTP API). Reading and annotating come with `meeting.attend`. */
  'document.manage',
  /** Take the presenter role or hand it over (follow-me). */
  'presenter.assign',
  /** Comment on the minutes under review (góp ý dự thảo biên bản). */
  'minutes.comment',
  /**
   * Write in the minutes and use the timeline and attendance tools: the roles that can be co-editors. Whether this
   * participant is one (the secretary always is) is checked by the handlers against the record's editors.
   */
  'minutes.write',
  /** Download the record (PDF, DOCX). */
  'minutes.export',
  /** Move the record along its lifecycle (each step's role is checked by common/minutes.ts) and sign it. */
  'minutes.lifecycle',
  /** Invite co-editors, resolve comments, file the signed record: the secretary's work. */
  'minutes.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: readonly MeetingRole[] = MEETING_ROLES;
const HOSTS: readonly MeetingRole[] = ['chair', 'secretary'];
const CHAIR: readonly MeetingRole[] = ['chair'];

export const PERMISSIONS: Readonly<Record<Action, readonly MeetingRole[]>> = {
  'meeting.attend': ALL,
  'chat.send': ALL,
  'chat.direct': HOSTS,
  // The chair gives the floor; everyone else asks for it.
  'hand.raise': ['secretary', 'delegate', 'guest'],
  'unmute.request': ['secretary', 'delegate', 'guest'],
  // Delegates (one per connection point) and the chair decide; the secretary records, guests observe.
  'vote.cast': ['chair', 'delegate'],
  'board.view': HOSTS,
  // The secretary prepares invitations and guest links; admitting an unknown person is the chair's decision.
  'invite.manage': HOSTS,
  'guest.admit': CHAIR,
  'meeting.lock': CHAIR,
  'mic.mute': CHAIR,
  'unmute.answer': CHAIR,
  'camera.stop': CHAIR,
  'floor.control': CHAIR,
  'spotlight.set': CHAIR,
  'participant.remove': CHAIR,
  'agenda.control': CHAIR,
  'meeting.end': CHAIR,
  'vote.manage': CHAIR,
  // The secretary manages the documents; the chair may too.
  'document.manage': HOSTS,
  'presenter.assign': CHAIR,
  // Guests (admitted from the waiting room) read the record; the invited participants comment, write when invited
  // and download it.
  'minutes.comment': ['chair', 'secretary', 'delegate'],
  'minutes.write': ['chair', 'secretary', 'delegate'],
  'minutes.export': ['chair', 'secretary', 'delegate'],
  'minutes.lifecycle': HOSTS,
  'minutes.manage': ['secretary'],
};

export function can(role: MeetingRole, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}

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
  minutesSetEditors: 'minutes.manage',
  minutesResolveComment: 'minutes.manage',
  minutesFile: 'minutes.manage',
};

/** The requests a role may send once joined (for a UI that wants the list rather than the table). */
export function allowedRequests(role: MeetingRole): RequestName[] {
  return (Object.keys(REQUEST_ACTIONS) as RequestName[]).filter((name) => {
    const action = REQUEST_ACTIONS[name];
    return action !== 'public' && can(role, action);
  });
}
