// Control-bar buttons that open the side panel: the chair and secretary's meeting board, everyone's speaking list
// and chat (with the number of unread messages).
import { BoardIcon, ChatIcon, ListIcon } from '../../app/briefingIcons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useBriefing, usePermissions } from './briefing.tsx';
import type { PanelState, PanelTab } from './panelTabs.ts';

export function PanelButtons({ panel, onToggle }: { panel: PanelState; onToggle(tab: PanelTab): void }) {
  const { t } = useI18n();
  const briefing = useBriefing();
  const chat = useStore(briefing.chat);
  const floor = useStore(briefing.floor);
  const permissions = usePermissions();
  const hosts = permissions.can('board.view');
  const active = (tabs: PanelTab[]) => panel.open && tabs.includes(panel.tab);
  const boardTabs: PanelTab[] = ['status', 'controls', 'votes'];
  return (
    <>
      {hosts ? (
        <button
          type="button"
          className={`ctl${active(boardTabs) ? ' ctl--active' : ''}`}
          data-testid="panel-board"
          aria-pressed={active(boardTabs)}
          onClick={() => onToggle(active(boardTabs) ? panel.tab : 'status')}
        >
          <span className="ctl-icon">
            <BoardIcon size={22} />
          </span>
          <span className="ctl-label">{t('panel.board')}</span>
        </button>
      ) : (
        <button
          type="button"
          className={`ctl${active(['queue']) ? ' ctl--active' : ''}`}
          data-testid="panel-queue"
          aria-pressed={active(['queue'])}
          onClick={() => onToggle('queue')}
        >
          <span className="ctl-icon">
            <ListIcon size={22} />
            {floor.queue.length > 0 && <span className="ctl-badge ctl-badge--quiet">{floor.queue.length}</span>}
          </span>
          <span className="ctl-label">{t('panel.queueShort')}</span>
        </button>
      )}
      <button
        type="button"
        className={`ctl${active(['chat']) ? ' ctl--active' : ''}`}
        data-testid="panel-chat"
        aria-pressed={active(['chat'])}
        onClick={() => onToggle('chat')}
      >
        <span className="ctl-icon">
          <ChatIcon size={22} />
          {chat.unread > 0 && <span className="ctl-badge">{chat.unread}</span>}
        </span>
        <span className="ctl-label">{t('panel.chat')}</span>
      </button>
    </>
  );
}
