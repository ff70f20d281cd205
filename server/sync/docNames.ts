// Which stored Yjs document a request may touch. The name is built on the server from the caller's own meeting and
// participant id, never from anything the client says about whose layer it is: a private layer's name contains its
// owner, so a request can only ever reach the caller's own private documents. Naming another owner is refused.
import { isMinutesRef, type SyncRef } from '../../common/documents.ts';
import { AppFailure } from '../../common/errors.ts';

export interface SyncDocKey {
  /** The log's document name: `<meeting>/<document>@<version>/shared` or `…/private/<participant>`, `<meeting>/minutes`. */
  name: string;
  meetingId: string;
  ref: SyncRef;
  /** The only participant whose connections may receive a private layer; null for the shared layer. */
  owner: string | null;
}

export function syncDocKey(meetingId: string, callerId: string, ref: SyncRef): SyncDocKey {
  // One record per meeting; who may write in it is the minutes handlers' check (server/minutes/).
  if (isMinutesRef(ref)) return { name: `${meetingId}/minutes`, meetingId, ref: { layer: 'minutes' }, owner: null };
  const base = `${meetingId}/${ref.documentId}@${ref.version}`;
  if (ref.layer === 'shared') {
    if (ref.owner !== undefined) throw new AppFailure('invalid_message', 'the shared layer has no owner');
    return {
      name: `${base}/shared`,
      meetingId,
      ref: { documentId: ref.documentId, version: ref.version, layer: 'shared' },
      owner: null,
    };
  }
  if (ref.owner !== undefined && ref.owner !== callerId) {
    throw new AppFailure('forbidden', "another participant's private annotations are theirs alone", 'private_layer');
  }
  return {
    name: `${base}/private/${callerId}`,
    meetingId,
    ref: { documentId: ref.documentId, version: ref.version, layer: 'private' },
    owner: callerId,
  };
}
