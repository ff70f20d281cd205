// On the status board: a mark on the row of whoever shares a screen now.
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useBriefing } from '../meeting/briefing.tsx';
import { ScreenIcon } from './shareIcons.tsx';
import './screenShare.css';

export function SharingBadge({ participantId }: { participantId: string }) {
  const { t } = useI18n();
  const { share } = useStore(useBriefing().sharing);
  if (share.sharer?.peerId !== participantId) return null;
  return (
    <span className="board-sharing" data-testid="status-sharing" title={t('share.statusBadge')}>
      <ScreenIcon size={14} />
      {t('share.statusBadge')}
    </span>
  );
}
