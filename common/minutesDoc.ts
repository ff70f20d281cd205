// The minutes as one Yjs document per meeting, edited live by the secretary and co-editors over the same sync as the
// annotations (SyncRef `{ layer: 'minutes' }`). Free text is Y.Text (concurrent typing merges character by
// character); short fields (names, dates, header lines) are plain values in Y.Maps (the last writer wins). The
// server seeds the document once from the meeting and reads it back as the `Minutes` model when the record is
// finalised or exported. Shared by server and renderer; the editor's mutations live here so both sides agree.
import * as Y from 'yjs';
import type {
  ActionItem,
  AgendaSection,
  AttendanceEntry,
  Decision,
  Minutes,
  MinutesHeader,
  Opinion,
  TimelineEntry,
  VoteResult,
} from './minutes.ts';
import type { MinutesTimelineEntry } from './minutesView.ts';
import type { MeetingRole } from './roles.ts';

/** What the collaborative document holds: the record without its identity and lifecycle (those are the server's). */
export type MinutesContent = Omit<Minutes, 'id' | 'meetingId' | 'lifecycle'>;

export const MINUTES_DOC_VERSION = 1;

/** The header as flat text fields, in the order the editor shows them. */
export const HEADER_FIELDS = [
  'parentAgency',
  'agency',
  'agencyCode',
  'number',
  'notation',
  'place',
  'date',
  'meetingTitle',
  'startedAt',
  'endedAt',
  'venue',
  'chairName',
  'chairPosition',
  'secretaryName',
  'secretaryPosition',
] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

export type YRecord = Y.Map<unknown>;

const root = (doc: Y.Doc) => ({
  meta: doc.getMap<unknown>('meta'),
  header: doc.getMap<string>('header'),
  attendance: doc.getArray<YRecord>('attendance'),
  sections: doc.getArray<YRecord>('sections'),
  conclusions: doc.getText('conclusions'),
  decisions: doc.getArray<YRecord>('decisions'),
  actionItems: doc.getArray<YRecord>('actionItems'),
  recipients: doc.getText('recipients'),
  timeline: doc.getArray<TimelineEntry>('timeline'),
});

export const minutesRoot = root;

/** A short random id (getRandomValues: unlike randomUUID, available on plain-HTTP LAN origins too). */
export function newId(prefix: string): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function text(value: string): Y.Text {
  const t = new Y.Text();
  if (value) t.insert(0, value.normalize('NFC'));
  return t;
}

function record(entries: Record<string, unknown>): YRecord {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return map;
}

function attendanceRecord(a: AttendanceEntry): YRecord {
  return record({ ...a });
}

function opinionRecord(o: Omit<Opinion, 'content'> & { content?: string }): YRecord {
  return record({ id: o.id, speaker: o.speaker, position: o.position, at: o.at, content: text(o.content ?? '') });
}

function sectionRecord(s: AgendaSection): YRecord {
  const opinions = new Y.Array<YRecord>();
  opinions.push(s.opinions.map(opinionRecord));
  return record({
    id: s.id,
    agendaItemId: s.agendaItemId,
    title: s.title,
    presenter: s.presenter ?? '',
    discussion: text(s.discussion),
    opinions,
    conclusions: text(s.conclusions),
  });
}

function decisionRecord(d: Decision): YRecord {
  return record({ id: d.id, sectionId: d.sectionId, text: text(d.text), vote: d.vote });
}

function actionRecord(a: ActionItem): YRecord {
  return record({ id: a.id, sectionId: a.sectionId, task: text(a.task), owner: a.owner, dueDate: a.dueDate });
}

function headerValues(h: MinutesHeader): Record<HeaderField, string> {
  return {
    parentAgency: h.parentAgency ?? '',
    agency: h.agency,
    agencyCode: h.agencyCode ?? '',
    number: h.number ?? '',
    notation: h.notation,
    place: h.place,
    date: h.date,
    meetingTitle: h.meetingTitle,
    startedAt: h.startedAt,
    endedAt: h.endedAt ?? '',
    venue: h.venue,
    chairName: h.chair.name,
    chairPosition: h.chair.position ?? '',
    secretaryName: h.secretary.name,
    secretaryPosition: h.secretary.position ?? '',
  };
}

export function isSeeded(doc: Y.Doc): boolean {
  return root(doc).meta.get('version') !== undefined;
}

