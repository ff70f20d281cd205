// The minutes of each meeting, end to end: the record is created from the meeting on first use (its content seeded
// into the Yjs document everyone edits), moves along its lifecycle with a saved version and a history event per
// step, is exported (PDF, DOCX), signed by the secretary and then the chair (PAdES, incremental), and filed through
// the filing queue into the configured archive. Every change is announced as `changed` (the record's view).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { AppFailure } from '../../common/errors.ts';
import {
  applyLifecycle,
  isEditable,
  type LifecycleCommand,
  type Minutes,
  type MinutesActor,
  type MinutesLifecycle,
} from '../../common/minutes.ts';
import {
  isSeeded,
  mergeAttendance,
  readMinutesContent,
  seedMinutesDoc,
  setHeaderField,
  type MinutesContent,
} from '../../common/minutesDoc.ts';
import type {
  MinutesComment,
  MinutesExportFormat,
  MinutesExportProgress,
  MinutesExportResponse,
  MinutesTimelineEntry,
  MinutesView,
} from '../../common/minutesView.ts';
import type { FilingJob, FilingQueue } from '../archive/FilingQueue.ts';
import type { MinutesConfig } from '../config.ts';
import { sha256Hex, type BlobStore } from '../documents/BlobStore.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { Meeting, MeetingStore, Participant } from '../meetings/MeetingStore.ts';
import { syncDocKey, type SyncDocKey } from '../sync/docNames.ts';
import type { SyncService } from '../sync/SyncService.ts';
import { exportMinutesDocx } from './exportDocx.ts';
import { exportMinutesPdf } from './exportPdf.ts';
import { CONTENT_TYPES, ExportCache } from './exports.ts';
import { archiveDocument, filingKey } from './filing.ts';
import { SigningIdentities } from './identities.ts';
import { MinutesStore, type MinutesRecord } from './MinutesStore.ts';
import { initialContent, meetingAttendance } from './seed.ts';
import { signMinutesPdf } from './sign.ts';
import { buildTimeline } from './timeline.ts';
import { slug } from '../archive/DocumentArchive.ts';

export interface MinutesServiceOptions {
  config: MinutesConfig;
  dataDir: string;
  tokenSecret: string;
  meetings: MeetingStore;
  sync: SyncService;
  live: LiveRegistry;
  /** The content-addressed blob folder (shared with agenda documents): PDFs of final and signed records. */
  blobs: BlobStore;
  queue: FilingQueue;
  /** A document's title for the timeline ("documents shown"). */
  documentTitle(documentId: string): string | null;
  fontDir?: string;
}

type Events = { changed: [MinutesView] };

const SYSTEM = { id: 'system', name: 'Hệ thống' };
const ZERO_HASH = '0'.repeat(64);

function fail(error: { code: AppFailure['code']; detail: string }): never {
  throw new AppFailure(error.code, error.detail);
}

export class MinutesService extends EventEmitter<Events> {
  readonly store: MinutesStore;
  readonly identities: SigningIdentities;
  readonly exports: ExportCache;
  readonly #o: MinutesServiceOptions;
  readonly #locks = new Map<string, Promise<unknown>>();
  /** Records whose document this process has seen seeded (the check is then skipped on every later request). */
  readonly #seeded = new Set<string>();
  #started = false;

  constructor(options: MinutesServiceOptions) {
    super();
    this.#o = options;
    this.store = new MinutesStore(options.meetings.db);
    this.identities = new SigningIdentities(this.store, options.dataDir);
    this.exports = new ExportCache(options.tokenSecret);
  }

  get archive(): string {
    return this.#o.config.archive.adapter;
  }

