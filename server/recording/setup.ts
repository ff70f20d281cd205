// The recording service as the server builds it: its stores on the meeting database, its changes relayed to the
// meeting's participants, and what a previous run left unfinished taken up again in the background.
import { MediaPolicyStore } from '../meetings/MediaPolicyStore.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { MeetingStore } from '../meetings/MeetingStore.ts';
import { logger } from '../log.ts';
import type { RecordingConfig } from './recordingConfig.ts';
import { RecordingService } from './RecordingService.ts';
import { RecordingStore } from './RecordingStore.ts';

const log = logger('recording');

export function createRecordings(
  config: RecordingConfig,
  meetings: MeetingStore,
  live: LiveRegistry,
): RecordingService {
  const service = new RecordingService({
    config,
    store: new RecordingStore(meetings.db),
    policies: new MediaPolicyStore(meetings.db),
    meetings,
    live,
  });
  service.on('updated', (recording, deleted) =>
    live.peek(recording.meetingId)?.toAll('recordingUpdated', deleted ? { recording, deleted } : { recording }),
  );
  service.resumeUnfinished().catch((error: unknown) => log.error('unfinished recordings could not be taken up', error));
  return service;
}
