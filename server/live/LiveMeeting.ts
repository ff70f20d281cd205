// What a meeting is doing right now, beside its media: the floor, the spotlight, the speaking queue, the chair's
// mutes, who is present and how their network is, guests waiting, the timers of floor and vote. Durable facts
// (lock, agenda position, votes, attendance, audit, chat) live in the database; this is the fast, in-memory part.
import type {
  FloorState,
  MicPolicy,
  NetworkReport,
  Presence,
  SpeakingRequest,
  WaitingGuest,
} from '../../common/meeting.ts';
import { can, type Action } from '../../common/permissions.ts';
import type { NotificationMap } from '../../common/protocol.ts';
import type { Peer, PeerSocket } from '../rooms/Peer.ts';
import type { Room } from '../rooms/Room.ts';
import { KeyedRateLimiter } from '../rateLimits.ts';
import { ScreenShareSlot } from './ScreenShareSlot.ts';

/** Per participant (not per connection): a muted province that reconnects is still muted. */
export interface ParticipantControl {
  mutedByChair: boolean;
  unmuteRequested: boolean;
  presence: Presence;
  joinedAt: string | null;
  lastSeen: string | null;
  network: NetworkReport | null;
  attendanceId: number | null;
  /** When the last status change was relayed to the hosts (stats are relayed at most every few seconds). */
  lastRelayAt: number;
}

export interface WaitingEntry extends WaitingGuest {
  socket: PeerSocket;
  invitationId: string;
  /** The client address the knock came from (limits per address, server/live/waitingRoom.ts). */
  address: string;
}

export class LiveMeeting {
  readonly meetingId: string;
  room: Room | null = null;
  floor: FloorState | null = null;
  spotlightPeerId: string | null = null;
  queue: SpeakingRequest[] = [];
  micPolicy: MicPolicy = { muteOnJoin: false, selfUnmute: true };
  /** Who shares a screen and who waits for the chair (ScreenShareSlot.ts, screenShare.ts). */
  readonly screenShare = new ScreenShareSlot();
  readonly controls = new Map<string, ParticipantControl>();
  readonly waiting = new Map<string, WaitingEntry>();
  /** Participants counted as eligible voters of the open vote. */
  voteEligible = new Set<string>();
  #floorTimer: NodeJS.Timeout | null = null;
  #voteTimer: NodeJS.Timeout | null = null;

  constructor(meetingId: string) {
    this.meetingId = meetingId;
  }

  /**
   * The room a joining peer entered. A new room (the previous one emptied and closed) starts with a clear floor,
   * spotlight and queue: those belong to people in the room, and nobody was.
   */
  attach(room: Room): boolean {
    if (this.room === room) return false;
    this.room = room;
    this.setFloor(null);
    this.spotlightPeerId = null;
    this.queue = [];
    this.screenShare.clear();
    return true;
  }

  control(participantId: string): ParticipantControl {
    let control = this.controls.get(participantId);
    if (!control) {
      control = {
        mutedByChair: false,
        unmuteRequested: false,
        presence: 'absent',
        joinedAt: null,
        lastSeen: null,
        network: null,
        attendanceId: null,
        lastRelayAt: 0,
      };
      this.controls.set(participantId, control);
    }
    return control;
  }

  peers(): Peer[] {
    return this.room ? [...this.room.peers.values()] : [];
  }

  peer(peerId: string): Peer | undefined {
    return this.room?.peers.get(peerId);
  }

  /** Everyone whose role may perform `action` (e.g. the hosts for `board.view`). */
  peersWho(action: Action): Peer[] {
    return this.peers().filter((p) => can(p.participant.role, action));
  }

  toAll<K extends keyof NotificationMap>(event: K, payload: NotificationMap[K]): void {
    for (const p of this.peers()) p.socket.emit(event, payload);
  }

  toWho<K extends keyof NotificationMap>(action: Action, event: K, payload: NotificationMap[K]): void {
    for (const p of this.peersWho(action)) p.socket.emit(event, payload);
  }

  toPeer<K extends keyof NotificationMap>(peerId: string, event: K, payload: NotificationMap[K]): void {
    this.peer(peerId)?.socket.emit(event, payload);
  }

  /** Sets the floor and its timer; `onTimeUp` runs once when the speaking time runs out. */
  setFloor(floor: FloorState | null, onTimeUp?: () => void): void {
    if (this.#floorTimer) clearTimeout(this.#floorTimer);
    this.#floorTimer = null;
    this.floor = floor;
    if (floor?.endsAt && onTimeUp) {
      this.#floorTimer = setTimeout(onTimeUp, Math.max(0, Date.parse(floor.endsAt) - Date.now()));
      this.#floorTimer.unref();
    }
  }

  setVoteTimer(at: string | null, onDeadline?: () => void): void {
    if (this.#voteTimer) clearTimeout(this.#voteTimer);
    this.#voteTimer = null;
    if (at && onDeadline) {
      this.#voteTimer = setTimeout(onDeadline, Math.max(0, Date.parse(at) - Date.now()));
      this.#voteTimer.unref();
    }
  }

  dispose(): void {
    this.setFloor(null);
    this.setVoteTimer(null);
  }
}

/** The live state of every meeting this server is running. */
export class LiveRegistry {
  readonly #meetings = new Map<string, LiveMeeting>();
  /**
   * Knocks at any waiting room, per client address and per guest link: many sockets from one place, or one link
   * passed around, cannot flood the chair's list (each connection has its own, tighter bucket as well).
   */
  readonly knocks: { byAddress: KeyedRateLimiter; byLink: KeyedRateLimiter };

  /** `knocksPerMinute`: per client address, sustained (bursts of a third of it); a guest link gets twice as many. */
  constructor(knocksPerMinute = 30) {
    const perSecond = knocksPerMinute / 60;
    this.knocks = {
      byAddress: new KeyedRateLimiter(perSecond, Math.max(1, Math.round(knocksPerMinute / 3))),
      byLink: new KeyedRateLimiter(perSecond * 2, Math.max(1, Math.round((knocksPerMinute * 4) / 3))),
    };
  }

  get(meetingId: string): LiveMeeting {
    let live = this.#meetings.get(meetingId);
    if (!live) {
      live = new LiveMeeting(meetingId);
      this.#meetings.set(meetingId, live);
    }
    return live;
  }

  peek(meetingId: string): LiveMeeting | undefined {
    return this.#meetings.get(meetingId);
  }

  closeAll(): void {
    for (const live of this.#meetings.values()) live.dispose();
    this.#meetings.clear();
  }
}
