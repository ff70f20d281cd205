// The cast of the minutes tests over the real server: participants joined over real sockets, each also the
// transport of the renderer's DocSync, and the steps several tests share (typing as keystrokes, writing, finalising
// and signing a record, downloading, reading a PDF's text with poppler).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { findSection } from '../../../common/minutesDoc.ts';
import type { MinutesView } from '../../../common/minutesView.ts';
import type { NotificationMap, RequestName, RequestPayload, ResponseMap } from '../../../common/protocol.ts';
import type { DemoIdentities } from '../../../server/minutes/signing/demoIdentities.ts';
import { DocSync, type SyncTransport } from '../../../renderer/features/documents/syncClient.ts';
import { seedMeeting, type SeededMeeting } from '../../helpers/meetingCast.ts';
import type { TestServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/signallingClient.ts';

export class Person implements SyncTransport {
  readonly client: TestClient;
  readonly token: string;

  private constructor(client: TestClient, token: string) {
    this.client = client;
    this.token = token;
  }

  static async join(url: string, token: string): Promise<Person> {
    const client = await new TestClient(url).connected();
    await client.ok('join', { token });
    return new Person(client, token);
  }

  async request<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<ResponseMap[K]> {
    const response = await this.client.request(name, payload);
    if (!response.ok) throw Object.assign(new Error(response.error.detail), response.error);
    return response.data;
  }

  on<K extends keyof NotificationMap>(event: K, listener: (payload: NotificationMap[K]) => void): () => void {
    this.client.socket.on(event as never, listener as never);
    return () => this.client.socket.off(event as never, listener as never);
  }

  onJoined(listener: () => void): () => void {
    listener();
    return () => {};
  }
}

export const until = async (condition: () => boolean, what: string, timeoutMs = 8000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

export const discussion = (s: DocSync, sectionId = 'section-1') =>
  findSection(s.doc, sectionId)!.get('discussion') as Y.Text;

/**
 * Types a string one character at a time, each its own update, as keystrokes would be: the cursor stays right
 * after the typist's own last character while the other editor's text arrives (as the editor's textarea does).
 */
export async function type(target: Y.Text, at: number, text: string): Promise<void> {
  let cursor = Y.createRelativePositionFromTypeIndex(target, at, -1);
  for (const ch of text) {
    const index = Y.createAbsolutePositionFromRelativePosition(cursor, target.doc!)!.index;
    target.insert(index, ch);
    cursor = Y.createRelativePositionFromTypeIndex(target, index + ch.length, -1);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const SECRETARY_TEXT =
  'Thư ký ghi: Hội nghị thống nhất đánh giá kết quả tháng 11; đề nghị các địa phương đẩy nhanh tiến độ.';
export const CHAIR_TEXT = 'Chủ trì nhấn mạnh: giải ngân vốn đầu tư công là nhiệm vụ trọng tâm, không để chậm trễ.';

export async function download(url: string, path: string, init?: RequestInit): Promise<Buffer> {
  const response = await fetch(new URL(path, url), init);
  assert.equal(response.status, 200, await response.clone().text());
  return Buffer.from(await response.arrayBuffer());
}

export function pdftotext(pdf: Buffer, dir: string): string {
  const path = join(dir, `text-${Date.now()}.pdf`);
  writeFileSync(path, pdf);
  const result = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  if (result.error) assert.fail(`pdftotext is missing (Debian package poppler-utils): ${result.error.message}`);
  return result.stdout;
}

export interface Cast {
  seeded: SeededMeeting;
  secretary: Person;
  chair: Person;
  delegate: Person;
  syncs: DocSync[];
}

export async function cast(t: TestServer, demo: DemoIdentities): Promise<Cast> {
  const seeded = seedMeeting(t.server, 2);
  t.server.services.minutes.identities.useDemo(seeded.meeting.id, demo);
  const [secretary, chair, delegate] = await Promise.all(
    ['secretary', 'chair', 'delegate-1'].map((id) => Person.join(t.server.url, seeded.token(id))),
  );
  return { seeded, secretary: secretary!, chair: chair!, delegate: delegate!, syncs: [] };
}

export function open(c: Cast, person: Person): DocSync {
  const sync = new DocSync(person, { layer: 'minutes' }, { batchMs: 10 });
  c.syncs.push(sync);
  return sync;
}

/** Runs the record from the first keystroke to both signatures; returns the view after the chair signed. */
export async function writeFinaliseAndSign(c: Cast): Promise<MinutesView> {
  const opened = await c.secretary.request('minutesOpen', {});
  assert.equal(opened.minutes.state, 'draft');
  const [s1, s2] = [open(c, c.secretary), open(c, c.chair)];
  await until(
    () => s1.status === 'synced' && s2.status === 'synced' && findSection(s1.doc, 'section-1') !== undefined,
    'both synced',
  );
  await Promise.all([type(discussion(s1), 0, SECRETARY_TEXT), type(discussion(s2), 0, CHAIR_TEXT)]);
  await until(
    () => s1.pendingCount === 0 && s2.pendingCount === 0 && discussion(s1).toString() === discussion(s2).toString(),
    'the two editors to converge',
  );
  await c.secretary.request('minutesAction', { action: 'finalise', number: '15' });
  await c.secretary.request('minutesSign', {});
  return c.chair.request('minutesSign', {});
}
