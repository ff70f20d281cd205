// The scheduling form as the person edits it (strings as typed, files chosen but not yet sent) and its one way to
// the API's MeetingForm: checked here first so that the common mistakes are shown beside their field, then by the
// server's schema. Pure, so that tests call it directly.
import type {
  AgendaDocument,
  Directory,
  MeetingDetail,
  MeetingForm,
  MeetingKind,
  SessionInfo,
} from '../../../../common/office.ts';
import type { MessageKey } from '../../../i18n/vi.ts';
import { defaultStartInput, inputMinutesBetween, inputToIso, isoToInput, shiftInput } from '../dates.ts';

export const KINDS: readonly MeetingKind[] = ['hop', 'giao_ban', 'hoi_nghi'];
export const DEFAULT_DURATION_MINUTES = 120;
export const DEFAULT_ITEM_MINUTES = 30;

export interface AgendaDraft {
  /** Stable React key (a saved item's id, or a local one). */
  key: string;
  /** The saved item's id; absent until the meeting is saved with it. */
  id?: string;
  title: string;
  presenter: string;
  duration: string;
  documents: AgendaDocument[];
  /** A PDF chosen before the item was saved: sent right after the save. */
  pendingFile: File | null;
}

export interface FormDraft {
  kind: MeetingKind;
  title: string;
  start: string;
  end: string;
  place: string;
  chairUserId: string;
  secretaryUserId: string;
  unitCodes: string[];
  participantUserIds: string[];
  /** One guest per line. */
  guests: string;
  agenda: AgendaDraft[];
  /** The meeting may be recorded (the chair can also change it in the room). */
  recordingAllowed: boolean;
}

let nextKey = 1;
export const newItemKey = (): string => `new-${nextKey++}`;

export function newAgendaItem(): AgendaDraft {
  return {
    key: newItemKey(),
    title: '',
    presenter: '',
    duration: String(DEFAULT_ITEM_MINUTES),
    documents: [],
    pendingFile: null,
  };
}

type DirectoryAccount = Directory['accounts'][number];

/**
 * Who chairs a new meeting until the secretary chooses: a person (an account outside the units, which stand for
 * connection points) other than the one scheduling — the server wants the chair and the secretary to differ.
 * Members first (a leader is rarely an administrator of the system), then secretaries, then administrators.
 */
export function defaultChairId(accounts: readonly DirectoryAccount[], meId: string): string {
  const others = accounts.filter((account) => account.id !== meId);
  const rank = (account: DirectoryAccount) =>
    (account.unitCode === null ? 0 : 3) +
    (account.agencyRole === 'member' ? 0 : account.agencyRole === 'secretary' ? 1 : 2);
  const best = [...others].sort((a, b) => rank(a) - rank(b))[0];
  return best?.id ?? '';
}

/** A new meeting: tomorrow 08:00 for two hours, kept by the person scheduling it, chaired by someone else. */
export function emptyDraft(
  now: Date,
  me: SessionInfo['user'],
  defaultPlace: string,
  accounts: readonly DirectoryAccount[],
): FormDraft {
  const start = defaultStartInput(now);
  return {
    kind: 'hop',
    title: '',
    start,
    end: shiftInput(start, DEFAULT_DURATION_MINUTES),
    place: defaultPlace,
    chairUserId: defaultChairId(accounts, me.id),
    secretaryUserId: me.id,
    unitCodes: [],
    participantUserIds: [],
    guests: '',
    agenda: [],
    recordingAllowed: true,
  };
}

export function draftFromDetail(detail: MeetingDetail): FormDraft {
  const form = detail.form;
  return {
    kind: form.kind,
    title: form.title,
    start: isoToInput(form.startsAt),
    end: isoToInput(form.endsAt),
    place: form.place,
    chairUserId: form.chairUserId,
    secretaryUserId: form.secretaryUserId,
    unitCodes: [...form.unitCodes],
    participantUserIds: [...form.participantUserIds],
    guests: form.guests.join('\n'),
    recordingAllowed: form.recordingAllowed ?? true,
    agenda: detail.agenda.map((item) => ({
      key: item.id,
      id: item.id,
      title: item.title,
      presenter: item.presenter,
      duration: String(item.durationMinutes),
      documents: item.documents,
      pendingFile: null,
    })),
  };
}

/** Changing the start keeps the meeting's length: the end moves with it. */
export function withStart(draft: FormDraft, start: string): FormDraft {
  const length = inputMinutesBetween(draft.start, draft.end);
  const end = length !== null && length > 0 && inputToIso(start) !== null ? shiftInput(start, length) : draft.end;
  return { ...draft, start, end };
}

/** An item nobody has started to fill in is not part of the agenda. */
export function isBlankItem(item: AgendaDraft): boolean {
  return item.id === undefined && item.title.trim() === '' && item.pendingFile === null && item.documents.length === 0;
}

