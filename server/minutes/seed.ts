// The first content of a meeting's record, from what the server knows: the agency defaults (configuration), the
// meeting (title, time, place, chair, secretary, agenda) and who has attended so far. Everything here is only a
// starting point the secretary edits.
import type { AttendanceEntry } from '../../common/minutes.ts';
import type { MinutesContent } from '../../common/minutesDoc.ts';
import type { MinutesConfig } from '../config.ts';
import type { LiveMeeting } from '../live/LiveMeeting.ts';
import type { Meeting, MeetingStore } from '../meetings/MeetingStore.ts';
import { vietnamTime } from './format.ts';

/** YYYY-MM-DD of an instant in Vietnam time. */
export function vietnamDate(iso: string): string {
  const t = vietnamTime(iso);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** Who is expected and who has come: every participant, present once they joined (now or earlier). */
export function meetingAttendance(
  meetings: MeetingStore,
  meeting: Meeting,
  live: LiveMeeting | undefined,
): AttendanceEntry[] {
  return meeting.participants.map((p) => ({
    id: p.id,
    name: p.name,
    position: null,
    unit: null,
    connectionPoint: p.connectionPoint,
    role: p.role,
    present: live?.peer(p.id) !== undefined || meetings.attendance.hasAttended(meeting.id, p.id),
    note: null,
  }));
}

export function initialContent(
  config: MinutesConfig,
  meetings: MeetingStore,
  meeting: Meeting,
  live: LiveMeeting | undefined,
): MinutesContent {
  const chair = meeting.participants.find((p) => p.role === 'chair');
  const secretary = meeting.participants.find((p) => p.role === 'secretary');
  return {
    header: {
      parentAgency: config.parentAgency,
      agency: config.agency,
      agencyCode: config.agencyCode,
      number: null,
      notation: config.notation,
      place: config.place,
      date: vietnamDate(meeting.startsAt),
      meetingTitle: meeting.title,
      startedAt: meeting.startsAt,
      endedAt: meeting.endedAt,
      venue: meeting.place,
      chair: { name: chair?.name ?? '', position: null },
      secretary: { name: secretary?.name ?? '', position: null },
    },
    attendance: meetingAttendance(meetings, meeting, live),
    sections: meeting.agenda.map((item, i) => ({
      id: `section-${i + 1}`,
      agendaItemId: item.id,
      title: item.title,
      presenter: item.presenter || null,
      discussion: '',
      opinions: [],
      conclusions: '',
    })),
    conclusions: '',
    decisions: [],
    actionItems: [],
    timeline: [],
    recipients: [...config.recipients],
  };
}
