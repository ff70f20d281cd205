// The minutes' state beside its Yjs document, kept in step with the server: the record's view (lifecycle,
// versions, comments, signatures, filing), the caller's signing identity, an export in progress, the timeline.
// Requests the lifecycle, signing, exports (downloaded through their signed URL) and filing.
import type { LifecycleCommand } from '../../../common/minutes.ts';
import type { FilingFollowUpRequest } from '../../../common/minutesFiling.ts';
import type {
  MinutesExportFormat,
  MinutesExportProgress,
  MinutesSignRemoteResult,
  MinutesTimelineEntry,
  MinutesView,
  SigningIdentityInfo,
} from '../../../common/minutesView.ts';
import type { CSRF_HEADER } from '../../../common/office.ts';
import { Store } from '../../app/store.ts';
import type { MeetingSession } from '../meeting/session.ts';
import type { Signer } from './signers.ts';

/** Same value as `CSRF_HEADER` in common/office.ts (a type import keeps zod out of the bundle). */
const CSRF: typeof CSRF_HEADER = 'x-phonghop-csrf';

export type MinutesBusy = 'action' | 'sign' | 'file' | 'import' | null;

export interface MinutesUiState {
  /** False until the record was opened once (created on the server on first open). */
  opened: boolean;
  view: MinutesView | null;
  identity: SigningIdentityInfo | null;
  exporting: MinutesExportProgress | null;
  busy: MinutesBusy;
  timeline: MinutesTimelineEntry[] | null;
  /** A signature sent to the signer's phone, waiting for the confirmation there. */
  remote: { signatureId: string; expiresAt: string } | null;
  /** How the last remote signature ended. */
  remoteResult: MinutesSignRemoteResult | null;
}

const INITIAL: MinutesUiState = {
  opened: false,
  view: null,
  identity: null,
  exporting: null,
  busy: null,
  timeline: null,
  remote: null,
  remoteResult: null,
};