export type FieldName = 'title' | 'start' | 'end' | 'place' | 'chair' | 'secretary';

export interface FormProblems {
  fields: Partial<Record<FieldName, MessageKey>>;
  /** By item key. */
  agenda: Record<string, { title?: MessageKey; duration?: MessageKey }>;
}

export function parseDuration(value: string): number | null {
  if (!/^\d{1,4}$/.test(value.trim())) return null;
  const minutes = Number(value.trim());
  return minutes >= 1 && minutes <= 600 ? minutes : null;
}

export function validate(draft: FormDraft): FormProblems {
  const fields: FormProblems['fields'] = {};
  if (draft.title.trim() === '') fields.title = 'schedule.err.title';
  const start = inputToIso(draft.start);
  const end = inputToIso(draft.end);
  if (start === null) fields.start = 'schedule.err.start';
  if (end === null) fields.end = 'schedule.err.endMissing';
  else if (start !== null && Date.parse(end) <= Date.parse(start)) fields.end = 'schedule.err.end';
  if (draft.place.trim() === '') fields.place = 'schedule.err.place';
  if (draft.chairUserId === '') fields.chair = 'schedule.err.chair';
  if (draft.secretaryUserId === '') fields.secretary = 'schedule.err.secretary';
  else if (draft.secretaryUserId === draft.chairUserId) fields.secretary = 'schedule.err.sameSecretary';
  const agenda: FormProblems['agenda'] = {};
  for (const item of draft.agenda) {
    if (isBlankItem(item)) continue;
    const problems: FormProblems['agenda'][string] = {};
    if (item.title.trim() === '') problems.title = 'schedule.err.itemTitle';
    if (parseDuration(item.duration) === null) problems.duration = 'schedule.err.duration';
    if (problems.title || problems.duration) agenda[item.key] = problems;
  }
  return { fields, agenda };
}

export function hasProblems(problems: FormProblems): boolean {
  return Object.keys(problems.fields).length > 0 || Object.keys(problems.agenda).length > 0;
}

/** The items that go to the server, in order (blank ones left out). */
export function keptItems(draft: FormDraft): AgendaDraft[] {
  return draft.agenda.filter((item) => !isBlankItem(item));
}

/** The request body; call only on a draft that `validate` passed. */
export function toMeetingForm(draft: FormDraft): MeetingForm {
  const startsAt = inputToIso(draft.start);
  const endsAt = inputToIso(draft.end);
  if (startsAt === null || endsAt === null) throw new Error('toMeetingForm: times not validated');
  return {
    kind: draft.kind,
    title: draft.title.trim(),
    startsAt,
    endsAt,
    place: draft.place.trim(),
    chairUserId: draft.chairUserId,
    secretaryUserId: draft.secretaryUserId,
    unitCodes: [...new Set(draft.unitCodes)],
    participantUserIds: [...new Set(draft.participantUserIds)],
    recordingAllowed: draft.recordingAllowed,
    guests: [
      ...new Set(
        draft.guests
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== ''),
      ),
    ],
    agenda: keptItems(draft).map((item) => ({
      ...(item.id !== undefined ? { id: item.id } : {}),
      title: item.title.trim(),
      presenter: item.presenter.trim(),
      durationMinutes: parseDuration(item.duration) ?? DEFAULT_ITEM_MINUTES,
    })),
  };
}

/** Moves the item at `index` by `delta` places; out-of-range moves change nothing. */
export function moveItem<T>(list: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [moved] = copy.splice(index, 1) as [T];
  copy.splice(target, 0, moved);
  return copy;
}

export function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}

/** Total planned minutes of the agenda (items with a bad duration count as nothing). */
export function agendaMinutes(draft: FormDraft): number {
  return keptItems(draft).reduce((sum, item) => sum + (parseDuration(item.duration) ?? 0), 0);
}

/**
 * The form after a save: the server's items (now with ids, in the same order as the items sent), each keeping the
 * file that was waiting for it, so the uploads that follow know where each file goes.
 */
export function draftAfterSave(detail: MeetingDetail, sent: FormDraft): FormDraft {
  const next = draftFromDetail(detail);
  const kept = keptItems(sent);
  return {
    ...next,
    agenda: next.agenda.map((item, index) => ({ ...item, pendingFile: kept[index]?.pendingFile ?? null })),
  };
}

/** An item's upload went through: its document is listed and the file no longer waits. */
export function withDocument(draft: FormDraft, itemKey: string, document: AgendaDocument): FormDraft {
  return {
    ...draft,
    agenda: draft.agenda.map((item) =>
      item.key === itemKey
        ? { ...item, pendingFile: null, documents: [...item.documents.filter((d) => d.id !== document.id), document] }
        : item,
    ),
  };
}
