// Who may do what in a meeting: one pure table (action × role → allowed). The server authorises every request with
// it before a handler runs; the renderer uses the same table to hide what a role cannot do. Hiding is comfort,
// the server's check is the security. Which action each signalling request needs is common/requestActions.ts.
import { MEETING_ROLES, type MeetingRole } from './roles.ts';

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
  /** Share a screen (connection points only when the meeting's policy allows: common/screenShare.ts). */
  'screen.share',
  /** Answer a waiting request to share, stop anyone's share. */
  'screen.control',
  /** The meeting's media policy: who may share, whether and by whom it is recorded. */
  'media.policy',
  /** Start and stop the recording (the secretary only when the chair allows: common/screenShare.ts). */
  'recording.control',
  /** Play and download the meeting's recordings. */
  'recording.view',
  'recording.delete',
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
  // Guests watch a share and the recording indicator; they never share, record or fetch the recording.
  'screen.share': ['chair', 'secretary', 'delegate'],
  'screen.control': CHAIR,
  'media.policy': CHAIR,
  'recording.control': HOSTS,
  'recording.view': ['chair', 'secretary', 'delegate'],
  'recording.delete': CHAIR,
};

export function can(role: MeetingRole, action: Action): boolean {
  return PERMISSIONS[action].includes(role);
}
