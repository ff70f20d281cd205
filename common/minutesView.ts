// The minutes as the protocol carries them beside the Yjs document: lifecycle state, versions, who did what when,
// review comments, signatures, filing status, and the automatic timeline. Types and small pure rules only; the
// content itself travels as the Yjs document (common/minutesDoc.ts).
import type {
  LifecycleAction,
  LifecycleEvent,
  MinutesState,
  SignatureRecord,
  TimelineKind,
  VoteResult,
} from './minutes.ts';
import { availableActions, isEditable } from './minutes.ts';
import type { FilingFollowUps, FilingStatusState } from './minutesFiling.ts';
import type { MeetingRole } from './roles.ts';

export interface MinutesHistoryEntry extends LifecycleEvent {
  actorName: string;
}

/** A saved state of the record: one per lifecycle step (and the first draft), kept for ever. */
export interface MinutesVersionInfo {
  version: number;
  /** What made this version: a lifecycle action, or `created`. */
  action: LifecycleAction | 'created';
  state: MinutesState;
  actorName: string;
  createdAt: string;
  /** The PDF of this version, when one was made (final and signed versions). */
  pdfSha256: string | null;
}

/** A participant's comment on the draft under review (góp ý), on one section or on the whole record. */
export interface MinutesComment {
  id: string;
  sectionId: string | null;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
  resolvedAt: string | null;
}

export { FILING_STATUSES, type FilingStatusState } from './minutesFiling.ts';

/**
 * A status the receiving document system reported back for a filed record (a status message of the edXML axis,
 * QCVN 102:2016): 01 arrived, 02 rejected, 03 accepted, 04 assigned, 05 being processed, 06 completed; 13, 15, 16 a
 * recall or update requested, accepted, refused.
 */
export interface ReceiverStatus {
  /** Two-digit StatusCode. */
  code: string;
  /** When the receiving system says it happened (ISO 8601). */
  at: string;
  /** Mã định danh and name of the receiving organisation. */
  organId: string;
  organName: string;
  description: string | null;
  /** Who there, and in which department, when the message says. */
  staff: string | null;
  department: string | null;
}

/** StatusCode of a refusal by the receiving system. */
export const RECEIVER_STATUS_REJECTED = '02';

/** Each receiver's current status: its last in a list kept oldest first. */
export function latestReceiverStatuses(statuses: readonly ReceiverStatus[]): ReceiverStatus[] {
  const latest = new Map<string, ReceiverStatus>();
  for (const status of statuses) latest.set(status.organId, status);
  return [...latest.values()];
}

export interface FilingStatus {
  state: FilingStatusState;
  /** The archive adapter: embedded, webdav, edxml. */
  target: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: { code: string; detail: string } | null;
  /** Once filed: where the record lives. */
  receipt: { archive: string; id: string; location: string | null; filedAt: string; version: number | null } | null;
  /** What the receiving systems reported, oldest first (edXML only; empty elsewhere). */
  receiverStatuses: ReceiverStatus[];
  /** A receiver refused it (its latest status is 02): the secretary may file it again. */
  refileOffered: boolean;
  /** Every package sent for the record (first filing, filings again, updates, recall) and what they came to. */
  followUps: FilingFollowUps;
}

export interface MinutesView {
  id: string;
  meetingId: string;
  state: MinutesState;
  /** Số of the record, assigned when finalised. */
  number: string | null;
  signatures: SignatureRecord[];
  history: MinutesHistoryEntry[];
  versions: MinutesVersionInfo[];
  /** Participants invited to write with the secretary (the chair is one by default). */
  coEditorIds: string[];
  comments: MinutesComment[];
  filing: FilingStatus | null;
  /** The archive filing goes to (configuration). */
  archive: string;
  updatedAt: string;
}

/**
 * The caller's signing certificate as the server knows it (never a key): one their account registered, or a demo
 * identity (key held by a demo server).
 */
