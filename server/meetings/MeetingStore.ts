// Meetings and their invited participants. The walking skeleton keeps them in memory; the scheduling issue moves
// them into the embedded SQLite database behind this same interface.
import type { MeetingInfo, Role } from '../../common/protocol.ts';

export interface Participant {
  id: string;
  name: string;
  role: Role;
  connectionPoint: string | null;
}

export interface Meeting extends MeetingInfo {
  participants: Participant[];
}

export class MeetingStore {
  readonly #meetings = new Map<string, Meeting>();

  add(meeting: Meeting): void {
    this.#meetings.set(meeting.id, meeting);
  }

  get(meetingId: string): Meeting | undefined {
    return this.#meetings.get(meetingId);
  }

  participant(meetingId: string, participantId: string): Participant | undefined {
    return this.#meetings.get(meetingId)?.participants.find((p) => p.id === participantId);
  }
}
