// The office around the meeting room, over HTTP: first-run setup, sign-in (session cookie), the home page,
// scheduling, the agency's directory and administration, history and search. Request schemas are validated by the
// server; response shapes are what the renderer reads. Paths are listed beside each type (docs/office.md).
import { z } from 'zod';
import type { FollowUpState } from './minutesFiling.ts';
import type { ReceiverStatus } from './minutesView.ts';

/** A person's standing in the agency (not in one meeting: that is the meeting role). */
export const AGENCY_ROLES = ['admin', 'secretary', 'member'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

export const MEETING_KINDS = ['giao_ban', 'hop', 'hoi_nghi'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const UNIT_KINDS = ['province', 'department', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Header a browser must send with every state-changing request (with the SameSite=Strict cookie: CSRF-safe). */
export const CSRF_HEADER = 'x-phonghop-csrf';

const username = z.string().trim().min(3).max(64);
const password = z.string().min(10).max(1024);
const displayName = z.string().trim().min(1).max(120);
const unitCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'unit code: letters, digits, dot, dash, underscore');
const email = z.email().max(200);

// ---- setup and sign-in --------------------------------------------------------------------------------------

/** POST /api/setup — once, with the one-time link printed by the server on an empty DATA_DIR. */
export const setupSchema = z
  .object({
    token: z.string().min(10).max(200),
    agency: z
      .object({
        name: z.string().trim().min(1).max(200),
        code: z.string().trim().max(40),
        parent: z.string().trim().max(200),
      })
      .strict(),
    admin: z.object({ username, displayName, password, email: email.optional() }).strict(),
  })
  .strict();

/** POST /api/login — sets the session cookie; `bearer: true` also returns the token (desktop shell, scripts). */
export const signInSchema = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
    bearer: z.boolean().optional(),
  })
  .strict();

/** POST /api/me/password — every other session of the account ends. */
export const changePasswordSchema = z.object({ current: z.string().min(1).max(1024), next: password }).strict();

export interface AgencyInfo {
  name: string;
  code: string;
  parent: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  agencyRole: AgencyRole;
  unitCode: string | null;
  unitName: string | null;
  email: string | null;
  /** `ldap` accounts change their password in the directory, not here. */
  source: 'local' | 'ldap';
}

/** GET /api/session — who is signed in (401 when nobody), and the agency; GET /api/setup → SetupStatus. */
export interface SessionInfo {
  user: Me;
  agency: AgencyInfo;
  expiresAt: string;
}
export interface SetupStatus {
  needsSetup: boolean;
  agency: AgencyInfo | null;
}

// ---- directory and administration ---------------------------------------------------------------------------

export interface Unit {
  code: string;
  name: string;
  kind: UnitKind;
  disabled: boolean;
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  agencyRole: AgencyRole;
  unitCode: string | null;
  email: string | null;
  disabled: boolean;
  source: 'local' | 'ldap';
}

/** GET /api/directory — units and enabled accounts, for the scheduling form (secretary, administrator). */
export interface Directory {
  units: Unit[];
  accounts: Pick<Account, 'id' | 'username' | 'displayName' | 'unitCode' | 'agencyRole'>[];
}

/** POST /api/admin/units */
export const unitSchema = z
  .object({ code: unitCode, name: z.string().trim().min(1).max(200), kind: z.enum(UNIT_KINDS) })
  .strict();

/** POST /api/admin/accounts */
export const accountSchema = z
  .object({
    username,
    displayName,
    password,
    agencyRole: z.enum(AGENCY_ROLES),
    unitCode: unitCode.optional(),
    email: email.optional(),
  })
  .strict();