/** Lets the browser download a URL of our origin under a file name (the server answers with an attachment). */
export function download(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = new URL(url, window.location.origin).toString();
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Export progress as a percentage: layout is most of the work, fonts and writing the rest. */
export function exportPercent(p: MinutesExportProgress): number {
  if (p.phase === 'done') return 100;
  const share = p.total > 0 ? p.done / p.total : 0;
  const [from, span] = p.phase === 'layout' ? [0, 70] : p.phase === 'fonts' ? [70, 10] : [80, 20];
  return Math.min(99, Math.round(from + span * share));
}

export class MinutesStore extends Store<MinutesUiState> {
  #session: MeetingSession | null = null;

  constructor() {
    super(INITIAL);
  }

  attach(session: MeetingSession): () => void {
    this.#session = session;
    const offs = [
      session.onJoined(() => {
        if (this.getState().opened) void this.open().catch(() => undefined);
      }),
      session.on('minutesChanged', (view) =>
        this.update((s) => (s.view && s.view.updatedAt > view.updatedAt ? s : { ...s, view })),
      ),
      session.on('minutesSignRemoteResult', (result) =>
        this.update((s) =>
          s.remote?.signatureId === result.signatureId ? { ...s, remote: null, remoteResult: result } : s,
        ),
      ),
      session.on('minutesExportProgress', (progress) =>
        this.update((s) =>
          s.exporting?.exportId === progress.exportId || !s.exporting ? { ...s, exporting: progress } : s,
        ),
      ),
    ];
    return () => {
      offs.forEach((off) => off());
      this.#session = null;
    };
  }

  get session(): MeetingSession {
    if (!this.#session) throw new Error('the minutes store is not attached to a session');
    return this.#session;
  }

  /** Opens (creates on first use) the record and learns the caller's signing identity. */
  async open(): Promise<void> {
    const { minutes, identity } = await this.session.request('minutesOpen', {});
    this.update((s) => ({ ...s, opened: true, view: minutes, identity }));
  }

  async act(command: Exclude<LifecycleCommand, { action: 'sign' } | { action: 'file' }>): Promise<void> {
    await this.#busy('action', async () => this.#setView(await this.session.request('minutesAction', command, 60_000)));
  }

  /** Signs with the demo identity a demo server holds for the caller. */
  async sign(): Promise<void> {
    await this.#busy('sign', async () => this.#setView(await this.session.request('minutesSign', {}, 60_000)));
  }

  async file(): Promise<void> {
    await this.#busy('file', async () => this.#setView(await this.session.request('minutesFile', {}, 30_000)));
  }

  /** Sends an update, replacement or recall of the filed record (the chair or the secretary). */
  async followUp(request: FilingFollowUpRequest): Promise<void> {
    await this.#busy('file', async () => this.#setView(await this.session.request('minutesFollowUp', request, 30_000)));
  }

  /** Renders the record (or a version) on the server, with progress, then downloads it. */
  async export(format: MinutesExportFormat, version?: number): Promise<void> {
    this.update((s) => ({ ...s, exporting: { exportId: '', format, phase: 'layout', done: 0, total: 1 } }));
    try {
      const made = await this.session.request('minutesExport', version ? { format, version } : { format }, 120_000);
      download(made.url, made.fileName);
    } finally {
      this.update((s) => ({ ...s, exporting: null }));
    }
  }

  async comment(sectionId: string | null, text: string): Promise<void> {
    await this.session.request('minutesComment', { sectionId, text });
  }

  async resolveComment(commentId: string): Promise<void> {
    await this.session.request('minutesResolveComment', { commentId });
  }

  async setEditors(participantIds: string[]): Promise<void> {
    this.#setView(await this.session.request('minutesSetEditors', { participantIds }));
  }

  async loadTimeline(): Promise<void> {
    const { entries } = await this.session.request('minutesTimeline', {});
    this.update((s) => ({ ...s, timeline: entries }));
  }

  async refreshAttendance(): Promise<void> {
    await this.session.request('minutesRefreshAttendance', {});
  }

  /**
   * Signs with a certificate the caller's account registered: the server prepares, `signer` (the desktop's token, a
   * file opened in this page) signs, the server embeds. A signer that fails or is cancelled gives the prepared
   * signature up, and the record stays as it was.
   */
  async signWith(signer: Signer, certificateSha256?: string): Promise<void> {
    await this.#busy('sign', async () => {
      const prepared = await this.session.request(
        'minutesSignPrepare',
        certificateSha256 ? { certificateSha256 } : {},
        60_000,
      );
      let signature: string;
      try {
        signature = await signer(prepared);
      } catch (error) {
        await this.session.request('minutesSignCancel', { signatureId: prepared.signatureId }).catch(() => {});
        throw error;
      }
      const view = await this.session.request(
        'minutesSignComplete',
        { signatureId: prepared.signatureId, signature },
        60_000,
      );
      this.#setView(view);
    });
  }

  /**
   * Registers a certificate for the signed-in account (the session cookie, never the invitation): the server checks
   * it (trust list, validity, key usage, revocation) and answers with what it will show.
   */
  async registerCertificate(certificate: string, chain: string[], method: 'token' | 'file'): Promise<void> {
    await this.#busy('import', async () => {
      await this.#registerIdentity('/api/signing/certificates', { certificate, chain, method });
    });
  }

  /**
   * Sends a signature to the signer's phone (remote signing): prepared here, confirmed there; the end comes as a
   * notification (remoteResult), the signature with the record's change.
   */
  async signRemote(certificateSha256: string): Promise<void> {
    await this.#busy('sign', async () => {
      const prepared = await this.session.request('minutesSignPrepare', { certificateSha256 }, 60_000);
      this.update((s) => ({ ...s, remoteResult: null }));
      const waiting = await this.session.request('minutesSignRemote', { signatureId: prepared.signatureId }, 60_000);
      this.update((s) => ({ ...s, remote: { signatureId: prepared.signatureId, expiresAt: waiting.expiresAt } }));
    });
  }

  /** Gives up the signature waiting on the phone; the end comes as a notification (failed, cancelled). */
  async cancelRemote(): Promise<void> {
    const waiting = this.getState().remote;
    if (waiting) await this.session.request('minutesSignCancel', { signatureId: waiting.signatureId });
  }

  /** Registers the account's certificate at the remote-signing provider, found by the user's ID there. */
  async registerRemote(userID: string): Promise<void> {
    await this.#busy('import', async () => {
      await this.#registerIdentity('/api/signing/remote', { userID });
    });
  }

  /** Registers a signing certificate to the signed-in account (POST, JSON); the account's identity is then it. */
  async #registerIdentity(path: string, request: object): Promise<void> {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', [CSRF]: '1' },
      body: JSON.stringify(request),
    });
    const body = (await response.json()) as {
      certificate?: SigningIdentityInfo;
      error?: { code: string; detail: string; reason?: string };
    };
    if (!response.ok || !body.certificate) {
      throw Object.assign(new Error(body.error?.detail ?? `HTTP ${response.status}`), body.error ?? {});
    }
    this.update((s) => ({ ...s, identity: body.certificate! }));
  }

  /** Keeps the signed-in account's handwritten-signature image (PNG with transparency) for its signatures. */
  async uploadSignatureImage(png: Blob): Promise<void> {
    const response = await fetch('/api/signing/image', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'image/png', [CSRF]: '1' },
      body: png,
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code: string; detail: string } };
      throw Object.assign(new Error(body.error?.detail ?? `HTTP ${response.status}`), body.error ?? {});
    }
  }

  #setView(view: MinutesView): void {
    this.update((s) => ({ ...s, view }));
  }

  async #busy(kind: Exclude<MinutesBusy, null>, run: () => Promise<void>): Promise<void> {
    this.update((s) => ({ ...s, busy: kind }));
    try {
      await run();
    } finally {
      this.update((s) => ({ ...s, busy: null }));
    }
  }
}
