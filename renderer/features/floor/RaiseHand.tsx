// The participant's side of the floor, in the control bar: ask to speak (xin phát biểu) with an optional topic,
// see one's place in the queue, withdraw; ask the chair to unmute when the chair holds the microphone off.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { HandIcon } from '../../app/briefingIcons.tsx';
import { MicIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAction, useBriefing, usePermissions } from '../meeting/briefing.tsx';
import { myPosition, needsChairToUnmute } from './floorState.ts';

const DECLINED_NOTICE_MS = 8000;

function TopicForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const { session } = useBriefing();
  const act = useAction();
  const [topic, setTopic] = useState('');
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    const trimmed = topic.trim();
    const ok = await act(() => session.request('raiseHand', trimmed ? { topic: trimmed } : {}));
    setSending(false);
    if (ok) onDone();
  };

  return (
    <form
      className="popover raise-popover"
      data-testid="raise-hand-form"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <p className="popover-title">{t('hand.formTitle')}</p>
      <label className="field-label" htmlFor="raise-hand-topic">
        {t('hand.topic')}
      </label>
      <input
        ref={input}
        id="raise-hand-topic"
        className="input"
        data-testid="raise-hand-topic"
        maxLength={200}
        value={topic}
        placeholder={t('hand.topicPlaceholder')}
        onChange={(e) => setTopic(e.target.value)}
      />
      <div className="popover-actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary btn-sm" data-testid="raise-hand-submit" disabled={sending}>
          {t('hand.submit')}
        </button>
      </div>
    </form>
  );
}

export function RaiseHandControls() {
  const { t } = useI18n();
  const briefing = useBriefing();
  const view = useStore(briefing.floor);
  const permissions = usePermissions();
  const act = useAction();
  const [formOpen, setFormOpen] = useState(false);
  // The clock as last read: at mount, then when a decline notice is due to go (render itself stays pure).
  const [now, setNow] = useState(() => Date.now());

  const declinedAt = view.handDeclinedAt;
  const declinedRecently = declinedAt !== null && now - declinedAt < DECLINED_NOTICE_MS;
  useEffect(() => {
    if (declinedAt === null || !declinedRecently) return;
    const until = declinedAt + DECLINED_NOTICE_MS;
    const timer = setTimeout(() => setNow(Math.max(Date.now(), until)), until - Date.now());
    return () => clearTimeout(timer);
  }, [declinedRecently, declinedAt]);

  const position = myPosition(view);
  const hasFloor = view.floor !== null && view.floor.peerId === view.selfId;
  const canRaise = permissions.can('hand.raise');
  const askUnmute = permissions.can('unmute.request') && needsChairToUnmute(view) && !hasFloor;

  return (
    <>
      {askUnmute && (
        <button
          type="button"
          className="ctl ctl--wide"
          data-testid="request-unmute"
          disabled={view.unmuteAsked}
          onClick={() =>
            void act(() => briefing.session.request('requestUnmute', {})).then(
              (ok) => ok && briefing.floor.markUnmuteAsked(),
            )
          }
        >
          <span className="ctl-icon">
            <MicIcon size={22} />
          </span>
          <span className="ctl-label">{view.unmuteAsked ? t('unmute.asked') : t('unmute.request')}</span>
        </button>
      )}
      {canRaise && !hasFloor && position === null && (
        <div className="ctl-anchor">
          <button
            type="button"
            className={`ctl ctl--wide${formOpen ? ' ctl--active' : ''}`}
            data-testid="raise-hand"
            aria-expanded={formOpen}
            onClick={() => setFormOpen((open) => !open)}
          >
            <span className="ctl-icon">
              <HandIcon size={22} />
            </span>
            <span className="ctl-label">{t('hand.raise')}</span>
          </button>
          {formOpen && <TopicForm onDone={() => setFormOpen(false)} />}
          {declinedRecently && !formOpen && (
            <p className="ctl-note" role="status" data-testid="hand-declined">
              {t('hand.declined')}
            </p>
          )}
        </div>
      )}
      {canRaise && !hasFloor && position !== null && (
        <div className="hand-status">
          <span className="hand-position" data-testid="hand-position" data-position={position} role="status">
            <HandIcon size={18} />
            {t('hand.position', { n: position })}
          </span>
          <button
            type="button"
            className="btn btn-secondary btn-sm hand-lower"
            data-testid="lower-hand"
            onClick={() => void act(() => briefing.session.request('lowerHand', {}))}
          >
            {t('hand.lower')}
          </button>
        </div>
      )}
      {hasFloor && (
        <span className="hand-position hand-position--floor" data-testid="you-have-floor" role="status">
          {t('hand.youHaveFloor')}
        </span>
      )}
    </>
  );
}
