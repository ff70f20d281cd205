// The meeting session's state as React reads it (the app's Store, for useSyncExternalStore) and the channel its
// error toasts listen on. The parts of the session change the state only through update(), one immutable step at a
// time (sessionState.ts), so that every listener sees each change once.
import { ClientError } from '../../app/clientErrors.ts';
import { Store } from '../../app/store.ts';
import type { SessionState } from './sessionState.ts';

export class SessionStore extends Store<SessionState> {
  private readonly errorListeners = new Set<(error: ClientError) => void>();

  onError(listener: (error: ClientError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** A failure worth telling the participant about, without ending the session. */
  report(error: unknown, fallback: ClientError['code'] = 'internal'): void {
    const clientError = ClientError.from(error, fallback);
    console.warn(`[phonghop] ${clientError.code}: ${clientError.message}`);
    for (const listener of this.errorListeners) listener(clientError);
  }

  /** Forgets every listener (the session is disposed). */
  clear(): void {
    this.listeners.clear();
    this.errorListeners.clear();
  }
}
