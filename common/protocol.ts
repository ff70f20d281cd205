// The signalling protocol between the renderer and the server: one place that names every message, its payload
// schema (validated at the server edge) and its response type. The socket.io server and client are typed from here.
// It consumes the domain modules beside it (roles, meeting info, meeting, media, documents, minutes) and none of
// them imports it back; the media requests' schemas are grouped in media.ts and registered here with the others.
import { z } from 'zod';
import { guestLinkSchema } from './api.ts';
import type { AppError } from './errors.ts';
import {
  CHAT_AUDIENCES,
  type AgendaState,
  type AttendanceRecord,
  type AuditEntry,
  type ChatMessage,
  type FloorState,
  type MeetingState,
  type NetworkQuality,
  type SpeakingRequest,
  type StatusEntry,
  type VoteInfo,
  type WaitingGuest,
} from './meeting.ts';
import type { MeetingRole } from './roles.ts';
import type { MeetingInfo, PeerInfo } from './meetingInfo.ts';
import {
  ANNOTATION_LAYERS,
  type Binary,
  type DocumentInfo,
  type DocumentLimits,
  type PresenterState,
} from './documents.ts';
import {
  MINUTES_EXPORT_FORMATS,
  type MinutesComment,
  type MinutesExportResponse,
  type MinutesOpenResponse,
  type MinutesSignPrepared,
  type MinutesTimelineEntry,
  type MinutesView,
} from './minutesView.ts';
import { filingFollowUpSchema } from './minutesFiling.ts';
import { mediaRequestSchemas, type MediaResponseMap } from './media.ts';
import { sharingRequestSchemas, type SharingResponseMap } from './sharingProtocol.ts';
import type { NotificationMap } from './notifications.ts';
import { empty, id } from './schemaFields.ts';
import { MAX_VOTE_OPTIONS, MIN_VOTE_OPTIONS } from './votes.ts';

export { MEDIA_SOURCES, type MediaSource, type NewConsumer, type TransportOptions } from './media.ts';

/** Largest accepted request payload, as JSON text; anything bigger is answered with `too_large`. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** Binary attachments (Yjs updates) are counted apart from the JSON text, against this larger limit. */
export const MAX_BINARY_REQUEST_BYTES = 256 * 1024;

// Yjs updates, state vectors and awareness updates; their size is checked at the edge (MAX_BINARY_REQUEST_BYTES)
// and by the sync handlers (common/documents.ts).
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected binary data');
const version = z.number().int().min(1).max(1_000_000);
const docRef = z.object({ documentId: id, version, layer: z.enum(ANNOTATION_LAYERS), owner: id.optional() }).strict();
const syncRef = z.union([docRef, z.object({ layer: z.literal('minutes') }).strict()]);
const fraction = z.number().min(0).max(1);