  /** Starts filing; completes the lifecycle of records whose filing finished while nobody was listening. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#o.queue.on('change', (job) => void this.#filingChanged(job));
    this.#o.queue.start();
    for (const record of this.store.awaitingFiling()) {
      const job = this.#o.queue.get(record.filingKey!);
      if (job) void this.#filingChanged(job);
    }
  }

  async stop(): Promise<void> {
    await this.#o.queue.stop();
  }

  key(meetingId: string): SyncDocKey {
    return syncDocKey(meetingId, '', { layer: 'minutes' });
  }

  /** The record of the meeting, created (and its document seeded) on first use. */
  ensure(meetingId: string): MinutesRecord {
    const meeting = this.#meeting(meetingId);
    let record = this.store.get(meetingId);
    if (!record) {
      const now = new Date().toISOString();
      const content = initialContent(this.#o.config, this.#o.meetings, meeting, this.#o.live.peek(meetingId));
      record = this.store.create(
        {
          id: `bien-ban-${meetingId}`,
          meetingId,
          lifecycle: { state: 'draft', signatures: [], filingReceipt: null, history: [] },
          // The chair writes the conclusions: a co-editor from the start; the secretary invites others.
          coEditorIds: meeting.participants.filter((p) => p.role === 'chair').map((p) => p.id),
          content: null,
          pdfSha256: null,
          pdfPages: null,
          filingKey: null,
          createdAt: now,
          updatedAt: now,
        },
        {
          action: 'created',
          state: 'draft',
          content,
          pdfSha256: null,
          actorId: SYSTEM.id,
          actorName: SYSTEM.name,
          createdAt: now,
        },
      );
    }
    // Idempotent, and checked once per process: a record created before a crash that lost the seed is seeded here.
    if (!this.#seeded.has(meetingId)) {
      this.#seeded.add(meetingId);
      this.#o.sync
        .serverChange(this.key(meetingId), (doc) => {
          if (!isSeeded(doc)) {
            seedMinutesDoc(
              doc,
              initialContent(this.#o.config, this.#o.meetings, meeting, this.#o.live.peek(meetingId)),
            );
          }
        })
        .catch((error: unknown) => {
          this.#seeded.delete(meetingId);
          console.error('[minutes] seeding the document failed', error);
        });
    }
    return record;
  }

  view(meetingId: string, record = this.ensure(meetingId)): MinutesView {
    const meeting = this.#meeting(meetingId);
    const names = new Map(meeting.participants.map((p) => [p.id, p.name] as const));
    const job = record.filingKey ? this.#o.queue.get(record.filingKey) : undefined;
    const content = record.content;
    return {
      id: record.id,
      meetingId,
      state: record.lifecycle.state,
      number: content?.header.number ?? null,
      signatures: record.lifecycle.signatures,
      history: record.lifecycle.history.map((e) => ({ ...e, actorName: names.get(e.actorId) ?? e.actorId })),
      versions: this.store.versions(record.id),
      coEditorIds: record.coEditorIds,
      comments: this.store.comments(record.id),
      filing: job
        ? {
            state: job.state,
            target: job.target,
            attempts: job.attempts,
            nextAttemptAt: job.nextAttemptAt,
            lastError: job.lastError,
            receipt: job.receipt
              ? {
                  archive: job.receipt.archive,
                  id: job.receipt.id,
                  location: job.receipt.location ?? null,
                  filedAt: job.receipt.filedAt,
                  version: job.receipt.version ?? null,
                }
              : null,
          }
        : null,
      archive: this.archive,
      updatedAt: record.updatedAt,
    };
  }

  /** The record as the model (content from the live document while editable, the locked content after). */
  minutes(record: MinutesRecord): Minutes {
    const content = record.content ?? this.#o.sync.read(this.key(record.meetingId), readMinutesContent);
    return { id: record.id, meetingId: record.meetingId, ...content, lifecycle: record.lifecycle };
  }

  /** Throws unless this participant may write in the record now (the sync handler asks before every update). */
  checkWrite(meetingId: string, participant: Participant): MinutesRecord {
    const record = this.store.get(meetingId) ?? this.ensure(meetingId);
    if (!isEditable(record.lifecycle.state)) {
      throw new AppFailure('minutes_locked', `the minutes are ${record.lifecycle.state} and can no longer be edited`);
    }
    if (participant.role !== 'secretary' && !record.coEditorIds.includes(participant.id)) {
      throw new AppFailure(
        'forbidden',
        `${participant.name} is not an editor of the minutes; the secretary can invite co-editors`,
        'not_minutes_editor',
      );
    }
    return record;
  }

  /** Whether this participant may write now (for opening: editors' attendance refresh). */
  canWrite(meetingId: string, participant: Participant): boolean {
    try {
      this.checkWrite(meetingId, participant);
      return true;
    } catch {
      return false;
    }
  }

  async act(meetingId: string, participant: Participant, command: LifecycleCommand): Promise<MinutesView> {
    return this.#serial(meetingId, async () => {
      const record = this.ensure(meetingId);
      const actor = this.#actor(participant);
      const now = new Date().toISOString();
      if (command.action === 'finalise') return this.#finalise(record, participant, actor, command.number, now);
      const minutes = this.minutes(record);
      const result = applyLifecycle(minutes, command, actor, now);
      if (!result.ok) fail(result.error);
      const reopened = command.action === 'reopen';
      const saved = this.store.save(
        {
          ...record,
          lifecycle: result.minutes.lifecycle,
          // Reopened: the document is the content again, and the PDF of the locked record is no longer current.
          content: reopened ? null : record.content,
          pdfSha256: reopened ? null : record.pdfSha256,
          pdfPages: reopened ? null : record.pdfPages,
        },
        this.#version(command.action, result.minutes, participant, reopened ? null : record.pdfSha256, now),
      );
      return this.#announce(saved);
    });
  }

