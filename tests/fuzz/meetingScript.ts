// The meeting the kill loop runs again and again while the server is killed under it: the chair uploads the agenda
// document, the chair and the delegates draw on its shared and private layers, the secretary and the chair write
// the minutes, the chair holds a named vote, the record is finalised, signed by the secretary and the chair with
// the certificates their accounts registered (signers.ts), and filed. Each step looks at the server's state first, so that after a restart the
// script goes on from wherever the server is; every acknowledgement goes into the ledger (killLedger.ts).
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { MARKS_MAP, type Mark } from '../../common/annotations.ts';
import { toBytes, type Binary, type DocumentInfo, type SyncRef } from '../../common/documents.ts';
import type { VoteInfo } from '../../common/meeting.ts';
import { findSection } from '../../common/minutesDoc.ts';
import type { MinutesOpenResponse, MinutesSignPrepared, MinutesView } from '../../common/minutesView.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';
import { FuzzConnection } from './fuzzConnection.ts';
import type { KillLedger, MeetingLedger } from './killLedger.ts';
import type { Rng } from './random.ts';
import { IdPool } from './schemaValues.ts';
import { uploadDocument } from './seed.ts';
import { SyncShadows } from './syncShadows.ts';
import { signPrepared, type SignerRole, type TestSigner } from './signers.ts';
import type { Outcome } from './tally.ts';

/** The server went away under a request: the loop restarts it and the script goes on from there. */
export class Interrupted extends Error {}

const ANNOTATION_UPDATES = 60;
const MINUTES_EDITS = 40;
const DRAWERS = ['chair', 'delegate-1', 'delegate-2'];

class Person {
  readonly conn: FuzzConnection;
  readonly id: string;
  readonly token: string;
  /** The name the server knows them by (their marks must carry it). */
  name = '';
  readonly #errors: string[];

  constructor(url: string, id: string, token: string, errors: string[]) {
    this.conn = new FuzzConnection(url, new IdPool(), 30_000);
    this.id = id;
    this.token = token;
    this.#errors = errors;
  }

  /** The request's data; Interrupted when the connection went; null (noted) when the server refused. */
  async call<T>(name: string, payload: unknown, expected: string[] = []): Promise<T | null> {
    const outcome: Outcome = await this.conn.request(name, payload);
    if (outcome.kind === 'ok') return outcome.data as T;
    if (outcome.kind === 'dropped' || outcome.kind === 'no_answer') throw new Interrupted(`${name}: ${outcome.kind}`);
    const why = outcome.kind === 'error' ? `${outcome.code}/${outcome.reason ?? ''}` : 'untyped/';
    // `expected`: codes or reasons that are part of the script (an answer lost to a kill, then asked again).
    if (!expected.some((e) => why.split('/').includes(e))) {
      this.#errors.push(`${this.id} ${name}: ${why} ${outcome.kind === 'error' ? outcome.detail : ''}`.slice(0, 300));
    }
    return null;
  }
}

export class MeetingScript {
  readonly #url: string;
  readonly #ledger: KillLedger;
  readonly #m: MeetingLedger;
  readonly #signers: Record<SignerRole, TestSigner>;
  readonly #rng: Rng;
  readonly #people = new Map<string, Person>();
  /** Refusals nobody expected, for the report. */
  readonly errors: string[] = [];
  /** Where the script is: what a kill interrupts. */
  phase = 'join';

  constructor(url: string, ledger: KillLedger, m: MeetingLedger, signers: Record<SignerRole, TestSigner>, rng: Rng) {
    this.#url = url;
    this.#ledger = ledger;
    this.#m = m;
    this.#signers = signers;
    this.#rng = rng;
  }

