// Server → client notifications of the signalling protocol: each name with its payload. Part of the one protocol
// (protocol.ts types the socket.io server and client with it); kept apart so that each file stays one screenful.
import type { AppError } from './errors.ts';
import type {
  AgendaState,
  ChatMessage,
  FloorState,
  MicPolicy,
  SpeakingRequest,
  StatusAlert,
  StatusEntry,
  VoteInfo,
  VoteProgress,
  WaitingGuest,
} from './meeting.ts';
import type { PeerInfo } from './meetingInfo.ts';
import type { Binary, DocumentInfo, PresenterState, SyncRef } from './documents.ts';
import type { MinutesExportProgress, MinutesSignRemoteResult, MinutesView } from './minutesView.ts';
import type { NewConsumer } from './media.ts';
import type { SharingNotificationMap } from './sharingProtocol.ts';

/** Server → client notifications. */
export interface NotificationMap extends SharingNotificationMap {
  peerJoined: PeerInfo;
  peerUpdated: PeerInfo;
  peerLeft: { peerId: string };
  newConsumer: NewConsumer;
  consumerClosed: { consumerId: string };
  consumerPaused: { consumerId: string; paused: boolean };
  activeSpeaker: { peerId: string | null };
  /** The SFU process serving this meeting restarted: the client re-creates its transports without a reload. */
  mediaRestart: { reason: string };
  /** A request sent without an acknowledgement callback was rejected; requests with one get the error there. */
  requestRejected: { request: string; error: AppError };

  // Waiting room (to chair + secretary) and its answer (to the knocking guest, who is not joined yet).
  waitingRoomChanged: { guests: WaitingGuest[] };
  /** The chair admitted this guest: join with `token` (valid for this guest only, revoked if removed). */
  admitted: { token: string };
  admissionDeclined: { waitingId: string };
  meetingLocked: { locked: boolean };

  // Microphones and cameras.
  /** To the participant the chair muted; `canSelfUnmute` false means ask with `requestUnmute`. */
  mutedByChair: { canSelfUnmute: boolean };
  micPolicyChanged: MicPolicy;
  /** To the chair: a participant asks to be allowed to unmute. */
  unmuteRequested: { peerId: string; name: string };
  /** To the participant who asked: when allowed, the client unmutes itself. */
  unmuteAnswer: { allowed: boolean };
  cameraStopped: Record<string, never>;

  // Floor, spotlight, queue. Everyone receives these: every client shows the speaker spotlighted.
  floorChanged: { floor: FloorState | null };
  /** The speaker's time is up; the chair decides what happens (nothing is cut automatically). */
  floorTimeUp: { peerId: string };
  spotlightChanged: { peerId: string | null };
  speakingQueue: { queue: SpeakingRequest[] };
  /** To the requester whose raised hand the chair declined. */
  speakingRequestDeclined: Record<string, never>;

  agendaChanged: AgendaState;
  /** To a participant taken out of the meeting, just before the server disconnects them. */
  removedFromMeeting: { reason: 'removed' | 'invitation_revoked' | 'meeting_ended' };
  meetingEnded: { endedAt: string };

  voteOpened: VoteInfo;
  /** To the chair only: the live count. */
  voteProgress: VoteProgress;
  /** To everyone: the vote closed, with its result. */
  voteClosed: VoteInfo;

  chatMessage: ChatMessage;

  /** To chair + secretary: one status board entry changed (joined, left, media, network). */
  statusChanged: StatusEntry;
  /** To chair + secretary: a connection point dropped, came back, or its network turned poor. */
  statusAlert: StatusAlert;

  /** A document was added to an agenda item, or a new version uploaded. */
  documentsChanged: { document: DocumentInfo };
  /** Another connection's Yjs update to a document this connection opened (a private layer: only the owner's). */
  syncRemoteUpdate: { doc: SyncRef; update: Binary };
  /** Awareness (cursors, laser pointer) of others on a shared layer this connection opened. */
  syncRemoteAwareness: { doc: SyncRef; update: Binary };
  /** Who presents and where; sent to everyone on every change. */
  presenterChanged: PresenterState;

  /** The record's lifecycle, versions, comments, signatures or filing changed; to everyone in the meeting. */
  minutesChanged: MinutesView;
  /** To the participant who asked for an export. */
  minutesExportProgress: MinutesExportProgress;
  /** To the signer: how the remote signature ended. */
  minutesSignRemoteResult: MinutesSignRemoteResult;
}
