// Meeting chat in the side panel: to everyone, to the chair and secretary only, and — for the chair and
// secretary — to one participant. Messages not for everyone are marked as such.
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_CHAT_CHARS, type ChatMessage } from '../../../common/meeting.ts';
import { SendIcon } from '../../app/briefingIcons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatClock } from '../../i18n/format.ts';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { parseTargetKey, targetKey, targetPayload, type ChatTarget } from './chatState.ts';
import './chat.css';

function Message({
  message,
  selfId,
  nameOf,
}: {
  message: ChatMessage;
  selfId: string | null;
  nameOf(id: string): string;
}) {
  const { t } = useI18n();
  const own = message.fromId === selfId;
  const scope =
    message.audience === 'hosts'
      ? t('chat.toHosts')
      : message.audience === 'direct'
        ? own
          ? t('chat.privateTo', { name: message.toId ? nameOf(message.toId) : '' })
          : t('chat.privateToYou')
        : null;
  return (
    <li
      className={`chat-msg${own ? ' chat-msg--own' : ''}${scope ? ' chat-msg--private' : ''}`}
      data-testid="chat-message"
      data-audience={message.audience}
    >
      <div className="chat-msg-head">
        <span className="chat-msg-from">{own ? t('meeting.you') : message.fromName}</span>
        <time className="chat-msg-time" dateTime={message.sentAt}>
          {formatClock(new Date(message.sentAt)).slice(0, 5)}
        </time>
      </div>
      {scope && <span className="chat-msg-scope">{scope}</span>}
      <p className="chat-msg-text">{message.text}</p>
    </li>
  );
}

export function ChatPanel() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.chat);
  const floor = useStore(briefing.floor);
  const permissions = usePermissions();
  const act = useAction();
  const [text, setText] = useState('');
  const [target, setTarget] = useState<ChatTarget>({ audience: 'all' });
  const [sending, setSending] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const session = briefing.session;
  const peers = session.getState().peers;
  const nameOf = (id: string) => peers.find((p) => p.id === id)?.name ?? id;

  useEffect(() => {
    briefing.chat.setVisible(true);
    return () => briefing.chat.setVisible(false);
  }, [briefing]);

  useLayoutEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [view.messages.length]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    setSending(true);
    const ok = await act(() => session.request('sendChat', targetPayload(target, trimmed)));
    setSending(false);
    if (ok) setText('');
  };

  return (
    <section className="chat" aria-label={t('chat.title')}>
      <ol ref={list} className="chat-list" data-testid="chat-list">
        {view.messages.length === 0 && <li className="panel-empty">{t('chat.empty')}</li>}
        {view.messages.map((message) => (
          <Message key={message.id} message={message} selfId={floor.selfId} nameOf={nameOf} />
        ))}
      </ol>
      <form className="chat-form" onSubmit={send}>
        <select
          className="select select--sm"
          data-testid="chat-audience"
          aria-label={t('chat.audience')}
          value={targetKey(target)}
          onChange={(e) => setTarget(parseTargetKey(e.target.value))}
        >
          <option value="all">{t('chat.toAll')}</option>
          <option value="hosts">{t('chat.toHostsOption')}</option>
          {permissions.can('chat.direct') &&
            peers.map((peer) => (
              <option key={peer.id} value={targetKey({ audience: 'direct', toPeerId: peer.id })}>
                {t('chat.toPerson', {
                  name: peer.connectionPoint ? `${peer.name} — ${peer.connectionPoint}` : peer.name,
                })}
              </option>
            ))}
        </select>
        <div className="chat-compose">
          <textarea
            className="input textarea chat-input"
            data-testid="chat-input"
            rows={2}
            maxLength={MAX_CHAT_CHARS}
            value={text}
            placeholder={t('chat.placeholder')}
            aria-label={t('chat.placeholder')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <button
            type="submit"
            className="btn btn-primary chat-send"
            data-testid="chat-send"
            disabled={sending || text.trim() === ''}
            aria-label={t('chat.send')}
            title={t('chat.send')}
          >
            <SendIcon size={18} />
          </button>
        </div>
      </form>
    </section>
  );
}
