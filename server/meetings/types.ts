// The meeting records as the server keeps them: a meeting with its participants and agenda, what scheduling one
// takes. Types only, shared by the meeting store and its sub-stores.
import type { AgendaItem } from '../../common/meeting.ts';
import type { MeetingInfo } from '../../common/meetingInfo.ts';
import type { MeetingRole } from '../../common/roles.ts';

export interface Participant {
  id: string;
  name: string;
  role: MeetingRole;
  /** The province or unit this participant's device stands for (điểm cầu), if any. */
  connectionPoint: string | null;
  /** The local account, when the participant has one. */
  userId?: string | null;
}

export interface Meeting extends MeetingInfo {
  participants: Participant[];
  agenda: AgendaItem[];
  locked: boolean;
  endedAt: string | null;
  currentAgendaIndex: number | null;
  agendaStartedAt: string | null;
  createdBy: string | null;
}

/** What scheduling a meeting takes; the live fields start empty. */
export interface NewMeeting extends MeetingInfo {
  participants: Participant[];
  agenda?: AgendaItem[];
  createdBy?: string | null;
}
