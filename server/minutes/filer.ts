// Filing a signed record, and reconciling the record with the filing queue. Filing puts the signed PDF into the
// queue for the configured archive (or retries a failed job); the queue reports every change, and when a job is
// filed the lifecycle's `file` step records the receipt — also for jobs that finished while this process was down,
// which start() completes. A record a receiving system refused (edXML status 02) can be filed again by the secretary;
// a filed record can be updated, replaced or recalled by the chair or the secretary (a follow-up package, followUps.ts).
import { applyLifecycle, LIFECYCLE_RULES } from '../../common/minutes.ts';
import { FOLLOW_UP_ROLES, followUpRefusal, type FilingFollowUpRequest } from '../../common/minutesFiling.ts';
import { AppFailure } from '../../common/errors.ts';
import { sha256, type ArchiveAttachment, type ArchiveDocument } from '../archive/DocumentArchive.ts';
import type { FilingJob, FilingQueue } from '../archive/FilingQueue.ts';
import { refileOffered } from '../archive/receiverStatuses.ts';
import type { MeetingStore, Participant } from '../meetings/MeetingStore.ts';
import { archiveDocument, filingKey } from './filing.ts';
import { filingFollowUps, followUpJobsOf, followUpKey, originalKeyOf } from './followUps.ts';
import { actorOf, fail, versionOf, type MinutesLifecycleSteps } from './lifecycle.ts';
import type { MinutesRecord } from './MinutesStore.ts';
import { SYSTEM, type MinutesRecords } from './records.ts';
import type { KeyedSerial } from './serial.ts';
import { logger } from '../log.ts';

const log = logger('minutes');

export interface MinutesFilerOptions {
  records: MinutesRecords;
  meetings: MeetingStore;
  queue: FilingQueue;
  /** The archive adapter filing goes to (configuration). */
  archive: string;
  steps: MinutesLifecycleSteps;
  serial: KeyedSerial;
  /** The record changed through the queue (its filing status, or the `file` step). */
  changed(record: MinutesRecord): void;
  /** Files filed with the record (the agenda documents, ARCHIVE_ATTACH_AGENDA=1); none when absent. */
  attachments?(meetingId: string): ArchiveAttachment[];
  /**
   * The copy that is filed, made from the record's signed PDF and kept in the blob store (the agency's signature
   * checked, then validation data and a document timestamp: signing/filedCopy.ts); the record's PDF becomes that copy.
   * Absent: the signed PDF is filed as it is.
   */
  filedCopy?(record: MinutesRecord, pdf: Buffer): Promise<Buffer>;
}

export class MinutesFiler {
  readonly #o: MinutesFilerOptions;
  #started = false;

  constructor(options: MinutesFilerOptions) {
    this.#o = options;
  }

