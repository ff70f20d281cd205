// What receiving systems reported about a filed document, kept in one list per filing job, oldest first. Messages
// come over a connector that may deliver one twice or late: a duplicate (same receiver, code and time) changes
// nothing, and a late one takes its place by the time the receiver gave it, not by when it arrived here.
import { latestReceiverStatuses, RECEIVER_STATUS_REJECTED, type ReceiverStatus } from '../../common/minutesView.ts';
import { STATUS_RANK, isStatusCode } from './edxmlFormat.ts';

const rank = (code: string): number => (isStatusCode(code) ? STATUS_RANK[code] : 0);

/** Oldest first; statuses stamped with the same time in the order a document goes through them. */
export function compareStatuses(a: ReceiverStatus, b: ReceiverStatus): number {
  return Date.parse(a.at) - Date.parse(b.at) || rank(a.code) - rank(b.code) || a.organId.localeCompare(b.organId);
}

const sameMessage = (a: ReceiverStatus, b: ReceiverStatus): boolean =>
  a.organId === b.organId && a.code === b.code && Date.parse(a.at) === Date.parse(b.at);

/** The list with the status in its place, or null when the list has it already (a duplicate delivery). */
export function mergeStatus(list: readonly ReceiverStatus[], status: ReceiverStatus): ReceiverStatus[] | null {
  if (list.some((s) => sameMessage(s, status))) return null;
  return [...list, status].sort(compareStatuses);
}

/**
 * Whether some receiver's current status is a refusal given after the document was last filed again (`since`): the
 * document may then be filed again.
 */
export function refileOffered(list: readonly ReceiverStatus[], since: string | null = null): boolean {
  const after = since ? Date.parse(since) : -Infinity;
  return latestReceiverStatuses(list).some((s) => s.code === RECEIVER_STATUS_REJECTED && Date.parse(s.at) > after);
}
