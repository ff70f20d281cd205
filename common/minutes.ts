// The meeting record (biên bản cuộc họp): the structured model the minutes editor fills, and the pure lifecycle
// draft → review → final (locked) → signed → filed with who may move it along. Shared by server and renderer;
// no I/O here, every function returns a new value or a typed error.
import type { AppError } from './errors.ts';
import type { InvitedRole, MeetingRole } from './roles.ts';

export const MINUTES_STATES = ['draft', 'review', 'final', 'signed', 'filed'] as const;
export type MinutesState = (typeof MINUTES_STATES)[number];

export interface MinutesPerson {
  name: string;
  /** Chức vụ, e.g. "Thứ trưởng"; printed after the name. */
  position: string | null;
}

export interface MinutesHeader {
  /** Cơ quan chủ quản (the superior body), printed above the agency; null when the agency has none. */
  parentAgency: string | null;
  /** Cơ quan ban hành: the agency that issues the record. */
  agency: string;
  /** Mã định danh of the agency on the national document interconnection axis (edXML), e.g. "000.00.01.G06". */
  agencyCode: string | null;
  /** Số: assigned when the record is finalised; null while drafting. */
  number: string | null;
  /** Ký hiệu, e.g. "BB-VPB". */
  notation: string;
  /** Địa danh of the place-and-date line, e.g. "Hà Nội". */
  place: string;
  /** Date of issue, YYYY-MM-DD. */
  date: string;
  /** The meeting's name, used as the record's summary (trích yếu), e.g. "Hội nghị giao ban tháng 11/2026". */
  meetingTitle: string;
  /** ISO 8601 instants. */
  startedAt: string;
  endedAt: string | null;
  /** Địa điểm: where the meeting was held. */
  venue: string;
  chair: MinutesPerson;
  secretary: MinutesPerson;
}

export interface AttendanceEntry {
  id: string;
  name: string;
  position: string | null;
  /** Cơ quan, đơn vị. */
  unit: string | null;
  /** Điểm cầu the person attended from, when the meeting was online. */
  connectionPoint: string | null;
  role: MeetingRole;
  present: boolean;
  /** Lý do vắng, or any remark. */
  note: string | null;
}

export interface Opinion {
  id: string;
  speaker: string;
  position: string | null;
  content: string;
  /** ISO instant when the speaker was given the floor, when known from the meeting. */
  at: string | null;
}

/** One agenda item's part of the record. */
export interface AgendaSection {
  id: string;
  agendaItemId: string | null;
  title: string;
  presenter: string | null;
  /** What was presented and discussed; paragraphs separated by blank lines. */
  discussion: string;
  opinions: Opinion[];
  conclusions: string;
}

export interface VoteResult {
  kind: 'named' | 'secret';
  /** Đại biểu có quyền biểu quyết. */
  eligible: number;
  yes: number;
  no: number;
  abstain: number;
  passed: boolean;
}

export interface Decision {
  id: string;
  sectionId: string | null;
  text: string;
  vote: VoteResult | null;
}

export interface ActionItem {
  id: string;
  sectionId: string | null;
  task: string;
  /** Người/đơn vị chủ trì thực hiện. */
  owner: string;
  /** YYYY-MM-DD. */
  dueDate: string | null;
}

export const TIMELINE_KINDS = ['speech', 'document', 'vote', 'attendance', 'note'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** An automatic event of the meeting (who spoke when, documents shown, votes) the secretary can insert. */
export interface TimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind;
  actor: string | null;
  text: string;
}

export type SignerRole = 'secretary' | 'chair';

export interface SignatureRecord {
  role: SignerRole;
  actorId: string;
  name: string;
  signedAt: string;
  /** SHA-256 (hex) of the PDF after this signature. */
  pdfSha256: string;
}

export type LifecycleAction = 'submitForReview' | 'returnToDraft' | 'finalise' | 'reopen' | 'sign' | 'file';

export interface LifecycleEvent {
  action: LifecycleAction;
  from: MinutesState;
  to: MinutesState;
  actorId: string;
  role: InvitedRole;
  at: string;
  note: string | null;
}

