// Presenter follow-me: the chair takes or hands over the presenter role; the presenter's view (document, page,
// zoom, scroll) is held by the server and sent to everyone.
import type { PresenterState } from '../../../common/documents.ts';
import { AppFailure } from '../../../common/errors.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext, type MeetingContext } from '../meetingContext.ts';

function announce(ctx: MeetingContext, state: PresenterState): PresenterState {
  ctx.live.toAll('presenterChanged', state);
  return state;
}

export const presenterHandlers: Pick<HandlerMap, 'presenterState' | 'setPresenter' | 'presenterView'> = {
  async presenterState(session, _payload, services) {
    const ctx = meetingContext(session, services);
    return services.presenter.get(ctx.meetingId);
  },

  async setPresenter(session, { peerId }, services) {
    const ctx = meetingContext(session, services);
    let presenter: { id: string; name: string } | null = null;
    if (peerId !== null) {
      const peer = ctx.live.peer(peerId);
      if (!peer) throw new AppFailure('not_found', `participant ${peerId} is not in the meeting now`);
      presenter = { id: peer.id, name: peer.participant.name };
    }
    const state = services.presenter.setPresenter(ctx.meetingId, presenter);
    ctx.audit('setPresenter', peerId);
    return announce(ctx, state);
  },

  async presenterView(session, view, services) {
    const ctx = meetingContext(session, services);
    services.documents.version(ctx.meetingId, view.documentId, view.version);
    const before = services.presenter.get(ctx.meetingId).view;
    const state = services.presenter.setView(ctx.meetingId, ctx.peer.id, view);
    // A document put on screen is a moment of the meeting (the minutes' timeline); pages and zoom are not.
    if (before?.documentId !== view.documentId || before.version !== view.version) {
      ctx.audit('showDocument', view.documentId, { version: view.version });
    }
    announce(ctx, state);
    return { seq: state.seq };
  },
};
