// Annotation sync over the signalling connection: open a layer (sync step 1 → step 2), send updates (acknowledged
// once stored), awareness, close. Every request names a DocRef; the stored document it reaches is derived from the
// caller's own meeting and participant id (server/sync/docNames.ts), so a private layer is only ever its owner's.
import { isMinutesRef, type SyncRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import { MAX_AWARENESS_BYTES, MAX_SYNC_UPDATE_BYTES } from '../../../common/documents.ts';
import type { Peer } from '../../rooms/Peer.ts';
import { syncDocKey, type SyncDocKey } from '../../sync/docNames.ts';
import type { SyncSubscriber } from '../../sync/SyncRoom.ts';
import { joined, sessionSlot, type HandlerMap, type Session } from '../context.ts';
import type { Services } from '../../services.ts';

/** One joined connection as a sync subscriber; it stops receiving as soon as it leaves or is replaced. */
class SessionSubscriber implements SyncSubscriber {
  readonly participantId: string;
  readonly #session: Session;
  readonly #peer: Peer;

  constructor(session: Session, peer: Peer) {
    this.#session = session;
    this.#peer = peer;
    this.participantId = peer.id;
  }

  get peer(): Peer {
    return this.#peer;
  }

  live(): boolean {
    return this.#session.peer === this.#peer && !this.#peer.closed;
  }

  send: SyncSubscriber['send'] = (event, payload) => {
    if (this.live()) this.#peer.socket.emit(event, payload);
  };
}

/** The connection's subscriber, and the cancel of the cleanup it registered with the session. */
const SUBSCRIPTION = sessionSlot('sync subscription', () => ({
  current: null as { subscriber: SessionSubscriber; cancel: () => void } | null,
}));

/** The caller's subscriber; it leaves every document it opened when the connection closes. */
function subscriberFor(session: Session, services: Services): SessionSubscriber {
  const { peer } = joined(session);
  const held = session.get(SUBSCRIPTION);
  if (held.current?.subscriber.peer === peer) return held.current.subscriber;
  if (held.current) {
    // The connection joined again (as someone else, perhaps): what the old identity opened is closed.
    held.current.cancel();
    services.sync.unsubscribeAll(held.current.subscriber);
  }
  const subscriber = new SessionSubscriber(session, peer);
  held.current = { subscriber, cancel: session.onClose(() => services.sync.unsubscribeAll(subscriber)) };
  return subscriber;
}

/**
 * The caller's document key, after checking that the document version exists in the caller's meeting. The minutes
 * were created when the meeting was joined; writing in them is checked against the record's editors and state.
 */
function keyFor(session: Session, services: Services, ref: SyncRef, write = false): SyncDocKey {
  const { room, peer } = joined(session);
  const key = syncDocKey(room.meeting.id, peer.id, ref);
  if (isMinutesRef(ref)) {
    if (write) services.minutes.checkWrite(room.meeting.id, peer.participant);
    return key;
  }
  services.documents.version(room.meeting.id, ref.documentId, ref.version);
  return key;
}

function checkSize(
  bytes: Uint8Array,
  max: number,
  what: string,
  reason: 'sync_update_too_large' | 'awareness_too_large',
) {
  if (bytes.byteLength > max) {
    throw new AppFailure('too_large', `${what} has ${bytes.byteLength} bytes; the limit is ${max}`, reason, {
      size: bytes.byteLength,
      maxBytes: max,
    });
  }
}

export const syncHandlers: Pick<HandlerMap, 'syncOpen' | 'syncUpdate' | 'syncAwareness' | 'syncClose'> = {
  async syncOpen(session, { doc, stateVector }, services) {
    checkSize(stateVector, MAX_SYNC_UPDATE_BYTES, 'the state vector', 'sync_update_too_large');
    const key = keyFor(session, services, doc);
    return services.sync.open(key, subscriberFor(session, services), stateVector);
  },

  async syncUpdate(session, { doc, update }, services) {
    checkSize(update, MAX_SYNC_UPDATE_BYTES, 'the update', 'sync_update_too_large');
    const key = keyFor(session, services, doc, true);
    const seq = await services.sync.update(key, subscriberFor(session, services), update);
    return { seq };
  },

  async syncAwareness(session, { doc, update }, services) {
    checkSize(update, MAX_AWARENESS_BYTES, 'the awareness update', 'awareness_too_large');
    const key = keyFor(session, services, doc);
    services.sync.awareness(key, subscriberFor(session, services), update);
    return {};
  },

  async syncClose(session, { doc }, services) {
    const { room, peer } = joined(session);
    services.sync.close(syncDocKey(room.meeting.id, peer.id, doc), subscriberFor(session, services));
    return {};
  },
};
