// The automatic timeline of a meeting, for the secretary to insert into the record: agenda items started, who had
// the floor and for how long, documents shown, votes and their results, the end. Built from the audit log (every
// chair action is there), the votes table and the attendance log; nothing is stored twice.
import type { AuditEntry, VoteInfo } from '../../common/meeting.ts';
import type { VoteResult } from '../../common/minutes.ts';
import type { MinutesTimelineEntry } from '../../common/minutesView.ts';
import type { Meeting, MeetingStore } from '../meetings/MeetingStore.ts';
import { clockTime, voteSummary } from './format.ts';
import { mediaEntry } from './mediaTimeline.ts';

const AGREE = ['tán thành', 'đồng ý'];
const DISAGREE = ['không tán thành', 'không đồng ý'];
const ABSTAIN = ['không biểu quyết', 'không ý kiến'];

const matches = (option: string | undefined, words: string[]) =>
  option !== undefined && words.includes(option.trim().toLowerCase().normalize('NFC'));

/**
 * A closed vote in the record's terms (yes / no / abstain of the eligible), when its options are the usual ones;
 * null for other questions (their counts go into the summary text instead). Passed: more than half the eligible.
 */
export function recordVote(vote: VoteInfo): VoteResult | null {
  const result = vote.result;
  if (!result) return null;
  const [yes, no, abstain] = vote.options;
  if (!matches(yes, AGREE) || !matches(no, DISAGREE)) return null;
  if (vote.options.length > 3 || (vote.options.length === 3 && !matches(abstain, ABSTAIN))) return null;
  const counts = result.counts;
  return {
    kind: vote.secret ? 'secret' : 'named',
    eligible: result.eligible,
    yes: counts[0] ?? 0,
    no: counts[1] ?? 0,
    abstain: counts[2] ?? 0,
    passed: (counts[0] ?? 0) * 2 > result.eligible,
  };
}

function voteText(vote: VoteInfo, result: VoteResult | null): string {
  if (result) return voteSummary(result);
  if (!vote.result) return 'Biểu quyết chưa kết thúc.';
  const counts = vote.options.map((option, i) => `${option}: ${vote.result!.counts[i] ?? 0}`).join('; ');
  return `Kết quả biểu quyết (${vote.result.cast}/${vote.result.eligible} đại biểu): ${counts}.`;
}

function detail(entry: AuditEntry): Record<string, unknown> {
  if (!entry.detail) return {};
  try {
    const parsed = JSON.parse(entry.detail) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function buildTimeline(meetings: MeetingStore, meeting: Meeting, documentTitle: (id: string) => string | null) {
  const people = new Map(meeting.participants.map((p) => [p.id, p] as const));
  const nameOf = (id: string | null) => (id ? (people.get(id)?.name ?? id) : null);
  const entries: MinutesTimelineEntry[] = [];
  let agendaItemId: string | null = null;
  let speech: MinutesTimelineEntry | null = null;
  const endSpeech = (at: string) => {
    if (speech && !speech.endedAt) {
      speech.endedAt = at;
      speech.text = `${speech.text} – ${clockTime(at)}`;
    }
    speech = null;
  };
  const base = (entry: AuditEntry) => ({
    id: `audit-${entry.id}`,
    at: entry.at,
    agendaItemId,
    actor: entry.actorName,
    speaker: null,
    endedAt: null,
    vote: null,
  });

  for (const entry of meetings.audit.list(meeting.id, 100_000)) {
    const d = detail(entry);
    switch (entry.action) {
      case 'startAgendaItem': {
        endSpeech(entry.at);
        agendaItemId = entry.target;
        const title = typeof d.title === 'string' ? d.title : (entry.target ?? '');
        entries.push({ ...base(entry), kind: 'note', text: `${clockTime(entry.at)} Bắt đầu nội dung: ${title}` });
        break;
      }
      case 'giveFloor': {
        endSpeech(entry.at);
        const person = entry.target ? people.get(entry.target) : undefined;
        const name = nameOf(entry.target) ?? '';
        const where = person?.connectionPoint ? ` (${person.connectionPoint})` : '';
        speech = {
          ...base(entry),
          kind: 'speech',
          text: `${clockTime(entry.at)} Đồng chí ${name}${where} phát biểu`,
          speaker: { id: entry.target ?? '', name, connectionPoint: person?.connectionPoint ?? null },
        };
        entries.push(speech);
        break;
      }
      case 'endFloor':
        endSpeech(entry.at);
        break;
      case 'showDocument': {
        const title = (entry.target && documentTitle(entry.target)) ?? (typeof d.title === 'string' ? d.title : '');
        entries.push({
          ...base(entry),
          kind: 'document',
          text: `${clockTime(entry.at)} Trình chiếu tài liệu: ${title}`,
        });
        break;
      }
      case 'uploadDocument': {
        const title = (entry.target && documentTitle(entry.target)) ?? '';
        entries.push({ ...base(entry), kind: 'document', text: `${clockTime(entry.at)} Phát hành tài liệu: ${title}` });
        break;
      }
      case 'screenShareStart':
      case 'screenShareEnd':
      case 'recordingStart':
      case 'recordingStop':
        mediaEntry(entries, entry, base(entry), (id) => people.get(id));
        break;
      case 'endMeeting':
        endSpeech(entry.at);
        entries.push({ ...base(entry), kind: 'note', text: `${clockTime(entry.at)} Kết thúc cuộc họp` });
        break;
      default:
        break;
    }
  }

  for (const vote of meetings.votes.list(meeting.id)) {
    if (!vote.closedAt) continue;
    const result = recordVote(vote);
    entries.push({
      id: `vote-${vote.id}`,
      at: vote.closedAt,
      kind: 'vote',
      agendaItemId: vote.agendaItemId,
      actor: null,
      text: `${clockTime(vote.closedAt)} Biểu quyết: ${vote.question} — ${voteText(vote, result)}`,
      speaker: null,
      endedAt: null,
      vote: { question: vote.question, result, summary: voteText(vote, result) },
    });
  }

  // When each participant first joined (roll call).
  for (const record of meetings.attendance.records(meeting.id, meeting.participants)) {
    const first = record.sessions[0];
    if (!first) continue;
    entries.push({
      id: `join-${record.participantId}`,
      at: first.joinedAt,
      kind: 'attendance',
      agendaItemId: null,
      actor: null,
      text: `${clockTime(first.joinedAt)} ${record.name}${record.connectionPoint ? ` (${record.connectionPoint})` : ''} tham dự`,
      speaker: null,
      endedAt: null,
      vote: null,
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
