// The record's lifecycle steps on the server: common/minutes.ts decides whether a step is allowed and what it
// changes; this module persists the result with a saved version per step, and does the work some steps carry —
// finalising writes the number and end time into the document, locks the content and makes the PDF (signing is in
// signingSteps.ts, on the PDF currentPdf gives). Steps of one record run one at a time.
import { readFileSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import {
  applyLifecycle,
  type LifecycleCommand,
  type Minutes,
  type MinutesActor,
  type MinutesLifecycle,
} from '../../common/minutes.ts';
import { setHeaderField, type MinutesContent } from '../../common/minutesDoc.ts';
import type { BlobStore } from '../documents/BlobStore.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import type { SyncService } from '../sync/SyncService.ts';
import { exportMinutesPdf } from './exportPdf.ts';
import type { MinutesRecord, StoredVersion } from './MinutesStore.ts';
import { minutesKey, type MinutesRecords } from './records.ts';
import type { KeyedSerial } from './serial.ts';

type LifecycleAction = MinutesLifecycle['history'][number]['action'];

export function fail(error: { code: AppFailure['code']; detail: string }): never {
  throw new AppFailure(error.code, error.detail);
}

/** The content part of the model (what versions keep). */
export function contentOf(minutes: Minutes): MinutesContent {
  const { id: _id, meetingId: _meeting, lifecycle: _lifecycle, ...content } = minutes;
  return content;
}

/** The version a step saves: the whole content as it is after the step, who did it, when, and the PDF if any. */
export function versionOf(
  action: LifecycleAction,
  minutes: Minutes,
  by: Pick<Participant, 'id' | 'name'>,
  pdfSha256: string | null,
  at: string,
): Omit<StoredVersion, 'version'> {
  return {
    action,
    state: minutes.lifecycle.state,
    content: contentOf(minutes),
    pdfSha256,
    actorId: by.id,
    actorName: by.name,
    createdAt: at,
  };
}

export function actorOf(participant: Participant): MinutesActor {
  if (participant.role === 'guest') throw new AppFailure('forbidden', 'guests do not take part in the minutes', 'role');
  return { id: participant.id, role: participant.role };
}

export interface MinutesLifecycleOptions {
  records: MinutesRecords;
  sync: SyncService;
  /** PDFs of final and signed records (content-addressed, shared with agenda documents). */
  blobs: BlobStore;
  serial: KeyedSerial;
  fontDir?: string;
}

export class MinutesLifecycleSteps {
  readonly #o: MinutesLifecycleOptions;

  constructor(options: MinutesLifecycleOptions) {
    this.#o = options;
  }

  /** submitForReview, returnToDraft, finalise, reopen; returns the saved record. */
  act(meetingId: string, participant: Participant, command: LifecycleCommand): Promise<MinutesRecord> {
    return this.#o.serial.run(meetingId, async () => {
      const record = this.#o.records.open(meetingId);
      const actor = actorOf(participant);
      const now = new Date().toISOString();
      if (command.action === 'finalise') return this.#finalise(record, participant, actor, command.number, now);
      const result = applyLifecycle(this.#o.records.minutes(record), command, actor, now);
      if (!result.ok) fail(result.error);
      const reopened = command.action === 'reopen';
      return this.#o.records.store.save(
        {
          ...record,
          lifecycle: result.minutes.lifecycle,
          // Reopened: the document is the content again, and the PDF of the locked record is no longer current.
          content: reopened ? null : record.content,
          pdfSha256: reopened ? null : record.pdfSha256,
          pdfPages: reopened ? null : record.pdfPages,
        },
        versionOf(command.action, result.minutes, participant, reopened ? null : record.pdfSha256, now),
      );
    });
  }

  /**
   * The record's current PDF (final, or as last signed), made again if its blob is missing. Called by steps only
   * (it may store the PDF it makes), inside the record's serial section.
   */
  async currentPdf(record: MinutesRecord, minutes: Minutes): Promise<{ data: Buffer; pages: number }> {
    const blobs = this.#o.blobs;
    if (record.pdfSha256 && blobs.has(record.pdfSha256)) {
      return { data: readFileSync(blobs.path(record.pdfSha256)), pages: record.pdfPages ?? 1 };
    }
    if (record.lifecycle.signatures.length > 0) {
      throw new AppFailure('internal', `the signed PDF ${record.pdfSha256} of ${record.id} is missing from the store`);
    }
    const pdf = await exportMinutesPdf(minutes, this.#font());
    blobs.put(pdf.pdf);
    this.#o.records.store.save({ ...record, pdfSha256: pdf.sha256, pdfPages: pdf.pages });
    return { data: pdf.pdf, pages: pdf.pages };
  }

  /** Locks the record: the number and end time go into the document, the content is saved, the PDF made. */
  async #finalise(
    record: MinutesRecord,
    participant: Participant,
    actor: MinutesActor,
    number: string | undefined,
    now: string,
  ): Promise<MinutesRecord> {
    const { records } = this.#o;
    const meeting = records.meeting(record.meetingId);
    const current = records.minutes(record);
    const endedAt = current.header.endedAt ?? meeting.endedAt ?? now;
    const draft: Minutes = { ...current, header: { ...current.header, endedAt } };
    const result = applyLifecycle(draft, number ? { action: 'finalise', number } : { action: 'finalise' }, actor, now);
    if (!result.ok) fail(result.error);
    const locked = result.minutes;
    // Locked before anything is awaited: from here on every edit is refused (checkWrite reads the stored state).
    const saved = records.store.save({ ...record, lifecycle: locked.lifecycle, content: contentOf(locked) });
    await this.#o.sync.serverChange(minutesKey(record.meetingId), (doc) => {
      setHeaderField(doc, 'number', locked.header.number ?? '');
      setHeaderField(doc, 'endedAt', endedAt);
    });
    const pdf = await exportMinutesPdf(locked, this.#font());
    this.#o.blobs.put(pdf.pdf);
    return records.store.save(
      { ...saved, pdfSha256: pdf.sha256, pdfPages: pdf.pages },
      versionOf('finalise', locked, participant, pdf.sha256, now),
    );
  }

  #font(): { fontDir?: string } {
    return this.#o.fontDir ? { fontDir: this.#o.fontDir } : {};
  }
}
