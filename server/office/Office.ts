// The office around the meeting room, assembled: the agency and its directory, sign-in lockout, scheduling, search,
// home-page events, and the projections the pages read (summary, detail, record). Reads never write.
import type { DocumentInfo } from '../../common/documents.ts';
import type { ReceiverStatus } from '../../common/minutesView.ts';
import type { FollowUpState } from '../../common/minutesFiling.ts';
import type { MeetingDetail, MeetingRecord, MeetingState, MeetingSummary, MinutesState } from '../../common/office.ts';
import type { LiveRegistry } from '../live/LiveMeeting.ts';
import type { MeetingStore } from '../meetings/MeetingStore.ts';
import type { AccountStore, User } from '../storage/AccountStore.ts';
import { AgencyStore } from './AgencyStore.ts';
import { EventHub } from './EventHub.ts';
import { Lockout } from './Lockout.ts';
import { MeetingPlanner } from './MeetingPlanner.ts';
import { SearchIndex, type IndexEntry } from './SearchIndex.ts';

export interface OfficeDeps {
  meetings: MeetingStore;
  accounts: AccountStore;
  live: LiveRegistry;
  documents: { list(meetingId: string): DocumentInfo[] };
  /** What receiving document systems reported about the meeting's filed minutes (edXML), oldest first. */
  filingStatuses?(meetingId: string): ReceiverStatus[];
  /** Where the filed record's updates and recall stand. */
  filingFollowUps?(meetingId: string): FollowUpState;
}

export class Office {
  readonly agency: AgencyStore;
  readonly lockout: Lockout;
  readonly planner: MeetingPlanner;
  readonly search: SearchIndex;
  readonly events = new EventHub();
  readonly #deps: OfficeDeps;
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(deps: OfficeDeps) {
    const db = deps.meetings.db;
    this.#deps = deps;
    this.agency = new AgencyStore(db);
    this.lockout = new Lockout(db);
    this.planner = new MeetingPlanner(db, deps.accounts, this.agency);
    this.search = new SearchIndex(db);
  }

  state(meetingId: string): MeetingState {
    const row = this.planner.row(meetingId);
    if (!row) return 'ended';
    if (row.cancelled_at) return 'cancelled';
    if (row.ended_at) return 'ended';
    return (this.#deps.live.peek(meetingId)?.peers().length ?? 0) > 0 ? 'live' : 'scheduled';
  }

  minutesState(meetingId: string): MinutesState {
    const row = this.#deps.meetings.db.prepare('SELECT state FROM minutes WHERE meeting_id = ?').get(meetingId) as
      { state: MinutesState } | undefined;
    return row?.state ?? 'none';
  }

  summary(meetingId: string, user: User): MeetingSummary {
    const row = this.planner.row(meetingId)!;
    const seat = this.planner.seatOf(meetingId, user);
    const state = this.state(meetingId);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      place: row.place,
      state,
      myRole: seat?.role ?? null,
      myConnectionPoint: seat?.unitCode ? seat.connectionPoint : null,
      present:
        state === 'live'
          ? (this.#deps.live
              .peek(meetingId)
              ?.peers()
              .map((p) => p.participant.name) ?? [])
          : [],
      minutesState: this.minutesState(meetingId),
      canManage: this.planner.canManage(meetingId, user),
    };
  }

  detail(meetingId: string, user: User): MeetingDetail {
    const row = this.planner.row(meetingId)!;
    const form = this.planner.formOf(meetingId);
    const documents = this.#deps.documents.list(meetingId);
    return {
      ...this.summary(meetingId, user),
      form,
      agenda: form.agenda.map((item) => ({
        ...item,
        id: item.id!,
        documents: documents
          .filter((d) => d.agendaItemId === item.id)
          .map((d) => {
            const latest = d.versions[d.versions.length - 1]!;
            return { id: d.id, title: d.title, version: latest.version, pageCount: latest.pageCount };
          }),
      })),
      participants: this.planner.participants(meetingId),
      cancelledAt: row.cancelled_at,
    };
  }