/** Fills an empty document with the record's first content (the server does this once, before anyone opens it). */
export function seedMinutesDoc(doc: Y.Doc, content: MinutesContent): void {
  const r = root(doc);
  doc.transact(() => {
    r.meta.set('version', MINUTES_DOC_VERSION);
    for (const [key, value] of Object.entries(headerValues(content.header))) r.header.set(key, value.normalize('NFC'));
    r.attendance.push(content.attendance.map(attendanceRecord));
    r.sections.push(content.sections.map(sectionRecord));
    if (content.conclusions) r.conclusions.insert(0, content.conclusions);
    r.decisions.push(content.decisions.map(decisionRecord));
    r.actionItems.push(content.actionItems.map(actionRecord));
    if (content.recipients.length > 0) r.recipients.insert(0, content.recipients.join('\n'));
    r.timeline.push(content.timeline);
  });
}

const str = (map: YRecord, key: string): string => {
  const value = map.get(key);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
};
const nullable = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function readOpinion(map: YRecord): Opinion {
  return {
    id: str(map, 'id'),
    speaker: str(map, 'speaker'),
    position: nullable(str(map, 'position')),
    content: str(map, 'content'),
    at: nullable(str(map, 'at')),
  };
}

/** The document as the `Minutes` model's content (what the PDF and DOCX exports print). */
export function readMinutesContent(doc: Y.Doc): MinutesContent {
  const r = root(doc);
  const h = (field: HeaderField) => (r.header.get(field) ?? '').trim();
  const header: MinutesHeader = {
    parentAgency: nullable(h('parentAgency')),
    agency: h('agency'),
    agencyCode: nullable(h('agencyCode')),
    number: nullable(h('number')),
    notation: h('notation'),
    place: h('place'),
    date: h('date'),
    meetingTitle: h('meetingTitle'),
    startedAt: h('startedAt'),
    endedAt: nullable(h('endedAt')),
    venue: h('venue'),
    chair: { name: h('chairName'), position: nullable(h('chairPosition')) },
    secretary: { name: h('secretaryName'), position: nullable(h('secretaryPosition')) },
  };
  return {
    header,
    attendance: r.attendance.toArray().map((a): AttendanceEntry => ({
      id: str(a, 'id'),
      name: str(a, 'name'),
      position: nullable(str(a, 'position')),
      unit: nullable(str(a, 'unit')),
      connectionPoint: nullable(str(a, 'connectionPoint')),
      role: (str(a, 'role') || 'delegate') as MeetingRole,
      present: a.get('present') === true,
      note: nullable(str(a, 'note')),
    })),
    sections: r.sections.toArray().map((s): AgendaSection => ({
      id: str(s, 'id'),
      agendaItemId: nullable(str(s, 'agendaItemId')),
      title: str(s, 'title'),
      presenter: nullable(str(s, 'presenter')),
      discussion: str(s, 'discussion'),
      opinions: ((s.get('opinions') as Y.Array<YRecord> | undefined)?.toArray() ?? []).map(readOpinion),
      conclusions: str(s, 'conclusions'),
    })),
    conclusions: r.conclusions.toString(),
    decisions: r.decisions.toArray().map((d): Decision => ({
      id: str(d, 'id'),
      sectionId: nullable(str(d, 'sectionId')),
      text: str(d, 'text'),
      vote: (d.get('vote') as VoteResult | null | undefined) ?? null,
    })),
    actionItems: r.actionItems.toArray().map((a): ActionItem => ({
      id: str(a, 'id'),
      sectionId: nullable(str(a, 'sectionId')),
      task: str(a, 'task'),
      owner: str(a, 'owner'),
      dueDate: nullable(str(a, 'dueDate')),
    })),
    timeline: r.timeline.toArray(),
    recipients: r.recipients
      .toString()
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  };
}

// ---- edits (the editor's and the server's) ----------------------------------------------------------------------

export function setHeaderField(doc: Y.Doc, field: HeaderField, value: string): void {
  const header = root(doc).header;
  if (header.get(field) !== value) header.set(field, value);
}

/** Sets a plain field of a record (owner, due date, speaker…), only when it changes. */
export function setField(map: YRecord, key: string, value: string | boolean | null): void {
  if (map.get(key) !== value) map.set(key, value);
}

export function findSection(doc: Y.Doc, sectionId: string): YRecord | undefined {
  return root(doc)
    .sections.toArray()
    .find((s) => s.get('id') === sectionId);
}

export function addSection(doc: Y.Doc, title: string): string {
  const id = newId('section');
  root(doc).sections.push([
    sectionRecord({ id, agendaItemId: null, title, presenter: null, discussion: '', opinions: [], conclusions: '' }),
  ]);
  return id;
}

export function addOpinion(
  doc: Y.Doc,
  sectionId: string,
  opinion: { speaker: string; position?: string | null; at?: string | null; content?: string },
): string | null {
  const section = findSection(doc, sectionId);
  const opinions = section?.get('opinions') as Y.Array<YRecord> | undefined;
  if (!opinions) return null;
  const id = newId('opinion');
  opinions.push([
    opinionRecord({
      id,
      speaker: opinion.speaker,
      position: opinion.position ?? null,
      at: opinion.at ?? null,
      content: opinion.content ?? '',
    }),
  ]);
  return id;
}

