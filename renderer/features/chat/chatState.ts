// Meeting chat as one participant reads it: the history the server allows them to see, new messages as they
// come, and how many arrived unread while the chat was not on screen.
import type { ChatAudience, ChatMessage } from '../../../common/meeting.ts';

export interface ChatView {
  messages: ChatMessage[];
  unread: number;
}

export const initialChatView: ChatView = { messages: [], unread: 0 };

/** Enough scrollback for a long briefing without letting the page grow without bound. */
export const MAX_KEPT_MESSAGES = 500;

export function applyHistory(view: ChatView, history: readonly ChatMessage[]): ChatView {
  // Messages that arrived while the history was on its way are kept, once.
  const ids = new Set(history.map((m) => m.id));
  const messages = [...history, ...view.messages.filter((m) => !ids.has(m.id))];
  messages.sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
  return { ...view, messages: messages.slice(-MAX_KEPT_MESSAGES) };
}

export function applyMessage(view: ChatView, message: ChatMessage, selfId: string | null, visible: boolean): ChatView {
  if (view.messages.some((m) => m.id === message.id)) return view;
  const own = message.fromId === selfId;
  return {
    messages: [...view.messages, message].slice(-MAX_KEPT_MESSAGES),
    unread: visible || own ? view.unread : view.unread + 1,
  };
}

export type ChatTarget = { audience: 'all' } | { audience: 'hosts' } | { audience: 'direct'; toPeerId: string };

export function targetPayload(
  target: ChatTarget,
  text: string,
): { text: string; audience: ChatAudience; toPeerId?: string } {
  return target.audience === 'direct'
    ? { text, audience: 'direct', toPeerId: target.toPeerId }
    : { text, audience: target.audience };
}

/** Encodes a target for a <select> value and back. */
export function targetKey(target: ChatTarget): string {
  return target.audience === 'direct' ? `direct:${target.toPeerId}` : target.audience;
}

export function parseTargetKey(key: string): ChatTarget {
  if (key.startsWith('direct:')) return { audience: 'direct', toPeerId: key.slice('direct:'.length) };
  return key === 'hosts' ? { audience: 'hosts' } : { audience: 'all' };
}