  record(meetingId: string, user: User): MeetingRecord {
    const db = this.#deps.meetings.db;
    const people = new Map(this.planner.participants(meetingId).map((p) => [p.id, p]));
    const attendance = (
      db
        .prepare('SELECT participant_id, joined_at, left_at FROM attendance WHERE meeting_id = ? ORDER BY id')
        .all(meetingId) as { participant_id: string; joined_at: string; left_at: string | null }[]
    ).map((a) => {
      const p = people.get(a.participant_id);
      return {
        name: p?.name ?? a.participant_id,
        connectionPoint: p?.connectionPoint ?? null,
        role: p?.role ?? 'guest',
        joinedAt: a.joined_at,
        leftAt: a.left_at,
      };
    });
    const votes = (
      db
        .prepare('SELECT id, question, options, closed_at FROM votes WHERE meeting_id = ? ORDER BY opened_at')
        .all(meetingId) as { id: string; question: string; options: string; closed_at: string | null }[]
    ).map((v) => {
      const tally = v.closed_at
        ? (db.prepare('SELECT option, count FROM vote_tallies WHERE vote_id = ? ORDER BY option').all(v.id) as {
            option: number;
            count: number;
          }[])
        : null;
      const options = JSON.parse(v.options) as string[];
      return {
        title: v.question,
        options,
        tally: tally ? options.map((_, i) => tally.find((t) => t.option === i)?.count ?? 0) : null,
        closedAt: v.closed_at,
      };
    });
    const minutes = db
      .prepare('SELECT state, pdf_sha256, lifecycle FROM minutes WHERE meeting_id = ?')
      .get(meetingId) as { state: MinutesState; pdf_sha256: string | null; lifecycle: string } | undefined;
    const signed = minutes && (minutes.state === 'signed' || minutes.state === 'filed') && minutes.pdf_sha256;
    return {
      meeting: this.detail(meetingId, user),
      attendance,
      votes,
      minutes: {
        state: minutes?.state ?? 'none',
        pdfUrl: signed ? `/api/meetings/${encodeURIComponent(meetingId)}/minutes.pdf` : null,
        filing: minutes ? filingOf(minutes.lifecycle) : null,
        filingStatuses: minutes ? (this.#deps.filingStatuses?.(meetingId) ?? []) : [],
        followUps: minutes ? (this.#deps.filingFollowUps?.(meetingId) ?? 'none') : 'none',
      },
    };
  }

  /** Rewrites the meeting's search entries (title, place, agenda; the minutes' text once it exists). */
  reindex(meetingId: string): void {
    const row = this.planner.row(meetingId);
    if (!row) return;
    const agenda = this.planner.formOf(meetingId).agenda;
    const entries: IndexEntry[] = [
      { kind: 'meeting', section: null, text: `${row.title} — ${row.place}` },
      ...agenda.map((a): IndexEntry => ({ kind: 'agenda', section: a.title, text: `${a.title} ${a.presenter}` })),
      ...this.#minutesEntries(meetingId),
    ];
    this.search.put(meetingId, ['meeting', 'agenda', 'minutes'], entries);
  }

  /**
   * Tells everyone concerned that the meeting changed (their home reloads), shortly after: a burst of arrivals is
   * one event, and a peer that is leaving is gone from the room by then.
   */
  changed(meetingId: string): void {
    if (this.#pending.has(meetingId)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(meetingId);
      this.#notify(meetingId);
    }, 150);
    timer.unref();
    this.#pending.set(meetingId, timer);
  }

  /** The server is closing: no event is sent after this (the database closes next). */
  close(): void {
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
    this.events.close();
  }

  #notify(meetingId: string): void {
    // The văn thư too while the record is signed: their list of records awaiting the agency's signature follows it.
    const signed = this.minutesState(meetingId) === 'signed';
    const admins = this.#deps.accounts
      .listUsers()
      .filter((u) => u.agencyRole === 'admin' || (signed && u.agencyRole === 'secretary'))
      .map((u) => u.id);
    this.events.notify([...this.planner.audience(meetingId), ...admins], 'home', { meetingId });
  }

  #minutesEntries(meetingId: string): IndexEntry[] {
    const row = this.#deps.meetings.db.prepare('SELECT content FROM minutes WHERE meeting_id = ?').get(meetingId) as
      { content: string | null } | undefined;
    if (!row?.content) return [];
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(row.content) as Record<string, unknown>;
    } catch {
      return [];
    }
    // What a reader searches the minutes for, each hit placed under its agenda section's title (never a field name).
    const list = (key: string): Record<string, unknown>[] =>
      Array.isArray(content[key])
        ? (content[key] as unknown[]).filter((v): v is Record<string, unknown> => !!v && typeof v === 'object')
        : [];
    const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const titles = new Map(list('sections').map((s) => [str(s['id']), str(s['title']) || null]));
    const out: IndexEntry[] = [];
    const add = (section: string | null, ...texts: unknown[]) => {
      const text = texts.map(str).filter(Boolean).join(' — ');
      if (text.length > 2) out.push({ kind: 'minutes', section, text });
    };
    for (const s of list('sections')) {
      const title = str(s['title']) || null;
      add(title, s['title'], s['presenter'], s['discussion']);
      const opinions = Array.isArray(s['opinions']) ? (s['opinions'] as Record<string, unknown>[]) : [];
      for (const o of opinions) if (o && typeof o === 'object') add(title, o['speaker'], o['position'], o['content']);
      add(title, s['conclusions']);
    }
    add(null, content['conclusions']);
    for (const d of list('decisions')) add(titles.get(str(d['sectionId'])) ?? null, d['text']);
    for (const a of list('actionItems')) add(titles.get(str(a['sectionId'])) ?? null, a['task'], a['owner']);
    for (const p of list('attendance')) add(null, p['name'], p['position'], p['unit'], p['note']);
    for (const t of list('timeline')) add(null, t['actor'], t['text']);
    return out;
  }
}

function filingOf(lifecycle: string): string | null {
  try {
    const parsed = JSON.parse(lifecycle) as { filingReceipt?: unknown };
    return typeof parsed.filingReceipt === 'string' ? parsed.filingReceipt : null;
  } catch {
    return null;
  }
}