  #person(id: string): Person {
    return this.#people.get(id)!;
  }

  /** Runs the meeting to its filing; throws Interrupted when the server goes. */
  async run(): Promise<void> {
    try {
      for (const [id, token] of this.#m.meeting.tokens) {
        const person = new Person(this.#url, id, token, this.errors);
        this.#people.set(id, person);
        if (!(await person.conn.connected())) throw new Interrupted('connect');
        const joined = await person.call<{ self: { name: string } }>('join', { token });
        if (!joined) throw new Interrupted(`${id} could not join`);
        person.name = joined.self.name;
      }
      this.phase = 'upload';
      const document = await this.#document();
      this.phase = 'draw';
      await this.#draw(document);
      this.phase = 'minutes';
      const view = await this.#minutesView('secretary');
      if (view.state === 'draft') await this.#writeMinutes();
      this.phase = 'vote';
      await this.#vote();
      await this.#finaliseSignAndFile();
      this.phase = 'done';
    } finally {
      for (const p of this.#people.values()) p.conn.close();
    }
  }

  async #document(): Promise<DocumentInfo> {
    const chair = this.#person('chair');
    const listed = await chair.call<{ documents: DocumentInfo[] }>('listDocuments', {});
    if (listed && listed.documents.length > 0) return listed.documents[0]!;
    const bytes = await plainPdf(2, `Bien ban ${this.#m.number}`);
    const result = await uploadDocument(this.#url, chair.token, bytes, {
      agendaItemId: this.#m.meeting.agendaItemIds[0]!,
      fileName: 'bao-cao.pdf',
    }).catch(() => {
      throw new Interrupted('upload');
    });
    if (result.status !== 201) throw new Interrupted(`upload answered ${result.status}`);
    const document = result.body as DocumentInfo;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.#m.documents.push({ documentId: document.id, version: 1, sha256 });
    return document;
  }

  /** Sends one Yjs change to `ref` as `person`; acknowledged (or possibly stored) changes go into the shadows. */
  async #change(person: Person, ref: SyncRef, doc: Y.Doc, change: (d: Y.Doc) => void): Promise<boolean> {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    doc.once('update', capture);
    change(doc);
    doc.off('update', capture);
    if (!update) return false;
    const key = SyncShadows.key(this.#m.meeting.id, ref, person.id);
    const args = [key, this.#m.meeting.id, ref, person.token, update] as const;
    try {
      const ok = await person.call('syncUpdate', { doc: ref, update });
      if (ok) this.#ledger.shadows.acked(...args);
      return ok !== null;
    } catch (error) {
      this.#ledger.shadows.uncertain(...args);
      throw error;
    }
  }

  async #open(person: Person, ref: SyncRef): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const answer = await person.call<{ update: Binary }>('syncOpen', { doc: ref, stateVector: new Uint8Array([0]) });
    if (!answer) throw new Interrupted(`syncOpen refused for ${person.id}`);
    Y.applyUpdate(doc, toBytes(answer.update));
    const key = SyncShadows.key(this.#m.meeting.id, ref, person.id);
    this.#ledger.shadows.served(key, this.#m.meeting.id, ref, person.token, toBytes(answer.update));
    return doc;
  }

  async #draw(document: DocumentInfo): Promise<void> {
    const remaining = () => ANNOTATION_UPDATES - this.#m.annotationUpdates;
    if (remaining() <= 0) return;
    await Promise.all(
      DRAWERS.map(async (id) => {
        const person = this.#person(id);
        const refs: SyncRef[] = (['shared', 'private'] as const).map((layer) => ({
          documentId: document.id,
          version: 1,
          layer,
        }));
        const docs = await Promise.all(refs.map((ref) => this.#open(person, ref)));
        while (remaining() > 0) {
          const i = this.#rng.int(0, 1);
          const mark: Mark = {
            id: `${id}-${this.#rng.int(0, 1e9).toString(36)}`,
            page: this.#rng.int(1, 2),
            kind: 'pen',
            color: '#d32f2f',
            width: 0.004,
            points: Array.from({ length: 8 }, () => this.#rng.next()),
            author: id,
            authorName: person.name,
            at: Date.now(),
          };
          if (await this.#change(person, refs[i]!, docs[i]!, (d) => d.getMap(MARKS_MAP).set(mark.id, mark))) {
            this.#m.annotationUpdates++;
          }
        }
      }),
    );
  }

  async #minutesView(as: string): Promise<MinutesView> {
    const opened = await this.#person(as).call<MinutesOpenResponse>('minutesOpen', {});
    if (!opened) throw new Interrupted('minutesOpen refused');
    this.#ledger.advance(this.#m, opened.minutes.state, opened.minutes.signatures.length);
    return opened.minutes;
  }

  async #writeMinutes(): Promise<void> {
    if (this.#m.minutesEdits >= MINUTES_EDITS) return;
    const ref: SyncRef = { layer: 'minutes' };
    await Promise.all(
      ['secretary', 'chair'].map(async (id) => {
        const person = this.#person(id);
        const doc = await this.#open(person, ref);
        while (this.#m.minutesEdits < MINUTES_EDITS) {
          const text = findSection(doc, 'section-1')?.get('discussion');
          if (!(text instanceof Y.Text)) throw new Interrupted('the minutes have no first section');
          const words = `${id} ghi ý kiến ${this.#rng.int(0, 1e6)}. `;
          if (await this.#change(person, ref, doc, () => text.insert(text.length, words))) this.#m.minutesEdits++;
          else return;
        }
      }),
    );
  }

  async #vote(): Promise<void> {
    const chair = this.#person('chair');
    const listed = await chair.call<{ votes: VoteInfo[] }>('listVotes', {});
    let vote = listed?.votes[0];
    if (!vote) {
      const opened = await chair.call<VoteInfo>('openVote', {
        question: `Thông qua báo cáo số ${this.#m.number}?`,
        options: ['Tán thành', 'Không tán thành'],
        secret: false,
        durationSeconds: 3600,
      });
      if (!opened) return;
      vote = opened;
    }
    const acked = this.#m.votes.get(vote.id) ?? { ballots: new Map<string, number>(), result: null };
    this.#m.votes.set(vote.id, acked);
    if (vote.closedAt) return;
    for (const [i, id] of ['delegate-1', 'delegate-2'].entries()) {
      if (acked.ballots.has(id)) continue;
      // The same choice every time: an answer lost to a kill leaves a ballot the server may already hold.
      const cast = await this.#person(id).call('castVote', { voteId: vote.id, option: i % 2 }, ['already_voted']);
      if (cast) acked.ballots.set(id, i % 2);
    }
    const closed = await chair.call<VoteInfo>('closeVote', { voteId: vote.id });
    if (closed) acked.result = closed.result;
  }

  async #finaliseSignAndFile(): Promise<void> {
    const secretary = this.#person('secretary');
    let view = await this.#minutesView('secretary');
    this.phase = 'finalise';
    if (view.state === 'draft' || view.state === 'review') {
      const final = await secretary.call<MinutesView>('minutesAction', { action: 'finalise', number: this.#m.number });
      if (!final) return;
      this.#ledger.advance(this.#m, final.state, final.signatures.length);
      view = final;
    }
    this.phase = 'sign';
    for (const role of ['secretary', 'chair'] as const) {
      const person = this.#person(role);
      const current = await this.#minutesView(role);
      if (current.state !== 'final' || current.signatures.some((s) => s.role === role)) continue;
      // The server prepares what to sign; the signer's token (here: the loop, holding the key) signs it.
      const prepared = await person.call<MinutesSignPrepared>('minutesSignPrepare', {});
      if (!prepared) return;
      const signature = signPrepared(this.#signers[role], prepared);
      const signed = await person.call<MinutesView>('minutesSignComplete', {
        signatureId: prepared.signatureId,
        signature,
      });
      if (!signed) return;
      this.#ledger.advance(this.#m, signed.state, signed.signatures.length);
    }
    this.phase = 'file';
    view = await this.#minutesView('secretary');
    if (view.state === 'signed') {
      const queued = await secretary.call<MinutesView>('minutesFile', {}, ['minutes_invalid_transition']);
      if (queued) this.#ledger.advance(this.#m, queued.state, queued.signatures.length);
    }
    // Filing runs in the background: wait for it (a kill may come first; the queue resumes after the restart).
    for (let i = 0; i < 200 && !this.#m.filed && (view.state === 'signed' || view.state === 'filed'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      view = await this.#minutesView('secretary');
      if (view.filing?.state === 'failed') {
        await secretary.call('minutesFile', {}, ['minutes_invalid_transition']);
      }
    }
  }
}
