// Presenter follow-me: per meeting, who presents and where they are (document, page, zoom, scroll). Small,
// in memory, sent whole to everyone on every change; followers decide on the client whether to follow.
import type { PresenterState, PresenterView } from '../../common/documents.ts';
import { AppFailure } from '../../common/errors.ts';

export class PresenterRegistry {
  readonly #states = new Map<string, PresenterState>();

  get(meetingId: string): PresenterState {
    return (
      this.#states.get(meetingId) ?? {
        presenterId: null,
        presenterName: null,
        view: null,
        seq: 0,
        updatedAt: new Date(0).toISOString(),
      }
    );
  }

  /** The chair takes the role or hands it over (authorised by the caller); null: nobody presents. */
  setPresenter(meetingId: string, presenter: { id: string; name: string } | null): PresenterState {
    const previous = this.get(meetingId);
    return this.#set(meetingId, {
      presenterId: presenter?.id ?? null,
      presenterName: presenter?.name ?? null,
      // The new presenter starts where the previous one was, so followers do not jump.
      view: previous.view,
      seq: previous.seq + 1,
      updatedAt: new Date().toISOString(),
    });
  }

  /** The presenter moved; anyone else is refused. */
  setView(meetingId: string, participantId: string, view: PresenterView): PresenterState {
    const previous = this.get(meetingId);
    if (previous.presenterId !== participantId) {
      throw new AppFailure('forbidden', 'only the presenter moves the shared view', 'not_presenter');
    }
    return this.#set(meetingId, { ...previous, view, seq: previous.seq + 1, updatedAt: new Date().toISOString() });
  }

  forget(meetingId: string): void {
    this.#states.delete(meetingId);
  }

  #set(meetingId: string, state: PresenterState): PresenterState {
    this.#states.set(meetingId, state);
    return state;
  }
}
