// The minutes of each meeting, as the rest of the server sees them: one facade over the modules that do the work —
// records.ts (the record is created explicitly, when the meeting is first joined or by the first write; reads never
// create), view.ts (the pure projection clients get), lifecycle.ts (steps, signing), filer.ts (filing and the
// queue), exporter.ts (downloads) and collaboration.ts (editors, comments, attendance). Every change is announced
// as `changed` (the record's view), and every chair or secretary action on the minutes is audited here, in one place.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AppFailure } from '../../common/errors.ts';
import type { LifecycleCommand, Minutes } from '../../common/minutes.ts';
import type { FilingFollowUpRequest } from '../../common/minutesFiling.ts';
import type {
  MinutesComment,
  MinutesExportFormat,
  MinutesExportProgress,
  MinutesExportResponse,
  MinutesSignPrepared,
  MinutesSignRemoteResult,
  MinutesTimelineEntry,
  MinutesView,
} from '../../common/minutesView.ts';
import { agendaAttachments } from '../archive/agendaAttachments.ts';
import type { ArchiveAttachment } from '../archive/DocumentArchive.ts';
import type { FilingQueue } from '../archive/FilingQueue.ts';
import type { MinutesConfig } from '../config.ts';
import type { BlobStore } from '../documents/BlobStore.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { MeetingStore, Participant } from '../meetings/MeetingStore.ts';
import type { SyncDocKey } from '../sync/docNames.ts';
import type { SyncService } from '../sync/SyncService.ts';
import { MinutesCollaboration } from './collaboration.ts';
import { MinutesExporter } from './exporter.ts';
import { ExportCache } from './exports.ts';
import { MinutesFiler } from './filer.ts';
import { SigningIdentities } from './identities.ts';
import { MinutesLifecycleSteps } from './lifecycle.ts';
import { MinutesStore, type MinutesRecord } from './MinutesStore.ts';
import { MinutesRecords, minutesKey } from './records.ts';
import { KeyedSerial } from './serial.ts';
import { MinutesSigningSteps, type SignedRecord } from './signingSteps.ts';
import { CscClient } from './signing/csc/cscClient.ts';
import { registerRemoteCredential } from './signing/csc/remoteRegistration.ts';
import { RemoteCredentials, RemoteSignings } from './signing/csc/remoteSigning.ts';
import type { RegisteredCertificate } from './signing/certificateStore.ts';
import { sha256Hex } from './signing/certificateFields.ts';
import { makeFiledCopy } from './signing/filedCopy.ts';
import { AgencySigning } from './agencySigning.ts';
import { keyTypeOf } from './signing/cms.ts';
import { buildTimeline } from './timeline.ts';
import { projectMinutesView } from './view.ts';

export { exportFileName } from './exporter.ts';

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
  /** A demo server (`npm run demo`): only there do demo signing identities sign (identities.ts). */
  demo?: boolean;
  /** The meeting's recordings, filed with the record whatever ARCHIVE_ATTACH_AGENDA says (server/recording). */
  recordingAttachments?(meetingId: string): ArchiveAttachment[];
}

type Events = { changed: [MinutesView] };

export class MinutesService extends EventEmitter<Events> {
  readonly store: MinutesStore;
  readonly identities: SigningIdentities;
  readonly exports: ExportCache;
  /** Remote signing on the phone (CSC API); `configured` is false without CSC_URL. */
  readonly remote: RemoteSignings;
  readonly remoteCredentials: RemoteCredentials;
  /** The agency's signature with its seal, by its văn thư, before filing. */
  readonly agency: AgencySigning;
  readonly #o: MinutesServiceOptions;
  readonly #records: MinutesRecords;
  readonly #steps: MinutesLifecycleSteps;
  readonly #signing: MinutesSigningSteps;
  readonly #filer: MinutesFiler;
  readonly #exporter: MinutesExporter;
  readonly #collaboration: MinutesCollaboration;

