// Annotation sync over the signalling connection: open a layer (sync step 1 → step 2), send updates (acknowledged
// once stored), awareness, close. Every request names a DocRef; the stored document it reaches is derived from the
// caller's own meeting and participant id (server/sync/docNames.ts), so a private layer is only ever its owner's.
// Who writes is the session's participant (whose marks they may change, server/sync/SharedLayerGuard.ts), and what
// they send is paid from the connection's byte budget (server/sync/quotas.ts).
import { isMinutesRef, type SyncRef } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import { MAX_AWARENESS_BYTES, MAX_SYNC_UPDATE_BYTES } from '../../../common/documents.ts';
import type { Peer } from '../../rooms/Peer.ts';
import { syncDocKey, type SyncDocKey } from '../../sync/docNames.ts';
import { ByteBudget } from '../../sync/quotas.ts';
import type { ClearedMark } from '../../sync/SharedLayerGuard.ts';
import type { SyncSubscriber, SyncWriter } from '../../sync/SyncRoom.ts';
import { joined, sessionSlot, type HandlerMap, type Session } from '../context.ts';
import { RateLimiter } from '../RateLimiter.ts';
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

/** The connection's sync budgets, made on its first sync message from the server's configuration. */
const BUDGETS = sessionSlot('sync budgets', () => ({
  bytes: null as ByteBudget | null,
  awareness: null as RateLimiter | null,
}));

function budgetsFor(session: Session, services: Services): { bytes: ByteBudget; awareness: RateLimiter } {
  const held = session.get(BUDGETS);
  const { bytesPerSecond, burstBytes, awarenessPerSecond } = services.config.sync;
  // The burst holds at least one update of the largest size, or such an update could never be sent.
  held.bytes ??= new ByteBudget(bytesPerSecond, Math.max(burstBytes, MAX_SYNC_UPDATE_BYTES));
  held.awareness ??= new RateLimiter(awarenessPerSecond, awarenessPerSecond * 2);
  return { bytes: held.bytes, awareness: held.awareness };
}

/** The caller as a writer: the chair and the presenter may clear anyone's marks; everyone adds in their own name. */
function writerFor(session: Session, services: Services): SyncWriter {
  const { peer, room } = joined(session);
  const presenting = services.presenter.get(room.meeting.id).presenterId === peer.id;
  return {
    actor: { id: peer.id, name: peer.participant.name, mayClearAny: peer.participant.role === 'chair' || presenting },
    budget: budgetsFor(session, services).bytes,
  };
}

/** Others' marks cleared by the chair or the presenter go into the meeting's audit log (a few ids, and the count). */
function auditCleared(session: Session, services: Services, doc: SyncRef, cleared: ClearedMark[]): void {
  if (cleared.length === 0 || isMinutesRef(doc)) return;
  const { peer, room } = joined(session);
  services.meetings.audit.append(
    room.meeting.id,
    { id: peer.id, name: peer.participant.name },
    'clearAnnotations',
    doc.documentId,
    { version: doc.version, count: cleared.length, marks: cleared.slice(0, 20) },
  );
}

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
    const writer = writerFor(session, services);
    const { seq, cleared } = await services.sync.update(key, subscriberFor(session, services), update, writer);
    auditCleared(session, services, doc, cleared);
    return { seq };
  },

  async syncAwareness(session, { doc, update }, services) {
    checkSize(update, MAX_AWARENESS_BYTES, 'the awareness update', 'awareness_too_large');
    const key = keyFor(session, services, doc);
    const budgets = budgetsFor(session, services);
    if (!budgets.awareness.take()) {
      throw new AppFailure('rate_limited', 'syncAwareness: too many cursor updates; send them less often');
    }
    budgets.bytes.spend(update.byteLength, 'syncAwareness');
    services.sync.awareness(key, subscriberFor(session, services), update);
    return {};
  },

  async syncClose(session, { doc }, services) {
    const { room, peer } = joined(session);
    services.sync.close(syncDocKey(room.meeting.id, peer.id, doc), subscriberFor(session, services));
    return {};
  },
};