export interface SigningIdentityInfo {
  kind: 'demo' | 'certificate';
  /** How the key signs: the desktop's USB token, a remote-signing provider, a certificate file opened where the
   * person is; the demo identities sign on the server. */
  method: 'demo' | 'token' | 'remote' | 'file';
  subject: string;
  issuer: string;
  notAfter: string;
  /** The certificate's SHA-256 (hex): how a token's certificate is matched with the registered one. */
  sha256: string;
}

/** PAdES baseline levels (ETSI EN 319 142-1): a timestamp makes B-T, validation data in the PDF B-LT, a document
 * timestamp over it all B-LTA. */
export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/**
 * A signature the server prepared and waits for: the signer (the desktop's token, a remote provider, a file opened
 * in the browser) signs `signedAttributes` — SHA-256 with its key; `hash` is that SHA-256 for signers that sign a
 * hash — and sends the signature back with `signatureId` before `expiresAt`.
 */
export interface MinutesSignPrepared {
  signatureId: string;
  /** Base64 DER of the CMS signed attributes (content type, message digest of the PDF, signing certificate). */
  signedAttributes: string;
  /** Base64 SHA-256 of signedAttributes. */
  hash: string;
  keyType: 'rsa' | 'ec';
  /** The certificate that must sign, as registered (shown to the signer before the PIN is asked). */
  certificate: { subject: string; issuer: string; sha256: string };
  /** Base64 SHA-256 of the prepared PDF's signed byte ranges. */
  documentDigest: string;
  /** The level the signature will have once embedded (configuration: TSA, revocation data). */
  level: SignatureLevel;
  expiresAt: string;
}

/** How a remote signature ended (the signer confirmed or refused on the phone, or nobody answered in time). */
export interface MinutesSignRemoteResult {
  signatureId: string;
  state: 'signed' | 'rejected' | 'expired' | 'failed';
  detail?: string;
}

export interface MinutesOpenResponse {
  minutes: MinutesView;
  identity: SigningIdentityInfo | null;
}

/** An automatic event of the meeting the secretary can insert into the record (who spoke, documents, votes). */
export interface MinutesTimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind;
  /** The agenda item under way at that moment. */
  agendaItemId: string | null;
  actor: string | null;
  text: string;
  /** A speech: who had the floor, and for how long. */
  speaker: { id: string; name: string; connectionPoint: string | null } | null;
  endedAt: string | null;
  /** A closed vote: its result in the record's terms (when its options are the usual three). */
  vote: { question: string; result: VoteResult | null; summary: string } | null;
}

export const MINUTES_EXPORT_FORMATS = ['pdf', 'docx'] as const;
export type MinutesExportFormat = (typeof MINUTES_EXPORT_FORMATS)[number];

export interface MinutesExportProgress {
  exportId: string;
  format: MinutesExportFormat;
  phase: 'layout' | 'fonts' | 'write' | 'done';
  done: number;
  total: number;
}

export interface MinutesExportResponse {
  exportId: string;
  /** A short-lived signed path (resolve against the server's origin). */
  url: string;
  fileName: string;
  sha256: string;
  size: number;
  expiresAt: string;
}

export interface MinutesParticipant {
  id: string;
  role: MeetingRole;
}

/** May this participant write in the record now? The secretary and invited co-editors, while it is not locked. */
export function canEditMinutes(view: Pick<MinutesView, 'state' | 'coEditorIds'>, actor: MinutesParticipant): boolean {
  if (!isEditable(view.state)) return false;
  return actor.role === 'secretary' || view.coEditorIds.includes(actor.id);
}

/** The lifecycle buttons to enable for this participant (the server checks again). */
export function minutesActions(
  view: Pick<MinutesView, 'state' | 'signatures'>,
  actor: MinutesParticipant,
): LifecycleAction[] {
  if (actor.role === 'guest') return [];
  return availableActions(
    { lifecycle: { state: view.state, signatures: view.signatures, filingReceipt: null, history: [] } },
    { id: actor.id, role: actor.role },
  );
}
