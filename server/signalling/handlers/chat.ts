// Meeting chat: to everyone, to the chair and secretary, and (for them) to one participant. Size-limited, stored.
import { AppFailure } from '../../../common/errors.ts';
import { MAX_CHAT_CHARS, type ChatMessage } from '../../../common/meeting.ts';
import { can } from '../../../common/permissions.ts';
import type { HandlerMap } from '../context.ts';
import { meetingContext } from '../meetingContext.ts';

export const chatHandlers: Pick<HandlerMap, 'sendChat' | 'chatHistory'> = {
  async sendChat(session, { text, audience, toPeerId }, services) {
    const ctx = meetingContext(session, services);
    const body = text.trim();
    if (body.length === 0) throw new AppFailure('invalid_message', 'the message is empty', 'chat_empty');
    const length = [...body].length;
    if (length > MAX_CHAT_CHARS) {
      throw new AppFailure(
        'too_large',
        `a chat message holds at most ${MAX_CHAT_CHARS} characters (got ${length})`,
        'chat_too_long',
      );
    }
    const role = ctx.peer.participant.role;
    let toId: string | null = null;
    if (audience === 'direct') {
      if (!can(role, 'chat.direct'))
        throw new AppFailure('forbidden', `the ${role} role may not send direct messages`, 'role');
      if (!toPeerId || !services.meetings.participant(ctx.meetingId, toPeerId)) {
        throw new AppFailure('not_found', 'a direct message needs a participant of this meeting in toPeerId');
      }
      toId = toPeerId;
    } else if (toPeerId !== undefined) {
      throw new AppFailure('invalid_message', 'toPeerId goes only with audience "direct"');
    }
    const message: ChatMessage = services.meetings.chat.add(ctx.meetingId, {
      fromId: ctx.peer.id,
      fromName: ctx.peer.participant.name,
      audience,
      toId,
      text: body,
    });
    const recipients = ctx.live
      .peers()
      .filter(
        (p) =>
          audience === 'all' ||
          p === ctx.peer ||
          (audience === 'hosts' && can(p.participant.role, 'board.view')) ||
          (audience === 'direct' && p.id === toId),
      );
    for (const p of recipients) p.socket.emit('chatMessage', message);
    return message;
  },

  async chatHistory(session, _payload, services) {
    const ctx = meetingContext(session, services);
    const isHost = can(ctx.peer.participant.role, 'board.view');
    return { messages: services.meetings.chat.visibleTo(ctx.meetingId, ctx.peer.id, isHost) };
  },
};
