// Where a meeting's record comes from, and how it is read. The record is created explicitly — when the meeting is
// first joined, or by the first write to it — with its first version and its Yjs document seeded from the meeting.
// Reads never create anything: a meeting without a record reads as the draft it would start with, projected from
// the meeting and the agency defaults, and nothing is inserted.
import type { AttendanceEntry, Minutes } from '../../common/minutes.ts';
import { isSeeded, readMinutesContent, seedMinutesDoc, type MinutesContent } from '../../common/minutesDoc.ts';
import { AppFailure } from '../../common/errors.ts';
import type { MinutesConfig } from '../config.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { Meeting, MeetingStore } from '../meetings/MeetingStore.ts';
import { syncDocKey, type SyncDocKey } from '../sync/docNames.ts';
import type { SyncService } from '../sync/SyncService.ts';
import type { MinutesRecord, MinutesStore } from './MinutesStore.ts';
import { initialContent, meetingAttendance } from './seed.ts';
import { logger } from '../log.ts';

const log = logger('minutes');

/** Who the server's own steps (creation, a filing completed by the queue) are recorded as. */
export const SYSTEM = { id: 'system', name: 'Hệ thống' };

/** The Yjs document of a meeting's minutes. */
export function minutesKey(meetingId: string): SyncDocKey {
  return syncDocKey(meetingId, '', { layer: 'minutes' });
}

/** The record a meeting starts with: a draft, nothing locked, the chair a co-editor (the chair writes conclusions). */
export function draftRecord(meeting: Pick<Meeting, 'id' | 'participants'>, at: string): MinutesRecord {
  return {
    id: `bien-ban-${meeting.id}`,
    meetingId: meeting.id,
    lifecycle: { state: 'draft', signatures: [], filingReceipt: null, history: [] },
    coEditorIds: meeting.participants.filter((p) => p.role === 'chair').map((p) => p.id),
    content: null,
    pdfSha256: null,
    pdfPages: null,
    filingKey: null,
    createdAt: at,
    updatedAt: at,
  };
}

export interface MinutesRecordsOptions {
  config: MinutesConfig;
  meetings: MeetingStore;
  sync: SyncService;
  live: LiveRegistry;
}

/** A meeting's record as read: the stored one, or (stored: false) the draft it would start with. */
export interface ReadRecord {
  meeting: Meeting;
  record: MinutesRecord;
  stored: boolean;
}

export class MinutesRecords {
  readonly store: MinutesStore;
  readonly #o: MinutesRecordsOptions;
  /** Records whose document this process has seen seeded (the check is then skipped on every later open). */
  readonly #seeded = new Set<string>();

  constructor(store: MinutesStore, options: MinutesRecordsOptions) {
    this.store = store;
    this.#o = options;
  }

  meeting(meetingId: string): Meeting {
    const meeting = this.#o.meetings.get(meetingId);
    if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
    return meeting;
  }

  /** The meeting's record, created (with its first version, and its document seeded) if it has none yet. */
  open(meetingId: string): MinutesRecord {
    const meeting = this.meeting(meetingId);
    let record = this.store.get(meetingId);
    if (!record) {
      const now = new Date().toISOString();
      record = this.store.create(draftRecord(meeting, now), {
        action: 'created',
        state: 'draft',
        content: this.initialContent(meeting),
        pdfSha256: null,
        actorId: SYSTEM.id,
        actorName: SYSTEM.name,
        createdAt: now,
      });
    }
    // Idempotent, and checked once per process: a record created before a crash that lost the seed is seeded here.
    if (!this.#seeded.has(meetingId)) {
      this.#seeded.add(meetingId);
      const unseeded = (error: unknown) => {
        this.#seeded.delete(meetingId);
        log.error('seeding the document failed', error);
      };
      try {
        this.#o.sync
          .serverChange(minutesKey(meetingId), (doc) => {
            if (!isSeeded(doc)) seedMinutesDoc(doc, this.initialContent(meeting));
          })
          .catch(unseeded);
      } catch (error) {
        // The sync service refuses changes while shutting down; the next open seeds.
        unseeded(error);
      }
    }
    return record;
  }

  /** The stored record, or the draft the meeting would start with; never writes. */
  read(meetingId: string): ReadRecord {
    const meeting = this.meeting(meetingId);
    const stored = this.store.get(meetingId);
    return stored
      ? { meeting, record: stored, stored: true }
      : { meeting, record: draftRecord(meeting, new Date().toISOString()), stored: false };
  }

  /**
   * The record as the model: the locked content from final on, the live document while editable — or, for a record
   * not created yet (or whose seed a crash lost and no open has redone), the content it would be seeded with.
   */
  minutes(record: MinutesRecord, stored = true): Minutes {
    const content =
      record.content ??
      (stored ? this.#liveContent(record.meetingId) : null) ??
      this.initialContent(this.meeting(record.meetingId));
    return { id: record.id, meetingId: record.meetingId, ...content, lifecycle: record.lifecycle };
  }

  #liveContent(meetingId: string): MinutesContent | null {
    return this.#o.sync.read(minutesKey(meetingId), (doc) => (isSeeded(doc) ? readMinutesContent(doc) : null));
  }

  initialContent(meeting: Meeting): MinutesContent {
    return initialContent(this.#o.config, this.#o.meetings, meeting, this.#o.live.peek(meeting.id));
  }

  /** Everyone expected, present once they have joined. */
  attendance(meeting: Meeting): AttendanceEntry[] {
    return meetingAttendance(this.#o.meetings, meeting, this.#o.live.peek(meeting.id));
  }
}
