// What can be done to a record after it is filed, shared by server and renderer: the follow-ups of QCVN 102:2016's
// business types — an update (cập nhật), a replacement (thay thế) or a recall (thu hồi) of the document sent — who
// may ask for them, when they are offered, and the history of packages sent for a record as the view carries it.
// The server checks every rule again (server/minutes/followUps.ts); the UI only follows them.
import { z } from 'zod';
import { LIFECYCLE_RULES } from './minutes.ts';
import type { MeetingRole } from './roles.ts';

/** Where a filing job stands in the queue (minutesView.ts re-exports these with the rest of the view). */
export const FILING_STATUSES = ['queued', 'filing', 'retrying', 'filed', 'failed'] as const;
export type FilingStatusState = (typeof FILING_STATUSES)[number];

/** The part of a record's filing status the rules below read. */
interface FiledState {
  state: FilingStatusState;
  target: string;
  receipt: object | null;
}

export const FILING_FOLLOW_UP_KINDS = ['update', 'replace', 'recall'] as const;
export type FilingFollowUpKind = (typeof FILING_FOLLOW_UP_KINDS)[number];

/** The chair and the secretary of the meeting: the two who signed the record. */
export const FOLLOW_UP_ROLES: readonly MeetingRole[] = ['chair', 'secretary'];

/** Archives whose receivers take follow-ups (the edXML axis); the others keep versions of their own. */
export const FOLLOW_UP_ARCHIVES: readonly string[] = ['edxml'];

export const MAX_FOLLOW_UP_REASON = 500;

/**
 * The request's payload: a recall needs its reason (the receiver is told why the document is withdrawn); an update
 * or a replacement may give one, or the standard's default text is sent.
 */
export const filingFollowUpSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recall'), reason: z.string().trim().min(1).max(MAX_FOLLOW_UP_REASON) }).strict(),
  z.object({ kind: z.literal('update'), reason: z.string().trim().max(MAX_FOLLOW_UP_REASON).optional() }).strict(),
  z.object({ kind: z.literal('replace'), reason: z.string().trim().max(MAX_FOLLOW_UP_REASON).optional() }).strict(),
]);
export type FilingFollowUpRequest = z.infer<typeof filingFollowUpSchema>;

/** One package sent for the record: the first filing, a filing again after a refusal, or a follow-up. */
export interface FiledPackage {
  kind: 'new' | 'resend' | FilingFollowUpKind;
  /** When the archive took it; null while it waits in the queue. */
  sentAt: string | null;
  state: FilingStatusState;
  reason: string | null;
  lastError: { code: string; detail: string } | null;
}

/** What the record's filing has come to after its follow-ups. */
export type FollowUpState = 'none' | 'updatePending' | 'updated' | 'recallPending' | 'recalled';

/** The record's filing history, oldest first, and where its follow-ups stand. */
export interface FilingFollowUps {
  packages: FiledPackage[];
  state: FollowUpState;
}

/** Pending while any follow-up waits; else recalled once a recall went out, updated once an update or replacement did. */
export function followUpState(packages: readonly FiledPackage[]): FollowUpState {
  const followUps = packages.filter((p) => p.kind !== 'new' && p.kind !== 'resend');
  const recall = followUps.find((p) => p.kind === 'recall');
  if (recall) return recall.state === 'filed' ? 'recalled' : 'recallPending';
  if (followUps.some((p) => p.state !== 'filed')) return 'updatePending';
  return followUps.length > 0 ? 'updated' : 'none';
}

/**
 * Why a follow-up cannot be asked for now, or null when it can: the record must be filed to an archive that takes
 * follow-ups, nothing may be waiting in the queue, and a recalled record is done with.
 */
export function followUpRefusal(
  filing: FiledState | null,
  followUps: FollowUpState,
): 'not_filed' | 'archive' | 'pending' | 'recalled' | null {
  if (!filing || filing.state !== 'filed' || !filing.receipt) return 'not_filed';
  if (!FOLLOW_UP_ARCHIVES.includes(filing.target)) return 'archive';
  if (followUps === 'recalled') return 'recalled';
  if (followUps === 'recallPending' || followUps === 'updatePending') return 'pending';
  return null;
}

/** Whether this role may ask for follow-ups on the record's filing now (the buttons). */
export function followUpsOffered(
  role: MeetingRole,
  filing: (FiledState & { followUps?: FilingFollowUps }) | null,
): boolean {
  return FOLLOW_UP_ROLES.includes(role) && followUpRefusal(filing, filing?.followUps?.state ?? 'none') === null;
}

/**
 * Whether this role is offered "Gửi lại": a receiver refused the filed record, and filing again is the `file` step's,
 * so it is for the roles that file (the secretary; the server checks the same rule).
 */
export function refileOfferedTo(role: MeetingRole, filing: { refileOffered: boolean } | null): boolean {
  return (LIFECYCLE_RULES.file.roles as readonly MeetingRole[]).includes(role) && filing?.refileOffered === true;
}
