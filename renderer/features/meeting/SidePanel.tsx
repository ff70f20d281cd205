// The side panel beside the stage: tabs for the status board, the speaking queue, the chair's controls, votes and
// chat, as the participant's role allows.
import { useState, type ReactNode } from 'react';
import { CloseIcon } from '../../app/icons.tsx';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ChairControls } from '../chair/ChairControls.tsx';
import { ChatPanel } from '../chat/ChatPanel.tsx';
import { SpeakingQueuePanel } from '../floor/SpeakingQueue.tsx';
import { StatusBoard } from '../status/StatusBoard.tsx';
import { VotePanel } from '../votes/VotePanel.tsx';
import { useBriefing, usePermissions } from './briefing.tsx';
import { panelTabs, type PanelTab } from './panelTabs.ts';

function TabBadge({ tab }: { tab: PanelTab }) {
  const briefing = useBriefing();
  const floor = useStore(briefing.floor);
  const chat = useStore(briefing.chat);
  const status = useStore(briefing.status);
  const votes = useStore(briefing.votes);
  let count = 0;
  let alert = false;
  if (tab === 'queue') count = floor.queue.length;
  if (tab === 'chat') {
    count = chat.unread;
    alert = count > 0;
  }
  if (tab === 'controls') {
    count = status.waiting.length + status.unmuteRequests.length;
    alert = count > 0;
  }
  if (tab === 'status') {
    count = status.entries.filter((e) => e.presence === 'dropped').length;
    alert = count > 0;
  }
  if (tab === 'votes' && votes.open) return <span className="tab-dot" aria-hidden="true" />;
  if (count === 0) return null;
  return <span className={`tab-badge${alert ? ' tab-badge--alert' : ''}`}>{count}</span>;
}

interface ContentProps {
  wide: boolean;
  onToggleWide(): void;
}

const CONTENT: Record<PanelTab, (props: ContentProps) => ReactNode> = {
  status: ({ wide, onToggleWide }) => <StatusBoard wide={wide} onToggleWide={onToggleWide} />,
  queue: () => <SpeakingQueuePanel />,
  controls: () => <ChairControls />,
  votes: () => <VotePanel />,
  chat: () => <ChatPanel />,
};

export function SidePanel({ tab, onTab, onClose }: { tab: PanelTab; onTab(tab: PanelTab): void; onClose(): void }) {
  const { t } = useI18n();
  const { role } = usePermissions();
  const tabs = panelTabs(role);
  const shown = tabs.includes(tab) ? tab : (tabs[0] ?? 'chat');
  const [wideBoard, setWideBoard] = useState(false);
  const wide = wideBoard && shown === 'status';
  return (
    <aside
      className={`side-panel side-panel--${shown}${wide ? ' side-panel--wide' : ''}`}
      data-testid="side-panel"
      data-tab={shown}
    >
      <div className="panel-tabs" role="tablist">
        {tabs.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            className="panel-tab"
            data-testid={`tab-${id}`}
            aria-selected={id === shown}
            onClick={() => onTab(id)}
          >
            {t(`panel.${id}`)}
            <TabBadge tab={id} />
          </button>
        ))}
        <button type="button" className="icon-btn panel-close" aria-label={t('common.close')} onClick={onClose}>
          <CloseIcon size={18} />
        </button>
      </div>
      <div className="panel-body" role="tabpanel">
        {CONTENT[shown]({ wide, onToggleWide: () => setWideBoard((w) => !w) })}
      </div>
    </aside>
  );
}