/** POST /api/admin/accounts/<id> — change role, unit, email, enable or disable; reset password. */
export const accountUpdateSchema = z
  .object({
    displayName: displayName.optional(),
    agencyRole: z.enum(AGENCY_ROLES).optional(),
    unitCode: unitCode.nullable().optional(),
    email: email.nullable().optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .strict();

/**
 * POST /api/admin/import — CSV (UTF-8, header row) as text. Units: `code,name,kind`. Accounts:
 * `username,displayName,agencyRole,unitCode,email,password`. Every good row is kept; every bad one is reported.
 */
export const importSchema = z.object({ kind: z.enum(['units', 'accounts']), csv: z.string().max(2_000_000) }).strict();

/** Why a row was rejected: a field that does not validate (`field` names it), a unit not in the directory, a name twice. */
export type ImportRejection = 'invalid_field' | 'unknown_unit' | 'duplicate' | 'failed';

export interface ImportReport {
  created: number;
  updated: number;
  /** `reason` is the English detail; `code` (and `field`, `value`) let the page say it in the reader's language. */
  rejected: { line: number; reason: string; text: string; code: ImportRejection; field?: string; value?: string }[];
}

/** GET /api/admin/audit?meeting=&actor=&action=&since=&until=&limit= */
export interface AuditEntry {
  /** Unique across both logs: `o<n>` for the office's, `m<n>` for a meeting's. */
  key: string;
  seq: number;
  at: string;
  meetingId: string | null;
  actorId: string;
  actorName: string;
  action: string;
  target: string | null;
  detail: unknown;
}

// ---- scheduling ---------------------------------------------------------------------------------------------

const agendaItemInput = z
  .object({
    /** Present when editing an existing item (keeps its documents). */
    id: z.string().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(300),
    presenter: z.string().trim().max(120),
    durationMinutes: z.number().int().min(1).max(600),
  })
  .strict();

/** POST /api/meetings (create) and PUT /api/meetings/<id> (edit, reorder, reschedule). */
export const meetingFormSchema = z
  .object({
    kind: z.enum(MEETING_KINDS),
    title: z.string().trim().min(1).max(300),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    place: z.string().trim().min(1).max(300),
    chairUserId: z.string().min(1).max(100),
    secretaryUserId: z.string().min(1).max(100),
    /** Connection points: one participant per unit; every enabled account of the unit can join as it. */
    unitCodes: z.array(unitCode).max(200),
    /** Further participants by account (delegates). */
    participantUserIds: z.array(z.string().min(1).max(100)).max(500),
    /** Guests by name: they come in with the meeting's guest link, through the waiting room. */
    guests: z.array(z.string().trim().min(1).max(120)).max(100),
    agenda: z.array(agendaItemInput).max(100),
    /**
     * Whether the meeting may be recorded (true when left out). The chair can change it in the room as well; a
     * meeting set here not to be recorded refuses every start, and one being recorded stops.
     */
    recordingAllowed: z.boolean().optional(),
  })
  .strict();
export type MeetingForm = z.infer<typeof meetingFormSchema>;

export type MeetingState = 'scheduled' | 'live' | 'ended' | 'cancelled';
export type MinutesState = 'none' | 'draft' | 'review' | 'final' | 'signed' | 'filed';

/** A meeting on someone's home or in the history list. */
export interface MeetingSummary {
  id: string;
  kind: MeetingKind;
  title: string;
  startsAt: string;
  endsAt: string | null;
  place: string;
  state: MeetingState;
  /** My part in it (null for an administrator looking at a meeting they are not in). */
  myRole: 'chair' | 'secretary' | 'delegate' | 'guest' | null;
  /** The connection point I join as, if I come for a unit. */
  myConnectionPoint: string | null;
  /** People in the room now (live meetings). */
  present: string[];
  minutesState: MinutesState;
  /** I may edit, reschedule and cancel it (its secretary, who scheduled it, or an administrator). */
  canManage: boolean;
}

/** GET /api/home — today's and upcoming first, then past; GET /api/events (SSE) says `home` when it changes. */
export interface HomePage {
  upcoming: MeetingSummary[];
  past: MeetingSummary[];
  /** For the agency's văn thư: the meetings whose signed minutes wait for the agency's signature, oldest first. */
  agencySigning?: MeetingSummary[];
}

export interface AgendaDocument {
  id: string;
  title: string;
  version: number;
  pageCount: number | null;
}

export interface MeetingParticipantInfo {
  id: string;
  name: string;
  role: 'chair' | 'secretary' | 'delegate' | 'guest';
  connectionPoint: string | null;
  unitCode: string | null;
  userId: string | null;
}

/** GET /api/meetings/<id> — the form's content plus agenda documents and participants. */
export interface MeetingDetail extends MeetingSummary {
  form: MeetingForm;
  agenda: (MeetingForm['agenda'][number] & { id: string; documents: AgendaDocument[] })[];
  participants: MeetingParticipantInfo[];
  cancelledAt: string | null;
}

// POST /api/meetings/<id>/cancel; POST /api/meetings/<id>/join → JoinLink (an invitation for my seat, then the
// lobby); POST /api/meetings/<id>/agenda/<itemId>/documents?fileName=&title= (body: the PDF) → AgendaDocument;
// GET /api/meetings/<id>/invitation.ics → text/calendar.
export interface JoinLink {
  url: string;
}

/** GET /api/meetings/<id>/record — the past meeting as it happened. */
export interface MeetingRecord {
  meeting: MeetingDetail;
  attendance: { name: string; connectionPoint: string | null; role: string; joinedAt: string; leftAt: string | null }[];
  votes: { title: string; options: string[]; tally: number[] | null; closedAt: string | null }[];
  minutes: {
    state: MinutesState;
    /** The signed PDF, when there is one (a download for the signed-in person). */
    pdfUrl: string | null;
    filing: string | null;
    /** What the receiving document systems reported about the filed record, oldest first (edXML filing). */
    filingStatuses: ReceiverStatus[];
    /** Where the filed record's updates and recall stand ('none' without any). */
    followUps: FollowUpState;
  };
}

// ---- search -------------------------------------------------------------------------------------------------

/** GET /api/search?q= — diacritics and case ignored; only meetings the person may see. */
export interface SearchResult {
  kind: 'meeting' | 'agenda' | 'minutes';
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
  /** The agenda item or the minutes section the hit is in. */
  section: string | null;
  /** Matched text with the hits between « and ». */
  snippet: string;
}
export interface SearchResponse {
  query: string;
  results: SearchResult[];
}