  async sign(meetingId: string, participant: Participant, password: string | undefined): Promise<MinutesView> {
    return this.#serial(meetingId, async () => {
      const record = this.ensure(meetingId);
      const actor = this.#actor(participant);
      const minutes = this.minutes(record);
      // The same checks as the real step (state, role, order), before any key is touched.
      const check = applyLifecycle(
        minutes,
        { action: 'sign', name: participant.name, pdfSha256: ZERO_HASH },
        actor,
        '',
      );
      if (!check.ok) fail(check.error);
      const identity = this.identities.load(meetingId, participant, password);
      const pdf = await this.#currentPdf(record, minutes);
      const role = actor.role === 'chair' ? 'chair' : 'secretary';
      const signed = await signMinutesPdf(pdf.data, {
        role,
        identity,
        title: role === 'chair' ? 'Chủ trì' : 'Thư ký',
        reason: role === 'chair' ? 'Chủ trì ký biên bản cuộc họp' : 'Thư ký ký biên bản cuộc họp',
        location: minutes.header.place,
        ...(this.#o.fontDir ? { fontDir: this.#o.fontDir } : {}),
      });
      this.#o.blobs.put(signed.pdf);
      const at = signed.signedAt.toISOString();
      const result = applyLifecycle(
        minutes,
        { action: 'sign', name: identity.commonName, pdfSha256: signed.sha256 },
        actor,
        at,
      );
      if (!result.ok) fail(result.error);
      const saved = this.store.save(
        { ...record, lifecycle: result.minutes.lifecycle, pdfSha256: signed.sha256, pdfPages: pdf.pages },
        this.#version('sign', result.minutes, participant, signed.sha256, at),
      );
      return this.#announce(saved);
    });
  }

  /** Renders the record (or one of its versions) for download; the PDF of a final record is the stored one. */
  async export(
    meetingId: string,
    participant: Participant,
    format: MinutesExportFormat,
    versionNumber: number | undefined,
    onProgress: (progress: MinutesExportProgress) => void,
  ): Promise<MinutesExportResponse> {
    const record = this.ensure(meetingId);
    let minutes = this.minutes(record);
    let storedPdf = record.pdfSha256;
    if (versionNumber !== undefined) {
      const version = this.store.version(record.id, versionNumber);
      if (!version) throw new AppFailure('not_found', `the minutes have no version ${versionNumber}`);
      minutes = { ...minutes, ...version.content, lifecycle: { ...minutes.lifecycle, state: version.state } };
      storedPdf = version.pdfSha256;
    }
    const id = this.exports.newId();
    const progress = (phase: MinutesExportProgress['phase'], done: number, total: number) =>
      onProgress({ exportId: id, format, phase, done, total });
    let data: Buffer;
    if (format === 'pdf' && storedPdf && this.#o.blobs.has(storedPdf)) {
      data = readFileSync(this.#o.blobs.path(storedPdf));
    } else if (format === 'pdf') {
      data = (
        await exportMinutesPdf(minutes, {
          onProgress: (p) => progress(p.phase, p.done, p.total),
          ...(this.#o.fontDir ? { fontDir: this.#o.fontDir } : {}),
        })
      ).pdf;
    } else {
      data = await exportMinutesDocx(minutes, { onProgress: (p) => progress(p.phase, p.done, p.total) });
    }
    const { file, url } = this.exports.put({
      id,
      meetingId,
      participantId: participant.id,
      format,
      fileName: exportFileName(minutes, format, versionNumber),
      contentType: CONTENT_TYPES[format],
      data,
      sha256: sha256Hex(data),
    });
    progress('done', 1, 1);
    return {
      exportId: id,
      url,
      fileName: file.fileName,
      sha256: file.sha256,
      size: data.byteLength,
      expiresAt: new Date(file.exp * 1000).toISOString(),
    };
  }

  /** Queues the signed record for the archive; a failed filing is put back in the queue. */
  async file(meetingId: string, participant: Participant): Promise<MinutesView> {
    return this.#serial(meetingId, async () => {
      const record = this.ensure(meetingId);
      const minutes = this.minutes(record);
      const check = applyLifecycle(minutes, { action: 'file', receipt: 'pending' }, this.#actor(participant), '');
      if (!check.ok) fail(check.error);
      if (record.filingKey && this.#o.queue.get(record.filingKey)) {
        await this.#o.queue.retry(record.filingKey);
        return this.view(meetingId, record);
      }
      const pdf = await this.#currentPdf(record, minutes);
      const key = filingKey(minutes, pdf.data);
      const saved = this.store.save({ ...record, filingKey: key });
      await this.#o.queue.enqueue(this.archive, archiveDocument(minutes, pdf.data, pdf.pages), key);
      this.#o.meetings.audit.append(meetingId, participant, 'fileMinutes', record.id, { archive: this.archive });
      return this.#announce(saved);
    });
  }

  comment(meetingId: string, participant: Participant, sectionId: string | null, text: string): MinutesComment {
    const record = this.ensure(meetingId);
    if (!isEditable(record.lifecycle.state)) {
      throw new AppFailure('minutes_locked', 'comments are for the draft; the minutes are locked');
    }
    const comment = this.store.addComment(record.id, {
      id: `comment-${this.exports.newId()}`,
      sectionId,
      authorId: participant.id,
      authorName: participant.name,
      text: text.normalize('NFC'),
      createdAt: new Date().toISOString(),
    });
    this.#announce(record);
    return comment;
  }

  resolveComment(meetingId: string, participant: Participant, commentId: string): void {
    const record = this.ensure(meetingId);
    if (!this.store.resolveComment(record.id, commentId, participant.id)) {
      throw new AppFailure('not_found', `no open comment ${commentId}`);
    }
    this.#announce(record);
  }

  setEditors(meetingId: string, participantIds: string[]): MinutesView {
    const meeting = this.#meeting(meetingId);
    const known = new Set(meeting.participants.map((p) => p.id));
    const unknown = participantIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new AppFailure('not_found', `not participants of this meeting: ${unknown.join(', ')}`);
    const record = this.ensure(meetingId);
    return this.#announce(this.store.save({ ...record, coEditorIds: [...new Set(participantIds)] }));
  }

  /** Marks everyone who has joined as present, adds participants who were not listed; returns the list's length. */
  async refreshAttendance(meetingId: string): Promise<number> {
    const meeting = this.#meeting(meetingId);
    const entries = meetingAttendance(this.#o.meetings, meeting, this.#o.live.peek(meetingId));
    await this.#o.sync.serverChange(this.key(meetingId), (doc) => mergeAttendance(doc, entries));
    return entries.length;
  }

  timeline(meetingId: string): MinutesTimelineEntry[] {
    return buildTimeline(this.#o.meetings, this.#meeting(meetingId), this.#o.documentTitle);
  }

  // ---- internals ----------------------------------------------------------------------------------------------

  /** Locks the record: the number and end time go into the document, the content is saved, the PDF made. */
  async #finalise(
    record: MinutesRecord,
    participant: Participant,
    actor: MinutesActor,
    number: string | undefined,
    now: string,
  ): Promise<MinutesView> {
    const meeting = this.#meeting(record.meetingId);
    const current = this.minutes(record);
    const endedAt = current.header.endedAt ?? meeting.endedAt ?? now;
    const draft: Minutes = { ...current, header: { ...current.header, endedAt } };
    const result = applyLifecycle(draft, number ? { action: 'finalise', number } : { action: 'finalise' }, actor, now);
    if (!result.ok) fail(result.error);
    const locked = result.minutes;
    const content = contentOf(locked);
    // Locked before anything is awaited: from here on every edit is refused (checkWrite reads the stored state).
    let saved = this.store.save({ ...record, lifecycle: locked.lifecycle, content });
    await this.#o.sync.serverChange(this.key(record.meetingId), (doc) => {
      setHeaderField(doc, 'number', locked.header.number ?? '');
      setHeaderField(doc, 'endedAt', endedAt);
    });
    const pdf = await exportMinutesPdf(locked, this.#o.fontDir ? { fontDir: this.#o.fontDir } : {});
    this.#o.blobs.put(pdf.pdf);
    saved = this.store.save(
      { ...saved, pdfSha256: pdf.sha256, pdfPages: pdf.pages },
      this.#version('finalise', locked, participant, pdf.sha256, now),
    );
    return this.#announce(saved);
  }

  /** The record's current PDF (final, or as last signed), made again if its blob is missing. */
  async #currentPdf(record: MinutesRecord, minutes: Minutes): Promise<{ data: Buffer; pages: number }> {
    if (record.pdfSha256 && this.#o.blobs.has(record.pdfSha256)) {
      return { data: readFileSync(this.#o.blobs.path(record.pdfSha256)), pages: record.pdfPages ?? 1 };
    }
    if (record.lifecycle.signatures.length > 0) {
      throw new AppFailure('internal', `the signed PDF ${record.pdfSha256} of ${record.id} is missing from the store`);
    }
    const pdf = await exportMinutesPdf(minutes, this.#o.fontDir ? { fontDir: this.#o.fontDir } : {});
    this.#o.blobs.put(pdf.pdf);
    this.store.save({ ...record, pdfSha256: pdf.sha256, pdfPages: pdf.pages });
    return { data: pdf.pdf, pages: pdf.pages };
  }

  async #filingChanged(job: FilingJob): Promise<void> {
    const found = this.store.byFilingKey(job.key);
    if (!found) return;
    if (job.state !== 'filed' || found.lifecycle.state !== 'signed' || !job.receipt) {
      this.#announce(found);
      return;
    }
    await this.#serial(found.meetingId, async () => {
      const record = this.store.get(found.meetingId);
      if (!record || record.lifecycle.state !== 'signed') return;
      const filer = record.lifecycle.signatures.find((s) => s.role === 'secretary')?.actorId ?? SYSTEM.id;
      const minutes = this.minutes(record);
      const now = new Date().toISOString();
      const receipt = `${job.receipt!.archive}:${job.receipt!.id}`;
      const result = applyLifecycle(minutes, { action: 'file', receipt }, { id: filer, role: 'secretary' }, now);
      if (!result.ok) {
        console.error('[minutes] filed, but the lifecycle refused it', result.error);
        return;
      }
      const participant = this.#o.meetings.participant(record.meetingId, filer);
      const saved = this.store.save(
        { ...record, lifecycle: result.minutes.lifecycle },
        this.#version('file', result.minutes, participant ?? SYSTEM, record.pdfSha256, now),
      );
      this.#announce(saved);
    });
  }

  #announce(record: MinutesRecord): MinutesView {
    const view = this.view(record.meetingId, this.store.get(record.meetingId) ?? record);
    this.emit('changed', view);
    return view;
  }

  #version(
    action: MinutesLifecycleAction,
    minutes: Minutes,
    participant: Pick<Participant, 'id' | 'name'>,
    pdfSha256: string | null,
    at: string,
  ) {
    return {
      action,
      state: minutes.lifecycle.state,
      content: contentOf(minutes),
      pdfSha256,
      actorId: participant.id,
      actorName: participant.name,
      createdAt: at,
    };
  }

  #actor(participant: Participant): MinutesActor {
    if (participant.role === 'guest')
      throw new AppFailure('forbidden', 'guests do not take part in the minutes', 'role');
    return { id: participant.id, role: participant.role };
  }

  #meeting(meetingId: string): Meeting {
    const meeting = this.#o.meetings.get(meetingId);
    if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
    return meeting;
  }

  /** One lifecycle change at a time per record (signing and exporting await in the middle). */
  #serial<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(meetingId) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.#locks.set(
      meetingId,
      next.catch(() => undefined),
    );
    return next;
  }
}

type MinutesLifecycleAction = MinutesLifecycle['history'][number]['action'];

/** The content part of the model (what versions keep). */
function contentOf(minutes: Minutes): MinutesContent {
  const { id: _id, meetingId: _meeting, lifecycle: _lifecycle, ...content } = minutes;
  return content;
}

/** "bien-ban-15-BB-VPB.pdf"; a draft "bien-ban-du-thao-2026-11-23.pdf"; a version gets "-v3". */
export function exportFileName(minutes: Minutes, format: MinutesExportFormat, version?: number): string {
  const h = minutes.header;
  const base =
    h.number && !isEditable(minutes.lifecycle.state)
      ? `bien-ban-${slug(`${h.number}-${h.notation}`)}`
      : `bien-ban-du-thao-${h.date || 'khong-ngay'}`;
  return `${base}${version ? `-v${version}` : ''}.${format}`;
}
