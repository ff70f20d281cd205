// Who writes in the record, and the review around it: the write check the sync handler asks before every update
// (the secretary and invited co-editors, while the record is a draft or under review), the co-editors, the review
// comments, and bringing the attendance up to date with who has joined. The checks read; only the changes create
// the record when the meeting has none yet. A guest (let in from the waiting room, on nobody's account) never
// writes in the record, whatever its list of co-editors says.
import { AppFailure } from '../../common/errors.ts';
import { isEditable } from '../../common/minutes.ts';
import { mergeAttendance } from '../../common/minutesDoc.ts';
import type { MinutesComment } from '../../common/minutesView.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import type { SyncService } from '../sync/SyncService.ts';
import type { MinutesRecord } from './MinutesStore.ts';
import { minutesKey, type MinutesRecords } from './records.ts';

export class MinutesCollaboration {
  readonly #records: MinutesRecords;
  readonly #sync: SyncService;
  readonly #newId: () => string;

  constructor(records: MinutesRecords, sync: SyncService, newId: () => string) {
    this.#records = records;
    this.#sync = sync;
    this.#newId = newId;
  }

  /** Throws unless this participant may write in the record now; writes nothing. */
  checkWrite(meetingId: string, participant: Participant): void {
    const { record } = this.#records.read(meetingId);
    if (!isEditable(record.lifecycle.state)) {
      throw new AppFailure('minutes_locked', `the minutes are ${record.lifecycle.state} and can no longer be edited`);
    }
    if (participant.role === 'guest') {
      throw new AppFailure(
        'forbidden',
        `${participant.name} is a guest; guests cannot edit the minutes`,
        'not_minutes_editor',
      );
    }
    if (participant.role !== 'secretary' && !record.coEditorIds.includes(participant.id)) {
      throw new AppFailure(
        'forbidden',
        `${participant.name} is not an editor of the minutes; the secretary can invite co-editors`,
        'not_minutes_editor',
      );
    }
  }

  canWrite(meetingId: string, participant: Participant): boolean {
    try {
      this.checkWrite(meetingId, participant);
      return true;
    } catch {
      return false;
    }
  }

  comment(
    meetingId: string,
    participant: Participant,
    sectionId: string | null,
    text: string,
  ): { record: MinutesRecord; comment: MinutesComment } {
    const record = this.#records.open(meetingId);
    if (!isEditable(record.lifecycle.state)) {
      throw new AppFailure('minutes_locked', 'comments are for the draft; the minutes are locked');
    }
    const comment = this.#records.store.addComment(record.id, {
      id: `comment-${this.#newId()}`,
      sectionId,
      authorId: participant.id,
      authorName: participant.name,
      text: text.normalize('NFC'),
      createdAt: new Date().toISOString(),
    });
    return { record, comment };
  }

  resolveComment(meetingId: string, participant: Participant, commentId: string): MinutesRecord {
    const { record, stored } = this.#records.read(meetingId);
    if (!stored || !this.#records.store.resolveComment(record.id, commentId, participant.id)) {
      throw new AppFailure('not_found', `no open comment ${commentId}`);
    }
    return record;
  }

  setEditors(meetingId: string, participantIds: string[]): MinutesRecord {
    const meeting = this.#records.meeting(meetingId);
    const known = new Map(meeting.participants.map((p) => [p.id, p]));
    const unknown = participantIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppFailure('not_found', `not participants of this meeting: ${unknown.join(', ')}`);
    }
    const guests = participantIds.filter((id) => known.get(id)?.role === 'guest');
    if (guests.length > 0) {
      throw new AppFailure('forbidden', `guests cannot edit the minutes: ${guests.join(', ')}`, 'not_minutes_editor');
    }
    const record = this.#records.open(meetingId);
    return this.#records.store.save({ ...record, coEditorIds: [...new Set(participantIds)] });
  }

  /** Marks everyone who has joined as present, adds participants who were not listed; returns the list's length. */
  async refreshAttendance(meetingId: string): Promise<number> {
    this.#records.open(meetingId);
    const entries = this.#records.attendance(this.#records.meeting(meetingId));
    await this.#sync.serverChange(minutesKey(meetingId), (doc) => mergeAttendance(doc, entries));
    return entries.length;
  }
}
