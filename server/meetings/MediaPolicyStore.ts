// A meeting's media policy (who may share a screen, whether and by whom it is recorded), kept in the database so
// that it outlives the room: a meeting that forbids recording stays so after a restart.
import { DEFAULT_MEDIA_POLICY, type MediaPolicy } from '../../common/screenShare.ts';
import type { Database } from '../storage/database.ts';

interface Row {
  delegates_may_share: number;
  secretary_may_record: number;
  recording_allowed: number;
}

export class MediaPolicyStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  get(meetingId: string): MediaPolicy {
    const row = this.#db.prepare('SELECT * FROM meeting_media_policy WHERE meeting_id = ?').get(meetingId) as
      Row | undefined;
    if (!row) return { ...DEFAULT_MEDIA_POLICY };
    return {
      delegatesMayShare: row.delegates_may_share === 1,
      secretaryMayRecord: row.secretary_may_record === 1,
      recordingAllowed: row.recording_allowed === 1,
    };
  }

  /** Applies the fields given and returns the whole policy as stored. */
  update(meetingId: string, change: Partial<MediaPolicy>): MediaPolicy {
    const next = { ...this.get(meetingId), ...definedOnly(change) };
    this.#db
      .prepare(
        `INSERT INTO meeting_media_policy (meeting_id, delegates_may_share, secretary_may_record, recording_allowed)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (meeting_id) DO UPDATE SET delegates_may_share = excluded.delegates_may_share,
           secretary_may_record = excluded.secretary_may_record, recording_allowed = excluded.recording_allowed`,
      )
      .run(meetingId, Number(next.delegatesMayShare), Number(next.secretaryMayRecord), Number(next.recordingAllowed));
    return next;
  }
}

function definedOnly(change: Partial<MediaPolicy>): Partial<MediaPolicy> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<MediaPolicy>;
}