export interface MinutesLifecycle {
  state: MinutesState;
  signatures: SignatureRecord[];
  /** Where the filed record lives (an archive receipt id), once filed. */
  filingReceipt: string | null;
  history: LifecycleEvent[];
}

export interface Minutes {
  id: string;
  meetingId: string;
  header: MinutesHeader;
  attendance: AttendanceEntry[];
  sections: AgendaSection[];
  /** Kết luận chung of the chair. */
  conclusions: string;
  decisions: Decision[];
  actionItems: ActionItem[];
  timeline: TimelineEntry[];
  /** Nơi nhận; empty when the record is not distributed. */
  recipients: string[];
  lifecycle: MinutesLifecycle;
}

export interface MinutesActor {
  id: string;
  role: InvitedRole;
}

export type LifecycleCommand =
  | { action: 'submitForReview' }
  | { action: 'returnToDraft'; note?: string }
  | { action: 'finalise'; number?: string }
  | { action: 'reopen'; note: string }
  | { action: 'sign'; name: string; pdfSha256: string }
  | { action: 'file'; receipt: string };

export type LifecycleResult = { ok: true; minutes: Minutes; event: LifecycleEvent } | { ok: false; error: AppError };

/** Who may take each action, and from which states. `sign` is further ordered: the secretary first, then the chair. */
export const LIFECYCLE_RULES: Record<
  LifecycleAction,
  { from: readonly MinutesState[]; roles: readonly InvitedRole[] }
> = {
  submitForReview: { from: ['draft'], roles: ['secretary'] },
  returnToDraft: { from: ['review'], roles: ['secretary', 'chair'] },
  finalise: { from: ['draft', 'review'], roles: ['secretary'] },
  reopen: { from: ['final'], roles: ['chair'] },
  sign: { from: ['final'], roles: ['secretary', 'chair'] },
  file: { from: ['signed'], roles: ['secretary'] },
};

/** Content may change only before the record is finalised; from then on it is locked. */
export function isEditable(state: MinutesState): boolean {
  return state === 'draft' || state === 'review';
}