export const requestSchemas = {
  join: z.object({ token: z.string().min(10).max(4096) }).strict(),
  // Transports, producers and consumers on the SFU (media.ts).
  ...mediaRequestSchemas,
  // Screen sharing and recording (sharingProtocol.ts).
  ...sharingRequestSchemas,
  leave: z.object({}).strict(),

  // Waiting room and access. `knock` is made before joining, with a guest link.
  knock: z.object({ token: z.string().min(10).max(4096), name: z.string().trim().min(1).max(120) }).strict(),
  waitingRoom: empty,
  admitGuest: z.object({ waitingId: id }).strict(),
  declineGuest: z.object({ waitingId: id }).strict(),
  lockMeeting: z.object({ locked: z.boolean() }).strict(),
  /** The same body as the office's HTTP route for guest links (common/api.ts). */
  createGuestLink: guestLinkSchema,
  revokeInvitation: z.object({ participantId: id }).strict(),
  meetingState: empty,

  // Chair controls over microphones and cameras.
  muteParticipant: z.object({ peerId: id }).strict(),
  muteAll: z.object({ allowSelfUnmute: z.boolean() }).strict(),
  requestUnmute: empty,
  answerUnmute: z.object({ peerId: id, allow: z.boolean() }).strict(),
  stopCamera: z.object({ peerId: id }).strict(),

  // The floor, spotlight and speaking requests (xin phát biểu).
  giveFloor: z.object({ peerId: id, seconds: z.number().int().min(10).max(3600).optional() }).strict(),
  endFloor: z.object({ mute: z.boolean().optional() }).strict(),
  spotlight: z.object({ peerId: id.nullable() }).strict(),
  raiseHand: z.object({ topic: z.string().trim().max(200).optional() }).strict(),
  lowerHand: empty,
  declineHand: z.object({ peerId: id }).strict(),
  moveHand: z.object({ peerId: id, position: z.number().int().min(0).max(10_000) }).strict(),

  // Running the meeting.
  removeParticipant: z.object({ peerId: id, ban: z.boolean().optional() }).strict(),
  setAgendaItem: z.object({ index: z.number().int().min(0).max(1000) }).strict(),
  nextAgendaItem: empty,
  endMeeting: empty,

  // Votes (biểu quyết).
  openVote: z
    .object({
      question: z.string().trim().min(1).max(500),
      options: z.array(z.string().trim().min(1).max(200)).min(MIN_VOTE_OPTIONS).max(MAX_VOTE_OPTIONS),
      secret: z.boolean(),
      durationSeconds: z.number().int().min(10).max(3600),
      agendaItemId: id.optional(),
    })
    .strict(),
  castVote: z
    .object({
      voteId: id,
      option: z
        .number()
        .int()
        .min(0)
        .max(MAX_VOTE_OPTIONS - 1),
    })
    .strict(),
  closeVote: z.object({ voteId: id }).strict(),
  listVotes: empty,

  // Chat. Text length is checked by the handler so that an oversized message gets `too_large`, not a schema error.
  sendChat: z
    .object({ text: z.string().max(MAX_REQUEST_BYTES), audience: z.enum(CHAT_AUDIENCES), toPeerId: id.optional() })
    .strict(),
  chatHistory: empty,

  // Connection status board, attendance, audit.
  reportStats: z
    .object({
      rttMs: z.number().min(0).max(60_000).nullable(),
      lossPct: z.number().min(0).max(100).nullable(),
      sendKbps: z.number().min(0).max(1_000_000).nullable(),
      recvKbps: z.number().min(0).max(1_000_000).nullable(),
    })
    .strict(),
  statusBoard: empty,
  attendance: empty,
  auditLog: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),

  // Agenda documents. Uploads go over HTTP (docs/documents.md); here: the list and a download URL.
  listDocuments: empty,
  /** A short-lived signed URL for one version (the current one when `version` is left out). */
  documentUrl: z.object({ documentId: id, version: version.optional() }).strict(),

  // Annotation sync: y-protocols sync over this connection, one Yjs document per DocRef.
  /** Sync step 1: the client's state vector; answered with step 2 (what it lacks) and the server's state vector. */
  syncOpen: z.object({ doc: syncRef, stateVector: bytes }).strict(),
  /** A Yjs update; acknowledged only once it is durably stored. */
  syncUpdate: z.object({ doc: syncRef, update: bytes }).strict(),
  /** A y-protocols awareness update (cursor, laser pointer) on a shared layer; relayed, never stored. */
  syncAwareness: z.object({ doc: syncRef, update: bytes }).strict(),
  syncClose: z.object({ doc: syncRef }).strict(),

  // Presenter follow-me.
  presenterState: empty,
  /** The chair takes (own id) or hands over (another participant's id) the presenter role; null: nobody presents. */
  setPresenter: z.object({ peerId: id.nullable() }).strict(),
  /** The presenter's document, page, zoom and scroll; only the presenter may send it. */
  presenterView: z
    .object({
      documentId: id,
      version,
      page: z.number().int().min(1).max(100_000),
      zoom: z.number().min(0.05).max(20),
      fit: z.enum(['width', 'page']).nullable(),
      scrollX: fraction,
      scrollY: fraction,
    })
    .strict(),

  // Minutes. The content is the Yjs document `{ layer: 'minutes' }` over the sync requests above (written
  // by the secretary and co-editors only); these carry its lifecycle, versions, comments, signatures, exports, filing.
  /** The record's state (created from the meeting on first use) and the caller's signing identity. */
  minutesOpen: empty,
  minutesAction: z.discriminatedUnion('action', [
    z.object({ action: z.literal('submitForReview') }).strict(),
    z.object({ action: z.literal('returnToDraft'), note: z.string().trim().max(500).optional() }).strict(),
    z.object({ action: z.literal('finalise'), number: z.string().trim().min(1).max(20).optional() }).strict(),
    z.object({ action: z.literal('reopen'), note: z.string().trim().min(1).max(500) }).strict(),
  ]),
  /** Signs the final record in the caller's role (secretary, then chair) with a demo identity (demo server only). */
  minutesSign: empty,
  /**
   * Prepares the caller's signature of the final record with a certificate their account registered (the most
   * recent unless named): checked (trust, revocation), the PDF made ready, the signed attributes to sign returned.
   */
  minutesSignPrepare: z
    .object({
      certificateSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    })
    .strict(),
  /** The signer's signature (base64) over the prepared signed attributes: verified, timestamped, embedded. */
  minutesSignComplete: z
    .object({
      signatureId: id,
      signature: z
        .string()
        .max(4096)
        .regex(/^[A-Za-z0-9+/=]+$/),
    })
    .strict(),
  /** Gives up a prepared signature (a PIN dialog cancelled); nothing was written. */
  minutesSignCancel: z.object({ signatureId: id }).strict(),
  /**
   * Sends a prepared signature to the remote-signing provider: the signer confirms on the phone; the end comes as
   * `minutesSignRemoteResult` (and `minutesChanged` once signed).
   */
  minutesSignRemote: z.object({ signatureId: id }).strict(),
  /** Renders the record (or a saved version) and answers with a short-lived download URL; progress as notifications. */
  minutesExport: z
    .object({ format: z.enum(MINUTES_EXPORT_FORMATS), version: z.number().int().min(1).max(100_000).optional() })
    .strict(),
  /** Queues the signed record for the configured archive (or retries a failed filing). */
  minutesFile: empty,
  /** Sends an update, replacement or recall of the filed record (edXML), naming the original by its DocumentId. */
  minutesFollowUp: filingFollowUpSchema,
  minutesComment: z.object({ sectionId: id.nullable(), text: z.string().trim().min(1).max(2000) }).strict(),
  minutesResolveComment: z.object({ commentId: id }).strict(),
  /** Who spoke when, documents shown, votes: the automatic timeline the secretary can insert. */
  minutesTimeline: empty,
  minutesSetEditors: z.object({ participantIds: z.array(id).max(500) }).strict(),
  /** Brings the record's attendance up to date with who has joined the meeting. */
  minutesRefreshAttendance: empty,
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>;

