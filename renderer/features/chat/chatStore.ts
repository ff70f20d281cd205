// Chat for every participant: the history on each (re)join, then `chatMessage` notifications.
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import { applyHistory, applyMessage, initialChatView, type ChatView } from './chatState.ts';

export class ChatStore extends Store<ChatView> {
  /** Whether the chat is on screen now (messages then arrive read). */
  visible = false;
  private selfId: string | null = null;

  constructor() {
    super(initialChatView);
  }

  attach(session: MeetingSession): () => void {
    const offs = [
      session.onJoined((join) => {
        this.selfId = join.self.id;
        session
          .request('chatHistory', {})
          .then(({ messages }) => this.update((v) => applyHistory(v, messages)))
          .catch((error: unknown) => console.warn('[phonghop] chat history', error));
      }),
      session.on('chatMessage', (message) => this.update((v) => applyMessage(v, message, this.selfId, this.visible))),
    ];
    return () => offs.forEach((off) => off());
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.update((v) => (v.unread === 0 ? v : { ...v, unread: 0 }));
  }
}
