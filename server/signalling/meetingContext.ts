// What a meeting-control handler works with: the joined peer and room, the meeting's live state, and a way to
// write the audit log in the peer's name.
import type { LiveMeeting } from '../live/LiveMeeting.ts';
import type { Meeting } from '../meetings/MeetingStore.ts';
import type { Peer } from '../rooms/Peer.ts';
import type { Room } from '../rooms/Room.ts';
import { joined, type Session } from './context.ts';
import type { Services } from '../services.ts';
import { AppFailure } from '../../common/errors.ts';

export interface MeetingContext {
  peer: Peer;
  room: Room;
  live: LiveMeeting;
  meetingId: string;
  /** The meeting as stored now (lock, agenda position, participants). */
  meeting(): Meeting;
  /** Records a chair or secretary action in the meeting's audit log. */
  audit(action: string, target?: string | null, detail?: unknown): void;
}

export function meetingContext(session: Session, services: Services): MeetingContext {
  const { peer, room } = joined(session);
  const meetingId = room.meeting.id;
  const live = services.live.get(meetingId);
  return {
    peer,
    room,
    live,
    meetingId,
    meeting() {
      const meeting = services.meetings.get(meetingId);
      if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} no longer exists`);
      return meeting;
    },
    audit(action, target = null, detail = null) {
      services.meetings.audit.append(meetingId, { id: peer.id, name: peer.participant.name }, action, target, detail);
    },
  };
}