  constructor(options: MinutesServiceOptions) {
    super();
    this.#o = options;
    const font = options.fontDir ? { fontDir: options.fontDir } : {};
    this.store = new MinutesStore(options.meetings.db);
    this.identities = new SigningIdentities(options.meetings.db, {
      demo: options.demo === true,
      signing: options.config.signing,
      dataDir: options.dataDir,
    });
    this.exports = new ExportCache(options.tokenSecret);
    const csc = options.config.signing.csc;
    this.remote = new RemoteSignings(csc ? new CscClient(csc) : null);
    this.remoteCredentials = new RemoteCredentials(options.dataDir);
    this.#records = new MinutesRecords(this.store, options);
    const serial = new KeyedSerial();
    this.#steps = new MinutesLifecycleSteps({
      records: this.#records,
      sync: options.sync,
      blobs: options.blobs,
      serial,
      ...font,
    });
    // The participants' signatures and the agency's work on the same records, identities and serial queue.
    const signingParts = {
      records: this.#records,
      blobs: options.blobs,
      identities: this.identities,
      steps: this.#steps,
      serial,
      signing: options.config.signing,
      ...font,
    };
    this.#signing = new MinutesSigningSteps(signingParts);
    this.agency = new AgencySigning({
      ...signingParts,
      dataDir: options.dataDir,
      changed: (record) => void this.#announce(record),
      remote: this.remote,
      remoteCredentials: this.remoteCredentials,
    });
    this.#filer = new MinutesFiler({
      records: this.#records,
      meetings: options.meetings,
      queue: options.queue,
      archive: this.archive,
      steps: this.#steps,
      serial,
      changed: (record) => void this.#announce(record),
      attachments: filedAttachments(options),
      filedCopy: async (_record, pdf) => {
        this.agency.requireSigned(pdf);
        const { tsaUrl, serviceTimeoutMs } = options.config.signing;
        const copy = await makeFiledCopy(pdf, { tsaUrl, timeoutMs: serviceTimeoutMs, trust: this.identities.trust });
        options.blobs.put(copy.pdf);
        return copy.pdf;
      },
    });
    this.#exporter = new MinutesExporter({
      records: this.#records,
      blobs: options.blobs,
      cache: this.exports,
      ...font,
    });
    this.#collaboration = new MinutesCollaboration(this.#records, options.sync, () => this.exports.newId());
  }

  get archive(): string {
    return this.#o.config.archive.adapter;
  }

  /** Starts filing; completes the lifecycle of records whose filing finished while nobody was listening. */
  start(): void {
    this.#filer.start();
  }

  async stop(): Promise<void> {
    this.remote.stop();
    await this.#filer.stop();
  }

  key(meetingId: string): SyncDocKey {
    return minutesKey(meetingId);
  }

  /** Creates the meeting's record (and seeds its document) if it has none; the join handler calls it. */
  open(meetingId: string): MinutesRecord {
    return this.#records.open(meetingId);
  }

  /** The record's view; for a meeting without a record, the draft it would start with (nothing is created). */
  view(meetingId: string): MinutesView {
    const { meeting, record, stored } = this.#records.read(meetingId);
    return projectMinutesView({
      participants: meeting.participants,
      record,
      versions: stored ? this.store.versions(record.id) : [],
      comments: stored ? this.store.comments(record.id) : [],
      job: this.#filer.job(record),
      followUps: this.#filer.followUps(record),
      archive: this.archive,
    });
  }

  /** The record as the model (content from the live document while editable, the locked content after). */
  minutes(record: MinutesRecord): Minutes {
    return this.#records.minutes(record);
  }

  /** Throws unless this participant may write in the record now (the sync handler asks before every update). */
  checkWrite(meetingId: string, participant: Participant): void {
    this.#collaboration.checkWrite(meetingId, participant);
  }

  /** Whether this participant may write now (for opening: editors' attendance refresh). */
  canWrite(meetingId: string, participant: Participant): boolean {
    return this.#collaboration.canWrite(meetingId, participant);
  }

  async act(meetingId: string, participant: Participant, command: LifecycleCommand): Promise<MinutesView> {
    const saved = await this.#steps.act(meetingId, participant, command);
    this.#audit(meetingId, participant, `minutes.${command.action}`, saved.id);
    return this.#announce(saved);
  }

  /** Signs with the demo identity this demo server holds for the participant. */
  async sign(meetingId: string, participant: Participant): Promise<MinutesView> {
    return this.#signed(meetingId, participant, await this.#signing.signWithDemo(meetingId, participant));
  }

  /** Prepares the caller's signature with their account's certificate, for their signer to sign. */
  async signPrepare(
    meetingId: string,
    participant: Participant,
    certificateSha256?: string,
  ): Promise<MinutesSignPrepared> {
    const prepared = await this.#signing.prepare(meetingId, participant, certificateSha256);
    this.#audit(meetingId, participant, 'minutes.signPrepare', prepared.signatureId, {
      subject: prepared.certificate.subject,
      issuer: prepared.certificate.issuer,
      sha256: prepared.certificate.sha256,
    });
    return prepared;
  }

  /** Embeds the signer's answer to a prepared signature. */
  async signComplete(
    meetingId: string,
    participant: Participant,
    signatureId: string,
    signature: Buffer,
  ): Promise<MinutesView> {
    const signed = await this.#signing.complete(meetingId, participant, signatureId, signature);
    return this.#signed(meetingId, participant, signed);
  }

  signCancel(meetingId: string, participant: Participant, signatureId: string): void {
    // The participant's own request on the phone, if one waits, is not waited for any more.
    const own = this.#signing.waiting(meetingId, participant, signatureId);
    this.#signing.cancel(meetingId, participant, signatureId);
    if (own) this.remote.cancel(signatureId);
  }

  /** Registers the account's certificate at the remote-signing provider (found by its user ID there). */
  registerRemote(userId: string, userID: string): Promise<RegisteredCertificate> {
    return registerRemoteCredential(
      { remote: this.remote, identities: this.identities, credentials: this.remoteCredentials },
      userId,
      userID,
    );
  }

  /** Sends a prepared signature to the signer's phone through the remote-signing provider. */
  signRemote(
    meetingId: string,
    participant: Participant,
    signatureId: string,
    callbackBase: string,
    notify: (result: MinutesSignRemoteResult) => void,
  ): Promise<{ state: 'waiting'; expiresAt: string }> {
    const pending = this.#signing.pending(meetingId, participant, signatureId);
    const certificate = pending.checked.certificate;
    const credential = participant.userId
      ? this.remoteCredentials.get(participant.userId, sha256Hex(certificate))
      : undefined;
    if (!credential) {
      throw new AppFailure(
        'signing_failed',
        'this certificate is not one of your remote-signing credentials',
        'certificate_not_registered',
      );
    }
    const minutes = this.view(meetingId);
    return this.remote.start({
      signatureId,
      credentialID: credential.credentialID,
      hash: createHash('sha256').update(pending.signedAttrs).digest(),
      keyType: keyTypeOf(certificate),
      description: `Biên bản cuộc họp số ${minutes.number ?? ''}`.trim(),
      callbackBase,
      timeoutMs: this.#o.config.signing.remoteTimeoutMs,
      pollIntervalMs: this.#o.config.signing.csc?.pollIntervalMs ?? 3000,
      complete: async (signature) => void (await this.signComplete(meetingId, participant, signatureId, signature)),
      cancel: () => this.signCancel(meetingId, participant, signatureId),
      notify,
    });
  }

  /** The audit log names the certificate that signed (the name the signer was shown). */
  #signed(meetingId: string, participant: Participant, signed: SignedRecord): MinutesView {
    this.#audit(meetingId, participant, 'minutes.sign', signed.record.id, signed.signer);
    return this.#announce(signed.record);
  }

  /** Renders the record (or one of its versions) for download; the PDF of a final record is the stored one. */
  export(
    meetingId: string,
    participant: Participant,
    format: MinutesExportFormat,
    versionNumber: number | undefined,
    onProgress: (progress: MinutesExportProgress) => void,
  ): Promise<MinutesExportResponse> {
    return this.#exporter.export(meetingId, participant, format, versionNumber, onProgress);
  }

  /** Queues the signed record for the archive; a failed filing is put back in the queue. */
  async file(meetingId: string, participant: Participant): Promise<MinutesView> {
    const saved = await this.#filer.file(meetingId, participant);
    this.#audit(meetingId, participant, 'minutes.file', saved.id, { archive: this.archive });
    return this.#announce(saved);
  }

  /** Sends an update, replacement or recall of the filed record (the chair or the secretary), audited. */
  async followUp(meetingId: string, participant: Participant, request: FilingFollowUpRequest): Promise<MinutesView> {
    const job = await this.#filer.followUp(meetingId, participant, request);
    const record = this.#records.open(meetingId);
    const { kind, reason = null } = request;
    const original = job.meta.business?.originalId ?? null;
    this.#audit(meetingId, participant, `minutes.${kind}`, record.id, { archive: job.target, original, reason });
    return this.#announce(record);
  }

  comment(meetingId: string, participant: Participant, sectionId: string | null, text: string): MinutesComment {
    const { record, comment } = this.#collaboration.comment(meetingId, participant, sectionId, text);
    this.#announce(record);
    return comment;
  }

  resolveComment(meetingId: string, participant: Participant, commentId: string): void {
    this.#announce(this.#collaboration.resolveComment(meetingId, participant, commentId));
  }

  setEditors(meetingId: string, participant: Participant, participantIds: string[]): MinutesView {
    const saved = this.#collaboration.setEditors(meetingId, participantIds);
    this.#audit(meetingId, participant, 'minutes.setEditors', saved.id, { participantIds });
    return this.#announce(saved);
  }

  /** Marks everyone who has joined as present, adds participants who were not listed; returns the list's length. */
  refreshAttendance(meetingId: string): Promise<number> {
    return this.#collaboration.refreshAttendance(meetingId);
  }

  timeline(meetingId: string): MinutesTimelineEntry[] {
    return buildTimeline(this.#o.meetings, this.#records.meeting(meetingId), this.#o.documentTitle);
  }

  /** The meeting's audit log, written after the action succeeded. */
  #audit(meetingId: string, participant: Participant, action: string, target: string, detail: unknown = null): void {
    this.#o.meetings.audit.append(meetingId, participant, action, target, detail);
  }

  #announce(record: MinutesRecord): MinutesView {
    const view = this.view(record.meetingId);
    this.emit('changed', view);
    return view;
  }
}

/** What is filed with a record: the agenda documents when configured, then the meeting's recordings. */
function filedAttachments(options: MinutesServiceOptions): (meetingId: string) => ArchiveAttachment[] {
  const agenda = options.config.archive.attachAgenda ? agendaAttachments(options.meetings.db, options.blobs) : null;
  return (meetingId) => [...(agenda?.(meetingId) ?? []), ...(options.recordingAttachments?.(meetingId) ?? [])];
}