  /** Starts the queue; completes the lifecycle of records whose filing finished while nobody was listening. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const { queue, records } = this.#o;
    queue.on('change', (job) => void this.#jobChanged(job));
    queue.start();
    for (const record of records.store.awaitingFiling()) {
      const job = queue.get(record.filingKey!);
      if (job) void this.#jobChanged(job);
    }
  }

  stop(): Promise<void> {
    return this.#o.queue.stop();
  }

  job(record: MinutesRecord): FilingJob | undefined {
    return record.filingKey ? this.#o.queue.get(record.filingKey) : undefined;
  }

  /** The follow-ups of the record's filing, oldest first. */
  followUps(record: MinutesRecord): FilingJob[] {
    return record.filingKey ? followUpJobsOf(this.#o.queue.list(), record.filingKey) : [];
  }

  /**
   * Queues an update, replacement or recall of the filed record for the archive that holds it, naming the original
   * by the id that archive gave it; refused unless the record is filed there and nothing else waits.
   */
  followUp(meetingId: string, participant: Participant, request: FilingFollowUpRequest): Promise<FilingJob> {
    const { records, queue, serial } = this.#o;
    return serial.run(meetingId, async () => {
      if (!FOLLOW_UP_ROLES.includes(participant.role)) {
        throw new AppFailure('forbidden', 'only the chair and the secretary update or recall the filed record', 'role');
      }
      const record = records.open(meetingId);
      const job = this.job(record);
      const followUps = this.followUps(record);
      const refusal =
        record.lifecycle.state === 'filed' && job
          ? followUpRefusal(job, filingFollowUps(job, followUps).state)
          : 'not_filed';
      if (refusal) throw FOLLOW_UP_REFUSALS[refusal](job?.target ?? this.#o.archive);
      const minutes = records.minutes(record);
      const document = await this.#document(record, minutes);
      const reason = request.reason?.trim() || null;
      const key = followUpKey(job!.key, followUps.length + 1);
      return queue.enqueueFollowUp(job!.key, { kind: request.kind, reason }, document, key);
    });
  }

  /** Queues the signed record for the archive, or puts a failed filing back in the queue; returns the record. */
  file(meetingId: string, participant: Participant): Promise<MinutesRecord> {
    const { records, queue, serial, archive } = this.#o;
    return serial.run(meetingId, async () => {
      const record = records.open(meetingId);
      const minutes = records.minutes(record);
      const job = record.filingKey ? queue.get(record.filingKey) : undefined;
      if (job?.state === 'filed' && refileOffered(job.receiverStatuses, job.refiledAt)) {
        if (!LIFECYCLE_RULES.file.roles.includes(actorOf(participant).role)) {
          throw new AppFailure('forbidden', 'only the secretary files the minutes', 'role');
        }
        await queue.refile(job.key, await this.#document(record, minutes));
        return record;
      }
      const check = applyLifecycle(minutes, { action: 'file', receipt: 'pending' }, actorOf(participant), '');
      if (!check.ok) fail(check.error);
      if (job) {
        await queue.retry(job.key);
        return record;
      }
      let current = record;
      if (this.#o.filedCopy) {
        const signed = await this.#o.steps.currentPdf(record, minutes);
        const copy = await this.#o.filedCopy(record, signed.data);
        if (!copy.equals(signed.data)) current = records.store.save({ ...record, pdfSha256: sha256(copy) });
      }
      const document = await this.#document(current, minutes);
      const key = filingKey(minutes, document.pdf);
      const saved = records.store.save({ ...current, filingKey: key });
      await queue.enqueue(archive, document, key);
      return saved;
    });
  }

  async #document(record: MinutesRecord, minutes: ReturnType<MinutesRecords['minutes']>): Promise<ArchiveDocument> {
    const pdf = await this.#o.steps.currentPdf(record, minutes);
    const attachments = this.#o.attachments?.(record.meetingId) ?? [];
    return { ...archiveDocument(minutes, pdf.data, pdf.pages), ...(attachments.length ? { attachments } : {}) };
  }

  async #jobChanged(job: FilingJob): Promise<void> {
    const { records, serial } = this.#o;
    const original = originalKeyOf(job.key);
    const found = records.store.byFilingKey(original ?? job.key);
    if (!found) return;
    // A follow-up changes the record's filing status only; the lifecycle ended with the first filing.
    if (original) return this.#o.changed(found);
    if (job.state !== 'filed' || found.lifecycle.state !== 'signed' || !job.receipt) {
      this.#o.changed(found);
      return;
    }
    const receipt = `${job.receipt.archive}:${job.receipt.id}`;
    await serial.run(found.meetingId, async () => {
      const record = records.store.get(found.meetingId);
      if (!record || record.lifecycle.state !== 'signed') return;
      const filer = record.lifecycle.signatures.find((s) => s.role === 'secretary')?.actorId ?? SYSTEM.id;
      const minutes = records.minutes(record);
      const now = new Date().toISOString();
      const result = applyLifecycle(minutes, { action: 'file', receipt }, { id: filer, role: 'secretary' }, now);
      if (!result.ok) {
        log.error('filed, but the lifecycle refused it', result.error);
        return;
      }
      const participant = this.#o.meetings.participant(record.meetingId, filer);
      const saved = records.store.save(
        { ...record, lifecycle: result.minutes.lifecycle },
        versionOf('file', result.minutes, participant ?? SYSTEM, record.pdfSha256, now),
      );
      this.#o.changed(saved);
    });
  }
}

const FOLLOW_UP_REFUSALS: Record<NonNullable<ReturnType<typeof followUpRefusal>>, (archive: string) => AppFailure> = {
  not_filed: () =>
    new AppFailure(
      'minutes_invalid_transition',
      'the record has not been filed yet: only a filed record is recalled or updated',
      'not_filed',
    ),
  archive: (archive) =>
    new AppFailure(
      'archive_rejected',
      `the ${archive} archive takes no recall or update; only the edXML axis does`,
      'follow_up_archive',
    ),
  pending: () =>
    new AppFailure(
      'minutes_invalid_transition',
      'a package for this record is still waiting to be sent',
      'follow_up_pending',
    ),
  recalled: () => new AppFailure('minutes_invalid_transition', 'the record has been recalled', 'recalled'),
};