export function addDecision(doc: Y.Doc, decision: { sectionId: string | null; text: string; vote: VoteResult | null }) {
  const id = newId('decision');
  root(doc).decisions.push([decisionRecord({ id, ...decision })]);
  return id;
}

export function addActionItem(
  doc: Y.Doc,
  item: { sectionId: string | null; task?: string; owner?: string; dueDate?: string | null },
): string {
  const id = newId('action');
  root(doc).actionItems.push([
    actionRecord({
      id,
      sectionId: item.sectionId,
      task: item.task ?? '',
      owner: item.owner ?? '',
      dueDate: item.dueDate ?? null,
    }),
  ]);
  return id;
}

/** A person added by hand to the attendance list (someone in the room without a connection of their own). */
export function addAttendee(doc: Y.Doc, person: { name: string; role: MeetingRole }): string {
  const id = newId('person');
  root(doc).attendance.push([
    attendanceRecord({
      id,
      name: person.name,
      position: null,
      unit: null,
      connectionPoint: null,
      role: person.role,
      present: true,
      note: null,
    }),
  ]);
  return id;
}

/** Removes the record with this id from one of the document's lists (an opinion is looked for in every section). */
export function removeRecord(doc: Y.Doc, list: 'sections' | 'decisions' | 'actionItems' | 'attendance', id: string) {
  const array = root(doc)[list];
  const index = array.toArray().findIndex((m) => m.get('id') === id);
  if (index >= 0) array.delete(index, 1);
}

export function removeOpinion(doc: Y.Doc, opinionId: string): void {
  for (const section of root(doc).sections.toArray()) {
    const opinions = section.get('opinions') as Y.Array<YRecord>;
    const index = opinions.toArray().findIndex((o) => o.get('id') === opinionId);
    if (index >= 0) opinions.delete(index, 1);
  }
}

/**
 * Brings the attendance list up to date with the meeting: new participants are added, presence and the meeting's
 * own facts (name, role, connection point) follow it; what the secretary wrote (position, unit, note) is kept, and
 * entries the secretary added by hand stay.
 */
export function mergeAttendance(doc: Y.Doc, entries: readonly AttendanceEntry[]): void {
  const list = root(doc).attendance;
  const byId = new Map(list.toArray().map((m) => [str(m, 'id'), m] as const));
  doc.transact(() => {
    for (const entry of entries) {
      const existing = byId.get(entry.id);
      if (!existing) {
        list.push([attendanceRecord(entry)]);
        continue;
      }
      setField(existing, 'name', entry.name);
      setField(existing, 'role', entry.role);
      setField(existing, 'connectionPoint', entry.connectionPoint);
      // Presence only ever turns on from the meeting: someone who came and left still attended.
      if (entry.present) setField(existing, 'present', true);
    }
  });
}

/** Whether a timeline event was already put into the record. */
export function isInserted(doc: Y.Doc, entryId: string): boolean {
  return root(doc)
    .timeline.toArray()
    .some((t) => t.id === entryId);
}

/**
 * Puts an automatic event into the record: a speech becomes an opinion (speaker and time filled, the content for the
 * secretary to write), a vote a decision with its result, anything else a line of the section's discussion.
 */
export function insertTimelineEntry(doc: Y.Doc, entry: MinutesTimelineEntry, sectionId: string | null): void {
  const r = root(doc);
  doc.transact(() => {
    const section = sectionId ? findSection(doc, sectionId) : undefined;
    if (entry.kind === 'speech' && entry.speaker && section) {
      addOpinion(doc, sectionId!, {
        speaker: entry.speaker.name,
        position: entry.speaker.connectionPoint,
        at: entry.at,
      });
    } else if (entry.kind === 'vote' && entry.vote) {
      addDecision(doc, { sectionId, text: entry.vote.question, vote: entry.vote.result });
    } else if (section) {
      const discussion = section.get('discussion') as Y.Text;
      const prefix = discussion.length > 0 && !discussion.toString().endsWith('\n') ? '\n' : '';
      discussion.insert(discussion.length, `${prefix}${entry.text}`);
    } else {
      const prefix = r.conclusions.length > 0 ? '\n' : '';
      r.conclusions.insert(r.conclusions.length, `${prefix}${entry.text}`);
    }
    r.timeline.push([{ id: entry.id, at: entry.at, kind: entry.kind, actor: entry.actor, text: entry.text }]);
  });
}