export interface JoinResponse {
  self: PeerInfo;
  meeting: MeetingInfo;
  routerRtpCapabilities: unknown;
  peers: PeerInfo[];
  activeSpeakerId: string | null;
  /** The joining participant's role for permissions (`common/permissions.ts`); always sent by this server. */
  selfRole?: MeetingRole;
  /** Agenda, floor, queue, votes at the moment of joining; always sent by this server. */
  state?: MeetingState;
}

export interface MeetingStateResponse {
  role: MeetingRole;
  state: MeetingState;
}

type Empty = Record<string, never>;

export interface ResponseMap extends MediaResponseMap, SharingResponseMap {
  join: JoinResponse;
  leave: Record<string, never>;
  knock: { waitingId: string };
  waitingRoom: { guests: WaitingGuest[] };
  admitGuest: { participantId: string };
  declineGuest: Empty;
  lockMeeting: Empty;
  /** `invitationId`: what revokes the link (POST /api/meetings/<id>/invitations/<invitationId>/revoke-link). */
  createGuestLink: { url: string; token: string; expiresAt: string; invitationId: string };
  revokeInvitation: { revoked: number };
  meetingState: MeetingStateResponse;
  muteParticipant: Empty;
  muteAll: { muted: number };
  requestUnmute: Empty;
  answerUnmute: Empty;
  stopCamera: Empty;
  giveFloor: { floor: FloorState };
  endFloor: Empty;
  spotlight: Empty;
  raiseHand: { position: number };
  lowerHand: Empty;
  declineHand: Empty;
  moveHand: { queue: SpeakingRequest[] };
  removeParticipant: Empty;
  setAgendaItem: AgendaState;
  nextAgendaItem: AgendaState;
  endMeeting: Empty;
  openVote: VoteInfo;
  castVote: { voteId: string; option: number };
  closeVote: VoteInfo;
  listVotes: { votes: VoteInfo[] };
  sendChat: ChatMessage;
  chatHistory: { messages: ChatMessage[] };
  reportStats: { quality: NetworkQuality };
  statusBoard: { entries: StatusEntry[] };
  attendance: { records: AttendanceRecord[] };
  auditLog: { entries: AuditEntry[] };
  listDocuments: { documents: DocumentInfo[]; limits: DocumentLimits };
  /** `url` is a path: resolve it against the server's origin. Valid until `expiresAt`. */
  documentUrl: { url: string; expiresAt: string; version: number; sha256: string };
  /** `update`: what the client lacks (apply it); `stateVector`: the server's (send what the server lacks). */
  syncOpen: { update: Binary; stateVector: Binary; awareness: Binary | null };
  /** `seq`: the update's position in the durable log; the update is stored when this arrives. */
  syncUpdate: { seq: number };
  syncAwareness: Empty;
  syncClose: Empty;
  presenterState: PresenterState;
  setPresenter: PresenterState;
  presenterView: { seq: number };
  minutesOpen: MinutesOpenResponse;
  minutesAction: MinutesView;
  minutesSign: MinutesView;
  minutesSignPrepare: MinutesSignPrepared;
  minutesSignComplete: MinutesView;
  minutesSignCancel: Empty;
  minutesSignRemote: { state: 'waiting'; expiresAt: string };
  minutesExport: MinutesExportResponse;
  minutesFile: MinutesView;
  minutesFollowUp: MinutesView;
  minutesComment: MinutesComment;
  minutesResolveComment: Empty;
  minutesTimeline: { entries: MinutesTimelineEntry[] };
  minutesSetEditors: MinutesView;
  minutesRefreshAttendance: { count: number };
}

export type { NotificationMap } from './notifications.ts';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppError };

export type ClientToServerEvents = {
  [K in RequestName]: (payload: RequestPayload<K>, ack: (response: Ack<ResponseMap[K]>) => void) => void;
};

export type ServerToClientEvents = {
  [K in keyof NotificationMap]: (payload: NotificationMap[K]) => void;
};
