// Domain shapes of a chaired meeting as the protocol carries them: agenda, floor, speaking queue, votes, chat,
// status board, attendance, audit. Types only; the rules that act on them live in small pure modules beside this.
import type { MeetingRole } from './roles.ts';

export interface AgendaItem {
  id: string;
  title: string;
  /** Who presents the item (a name, as printed in the programme). */
  presenter: string;
  /** The item's time box. */
  durationMinutes: number;
  /** The agenda document shown when the item starts (documents feature), if any. */
  documentId: string | null;
}

export interface AgendaState {
  items: AgendaItem[];
  /** null before the chair starts the first item. */
  currentIndex: number | null;
  startedAt: string | null;
  /** startedAt + the item's time box. */
  endsAt: string | null;
}

export interface FloorState {
  peerId: string;
  name: string;
  startedAt: string;
  /** When the speaking time runs out; null for no limit. */
  endsAt: string | null;
}

export interface SpeakingRequest {
  peerId: string;
  name: string;
  connectionPoint: string | null;
  topic: string | null;
  raisedAt: string;
}

export interface MicPolicy {
  /** Set by "mute all": people joining later start muted too. */
  muteOnJoin: boolean;
  /** Whether a participant muted by the chair may unmute without asking. */
  selfUnmute: boolean;
}

export interface VoteBallot {
  participantId: string;
  name: string;
  option: number;
}

export interface VoteResult {
  /** Ballots per option, in the order of `options`. */
  counts: number[];
  cast: number;
  eligible: number;
  /** Option indexes with the most ballots (several on a tie, none when nobody voted). */
  leading: number[];
  /** Who voted what: named votes only; null for a secret vote. */
  ballots: VoteBallot[] | null;
}

export interface VoteInfo {
  id: string;
  question: string;
  options: string[];
  secret: boolean;
  agendaItemId: string | null;
  openedAt: string;
  deadline: string;
  closedAt: string | null;
  result: VoteResult | null;
}

export interface VoteProgress {
  voteId: string;
  cast: number;
  eligible: number;
  /** Named votes: ballots per option so far; null for a secret vote (its counts come with the result). */
  counts: number[] | null;
  /** Named votes: who has voted what so far; null for a secret vote. */
  ballots: VoteBallot[] | null;
}

export const CHAT_AUDIENCES = ['all', 'hosts', 'direct'] as const;
/** all: everyone; hosts: chair + secretary (and the sender); direct: one participant (chair/secretary only). */
export type ChatAudience = (typeof CHAT_AUDIENCES)[number];

/** Longest chat message, in characters. */
export const MAX_CHAT_CHARS = 2000;

export interface ChatMessage {
  id: string;
  sentAt: string;
  fromId: string;
  fromName: string;
  audience: ChatAudience;
  toId: string | null;
  text: string;
}

export type NetworkQuality = 'good' | 'fair' | 'poor' | 'unknown';

export interface NetworkReport {
  rttMs: number | null;
  lossPct: number | null;
  sendKbps: number | null;
  recvKbps: number | null;
  at: string;
}

/** absent: expected, never joined; online; dropped: connection lost; left: left on purpose; removed by the chair. */
export type Presence = 'absent' | 'online' | 'dropped' | 'left' | 'removed';

export interface StatusEntry {
  participantId: string;
  name: string;
  role: MeetingRole;
  connectionPoint: string | null;
  presence: Presence;
  micOn: boolean;
  camOn: boolean;
  mutedByChair: boolean;
  handRaised: boolean;
  network: NetworkReport | null;
  quality: NetworkQuality;
  joinedAt: string | null;
  lastSeen: string | null;
}

export type StatusAlertKind = 'dropped' | 'rejoined' | 'left' | 'poor_network' | 'network_recovered';

export interface StatusAlert {
  participantId: string;
  name: string;
  connectionPoint: string | null;
  kind: StatusAlertKind;
  at: string;
}

export interface WaitingGuest {
  waitingId: string;
  name: string;
  knockedAt: string;
}

export interface AttendanceRecord {
  participantId: string;
  name: string;
  role: MeetingRole;
  connectionPoint: string | null;
  /** One entry per connection: a dropped and rejoined participant has several. */
  sessions: { joinedAt: string; leftAt: string | null; leftReason: string | null }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  target: string | null;
  detail: string | null;
}

/** Everything a client needs to draw the meeting's controls, sent on join and on request. */
export interface MeetingState {
  locked: boolean;
  endedAt: string | null;
  agenda: AgendaState;
  floor: FloorState | null;
  spotlightPeerId: string | null;
  queue: SpeakingRequest[];
  micPolicy: MicPolicy;
  /** Whether the requesting participant is muted by the chair. */
  mutedByChair: boolean;
  openVote: VoteInfo | null;
}