/** May this actor edit the content now? The secretary and invited co-editors write; nobody writes once locked. */
export function checkEdit(minutes: Minutes, actor: MinutesActor, coEditorIds: readonly string[] = []): AppError | null {
  if (!isEditable(minutes.lifecycle.state)) {
    return { code: 'minutes_locked', detail: `minutes ${minutes.id} are ${minutes.lifecycle.state} and locked` };
  }
  if (actor.role !== 'secretary' && !coEditorIds.includes(actor.id)) {
    return { code: 'forbidden', detail: `${actor.role} ${actor.id} is not an editor of minutes ${minutes.id}` };
  }
  return null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The fields a record needs before it can be finalised, as paths; empty when complete. */
export function missingForFinal(minutes: Minutes, number = minutes.header.number): string[] {
  const h = minutes.header;
  const missing: string[] = [];
  const required: [string, string | null][] = [
    ['header.agency', h.agency],
    ['header.number', number],
    ['header.notation', h.notation],
    ['header.place', h.place],
    ['header.meetingTitle', h.meetingTitle],
    ['header.startedAt', h.startedAt],
    ['header.endedAt', h.endedAt],
    ['header.venue', h.venue],
    ['header.chair.name', h.chair.name],
    ['header.secretary.name', h.secretary.name],
  ];
  for (const [path, value] of required) if (!value || value.trim() === '') missing.push(path);
  if (!DATE.test(h.date)) missing.push('header.date');
  if (!minutes.attendance.some((a) => a.present)) missing.push('attendance');
  return missing;
}

function fail(code: AppError['code'], detail: string): LifecycleResult {
  return { ok: false, error: { code, detail } };
}

/**
 * Applies one lifecycle command. Pure: returns the new minutes and the history event, or a typed error
 * (`minutes_invalid_transition`, `forbidden`, `minutes_incomplete`) and leaves the input untouched.
 */
export function applyLifecycle(
  minutes: Minutes,
  command: LifecycleCommand,
  actor: MinutesActor,
  at: string,
): LifecycleResult {
  const { state, signatures } = minutes.lifecycle;
  const rule = LIFECYCLE_RULES[command.action];
  if (!rule.from.includes(state)) {
    return fail('minutes_invalid_transition', `cannot ${command.action} minutes in state ${state}`);
  }
  if (!rule.roles.includes(actor.role)) {
    return fail('forbidden', `${actor.role} may not ${command.action} minutes`);
  }
  let to: MinutesState;
  let header = minutes.header;
  let lifecycle: MinutesLifecycle = minutes.lifecycle;
  let note: string | null = null;
  switch (command.action) {
    case 'submitForReview':
      to = 'review';
      break;
    case 'returnToDraft':
      to = 'draft';
      note = command.note ?? null;
      break;
    case 'finalise': {
      const number = command.number ?? header.number;
      const missing = missingForFinal(minutes, number);
      if (missing.length > 0) return fail('minutes_incomplete', `missing: ${missing.join(', ')}`);
      header = { ...header, number };
      to = 'final';
      break;
    }
    case 'reopen':
      if (signatures.length > 0) {
        return fail('minutes_invalid_transition', 'cannot reopen minutes that carry a signature');
      }
      if (command.note.trim() === '') return fail('invalid_message', 'reopening needs a reason');
      to = 'draft';
      note = command.note;
      break;
    case 'sign': {
      const role: SignerRole = actor.role === 'chair' ? 'chair' : 'secretary';
      if (signatures.some((s) => s.role === role)) {
        return fail('minutes_invalid_transition', `the ${role} has already signed`);
      }
      if (role === 'chair' && !signatures.some((s) => s.role === 'secretary')) {
        return fail('minutes_invalid_transition', 'the secretary signs first, then the chair');
      }
      if (!/^[0-9a-f]{64}$/.test(command.pdfSha256)) return fail('invalid_message', 'pdfSha256 must be hex SHA-256');
      const record: SignatureRecord = {
        role,
        actorId: actor.id,
        name: command.name,
        signedAt: at,
        pdfSha256: command.pdfSha256,
      };
      lifecycle = { ...lifecycle, signatures: [...signatures, record] };
      to = role === 'chair' ? 'signed' : 'final';
      break;
    }
    case 'file':
      if (command.receipt.trim() === '') return fail('invalid_message', 'filing needs a receipt');
      lifecycle = { ...lifecycle, filingReceipt: command.receipt };
      to = 'filed';
      note = command.receipt;
      break;
  }
  const event: LifecycleEvent = {
    action: command.action,
    from: state,
    to,
    actorId: actor.id,
    role: actor.role,
    at,
    note,
  };
  return {
    ok: true,
    event,
    minutes: { ...minutes, header, lifecycle: { ...lifecycle, state: to, history: [...lifecycle.history, event] } },
  };
}

/** The actions this actor could take now (for enabling buttons); the full checks still run in `applyLifecycle`. */
export function availableActions(minutes: Pick<Minutes, 'lifecycle'>, actor: MinutesActor): LifecycleAction[] {
  const { state, signatures } = minutes.lifecycle;
  return (Object.keys(LIFECYCLE_RULES) as LifecycleAction[]).filter((action) => {
    const rule = LIFECYCLE_RULES[action];
    if (!rule.from.includes(state) || !rule.roles.includes(actor.role)) return false;
    if (action === 'reopen') return signatures.length === 0;
    if (action === 'sign') {
      const role: SignerRole = actor.role === 'chair' ? 'chair' : 'secretary';
      if (signatures.some((s) => s.role === role)) return false;
      return role === 'secretary' || signatures.some((s) => s.role === 'secretary');
    }
    return true;
  });
}

/** A fresh draft with an empty body; the server fills header and attendance from the meeting. */
export function emptyMinutes(id: string, meetingId: string, header: MinutesHeader): Minutes {
  return {
    id,
    meetingId,
    header,
    attendance: [],
    sections: [],
    conclusions: '',
    decisions: [],
    actionItems: [],
    timeline: [],
    recipients: [],
    lifecycle: { state: 'draft', signatures: [], filingReceipt: null, history: [] },
  };
}

const ROMAN: [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** Roman numerals number the parts (mục) of an administrative text. */
export function roman(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, symbol] of ROMAN) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}
