// In a meeting's record (history): its recordings, played in the app with seeking by chapter, fetched with the
// signed-in person's session (GET /api/meetings/<id>/recordings[/<recordingId>/file]).
import type { RecordingInfo } from '../../../common/recording.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { meetingPath } from '../office/api.ts';
import { useResource } from '../office/useResource.ts';
import { RecordingList } from './RecordingList.tsx';
import './recording.css';

export function RecordingsSection({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const resource = useResource<{ recordings: RecordingInfo[] }>(meetingPath(meetingId, '/recordings'));
  const recordings = resource.state.data?.recordings ?? [];
  if (recordings.length === 0) return null;
  return (
    <section className="card record-section" id="recordings" data-testid="record-recordings">
      <h2 className="form-card-title">{t('recording.list')}</h2>
      <RecordingList
        recordings={recordings}
        urlOf={async (r) => meetingPath(meetingId, `/recordings/${encodeURIComponent(r.id)}/file`)}
      />
    </section>
  );
}
