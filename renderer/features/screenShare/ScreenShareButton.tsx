// The control-bar button of screen sharing: "Chia sẻ màn hình" for those who may share under the meeting's policy,
// "Đang chờ chủ trì…" while a request waits (a click withdraws it), "Dừng chia sẻ" while our screen is on the air.
import { mayShareScreen } from '../../../common/screenShare.ts';
import { useStore } from '../../app/store.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useBriefing } from '../meeting/briefing.tsx';
import { ScreenIcon, ScreenStopIcon } from './shareIcons.tsx';

export function ScreenShareButton() {
  const { t } = useI18n();
  const store = useBriefing().sharing;
  const view = useStore(store);
  if (!view.role || !mayShareScreen(view.role, view.policy)) return null;
  if (view.mine === 'sharing') {
    return (
      <button
        type="button"
        className="ctl ctl--share ctl--sharing"
        data-testid="screen-share-stop"
        aria-label={t('share.stop')}
        title={t('share.stop')}
        onClick={() => void store.stop()}
      >
        <span className="ctl-icon">
          <ScreenStopIcon size={22} />
        </span>
        <span className="ctl-label">{t('share.stop')}</span>
      </button>
    );
  }
  const waiting = view.mine === 'waiting';
  const label = waiting ? t('share.waiting') : view.mine === 'asking' ? t('share.asking') : t('share.start');
  return (
    <button
      type="button"
      className={`ctl ctl--share${waiting ? ' ctl--waiting' : ''}`}
      data-testid="screen-share"
      data-state={view.mine}
      disabled={view.mine === 'asking'}
      aria-label={label}
      title={waiting ? t('share.waitingHint') : label}
      onClick={() => void (waiting ? store.stop() : store.start())}
    >
      <span className="ctl-icon">
        <ScreenIcon size={22} />
      </span>
      <span className="ctl-label">{label}</span>
    </button>
  );
}
