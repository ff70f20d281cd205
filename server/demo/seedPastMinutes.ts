// The demo's past briefing, on the record as a real one would be: who came and went (attendance rows), the minutes
// the secretary wrote (pastMinutesContent.ts), and the whole lifecycle run through the MinutesService as people
// would run it — submitted for review, finalised with a number, signed by the secretary then the chair with the demo
// identities, then for the agency with its seal by the văn thư (seedAgencySignature.ts), filed into the configured
// archive (B-LTA with a TSA_URL, else as signed) — so that the history shows it filed, its signed PDF downloads and
// its text is found by search. Every step looks at where the record is and does only what is left: a second start
// adds nothing, and a start after a crash midway goes on from there. It takes seconds (keys, PDF, signatures), so
// the demo runs it in the background once the server answers.
import { setTimeout as sleep } from 'node:timers/promises';
import type { MinutesState } from '../../common/minutes.ts';
import { isSeeded, seedMinutesDoc } from '../../common/minutesDoc.ts';
import { AppFailure } from '../../common/errors.ts';
import type { Meeting, Participant } from '../meetings/MeetingStore.ts';
import { vietnamTime } from '../minutes/format.ts';
import { DEFAULT_VOTE_OPTIONS } from '../../common/votes.ts';
import type { DemoIdentities } from '../minutes/signing/demoIdentities.ts';
import type { Services } from '../services.ts';
import { absentProvince, pastMinutesContent } from './pastMinutesContent.ts';
import { prepareDemoAgency, signForDemoAgency } from './seedAgencySignature.ts';

const MINUTE = 60_000;

export interface PastMinutesOptions {
  /**
   * The demo signing identities (ensureDemoIdentitiesAsync with DEMO_SERVER_SIGNERS), ready before signing: the chair's,
   * the secretary's and the agency's (without the agency's, the record is filed with the two signatures).
   */
  identities: DemoIdentities;
  /** Progress, one line per step (the demo prints it on stderr). */
  log?: (line: string) => void;
  /** How long to wait for the archive to confirm the filing; after it the job stays queued and files later. */
  filingTimeoutMs?: number;
}

/** Opens and closes one attendance row per participant who came (all but one provincial point), once. */
export function seedPastAttendance(services: Services, meeting: Meeting): boolean {
  const log = services.meetings.attendance;
  if (log.records(meeting.id, meeting.participants).some((r) => r.sessions.length > 0)) return false;
  const start = Date.parse(meeting.startsAt);
  const end = meeting.endedAt ? Date.parse(meeting.endedAt) : start + 120 * MINUTE;
  const absent = absentProvince(meeting);
  services.meetings.db.transaction(() => {
    meeting.participants.forEach((p, i) => {
      if (p.id === absent || p.role === 'guest') return;
      // The central point opens first; the provinces connect over the ten minutes before the start.
      const joined = new Date(start - (p.role === 'delegate' ? 10 - (i % 9) : 15) * MINUTE).toISOString();
      const left = new Date(end + (i % 3) * 20_000).toISOString();
      log.close(log.open(meeting.id, p.id, joined), left, 'meeting_ended');
    });
  })();
  return true;
}

/**
 * The named vote the minutes record (decision 2), in the meeting's vote log as the live vote would have left it:
 * opened at the timeline's time, one ballot per person present, one abstention, closed with its result. Once.
 */
export function seedPastVote(services: Services, meeting: Meeting): boolean {
  const votes = services.meetings.votes;
  if (votes.list(meeting.id).length > 0) return false;
  const content = pastMinutesContent(services.config.minutes, meeting, (id) =>
    services.meetings.attendance.hasAttended(meeting.id, id),
  );
  const decision = content.decisions.find((d) => d.vote);
  const when = content.timeline.find((e) => e.kind === 'vote');
  if (!decision?.vote || !when) return false;
  const present = content.attendance.filter((a) => a.present);
  const abstaining = present.filter((a) => a.role === 'delegate').at(-1)?.id;
  const options = [...DEFAULT_VOTE_OPTIONS];
  const openedAt = new Date(when.at);
  const item = content.sections.find((s) => s.id === decision.sectionId)?.agendaItemId ?? null;
  services.meetings.db.transaction(() => {
    const vote = votes.create(
      meeting.id,
      {
        question: decision.text,
        options,
        secret: false,
        agendaItemId: item,
        openedBy: seat(meeting, 'chair').id,
        deadline: new Date(openedAt.getTime() + 5 * MINUTE),
        eligible: decision.vote!.eligible,
      },
      openedAt,
    );
    for (const a of present) votes.cast(vote.id, a.id, a.name, a.id === abstaining ? 2 : 0, false);
    const counts = votes.counts(vote.id, options.length);
    votes.close(
      vote.id,
      { counts, cast: present.length, eligible: decision.vote!.eligible, leading: [0], ballots: votes.ballots(vote.id) },
      new Date(openedAt.getTime() + 3 * MINUTE),
    );
  })();
  return true;
}

function seat(meeting: Meeting, role: 'chair' | 'secretary'): Participant {
  const participant = meeting.participants.find((p) => p.role === role);
  if (!participant) throw new AppFailure('internal', `the demo's past briefing ${meeting.id} has no ${role}`);
  return participant;
}

/** The number the record is finalised with: the briefing's month, as a monthly series would number it. */
function numberOf(meeting: Meeting): string {
  return String(vietnamTime(meeting.startsAt).month);
}

async function filed(services: Services, meetingId: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (services.minutes.store.get(meetingId)?.lifecycle.state === 'filed') return true;
    await sleep(100);
  }
  return services.minutes.store.get(meetingId)?.lifecycle.state === 'filed';
}

/**
 * Gives the ended meeting its signed, filed minutes (see the header); returns the record's state at the end —
 * `filed`, or `signed` when the archive did not confirm in time (the filing queue goes on trying).
 */
export async function seedPastMinutes(
  services: Services,
  meetingId: string,
  options: PastMinutesOptions,
): Promise<MinutesState> {
  const say = options.log ?? (() => {});
  const meeting = services.meetings.get(meetingId);
  if (!meeting) throw new AppFailure('meeting_not_found', `meeting ${meetingId} does not exist`);
  if (seedPastAttendance(services, meeting)) say('điểm danh của kỳ trước đã ghi');
  if (seedPastVote(services, meeting)) say('biểu quyết của kỳ trước đã ghi');

  const minutes = services.minutes;
  if (!minutes.store.get(meetingId)) {
    const content = pastMinutesContent(services.config.minutes, meeting, (id) =>
      services.meetings.attendance.hasAttended(meetingId, id),
    );
    // The document is written before the record exists, so that opening it does not seed the empty draft.
    await services.sync.serverChange(minutes.key(meetingId), (doc) => {
      if (!isSeeded(doc)) seedMinutesDoc(doc, content);
    });
    minutes.open(meetingId);
    say('biên bản kỳ trước đã soạn');
  }
  minutes.identities.useDemo(meetingId, options.identities);
  const agency = await prepareDemoAgency(services, meetingId, options.identities, say);
  const secretary = seat(meeting, 'secretary');
  const chair = seat(meeting, 'chair');
  // At most one step per state, and the three signatures: a loop that does not end is a bug, not a slow archive.
  for (let step = 0; step < 8; step++) {
    const record = minutes.store.get(meetingId)!;
    const { state, signatures } = record.lifecycle;
    if (state === 'filed') break;
    if (state === 'draft') {
      await minutes.act(meetingId, secretary, { action: 'submitForReview' });
      say('biên bản kỳ trước: đã trình duyệt');
    } else if (state === 'review') {
      await minutes.act(meetingId, secretary, { action: 'finalise', number: numberOf(meeting) });
      say('biên bản kỳ trước: đã chốt, bản PDF đã tạo');
    } else if (state === 'final') {
      const secretarySigned = signatures.some((s) => s.role === 'secretary');
      await minutes.sign(meetingId, secretarySigned ? chair : secretary);
      say(`biên bản kỳ trước: ${secretarySigned ? 'chủ trì' : 'thư ký'} đã ký số (DEMO)`);
    } else if (minutes.agency.required() && (await minutes.agency.status(meetingId)).ready) {
      // Signed by both, the agency's signature still to come: while the agency has a certificate and a seal, it
      // comes before filing — with the demo key, or by the văn thư when the agency has a certificate of its own.
      if (!agency) {
        say('biên bản kỳ trước: chờ văn thư ký số của cơ quan');
        break;
      }
      const level = await signForDemoAgency(services, meetingId, agency);
      say(`biên bản kỳ trước: văn thư đã ký số của cơ quan, đóng dấu (DEMO, ${level})`);
    } else {
      // signed: queued for the archive (a failed job is put back in the queue), then the queue files it.
      await minutes.file(meetingId, secretary);
      if (!(await filed(services, meetingId, options.filingTimeoutMs ?? 60_000))) {
        say(`biên bản kỳ trước: đang chờ kho lưu trữ (${minutes.archive}) xác nhận`);
        break;
      }
      say(`biên bản kỳ trước: đã lưu vào kho ${minutes.archive}`);
    }
  }
  services.office.reindex(meetingId);
  return minutes.store.get(meetingId)!.lifecycle.state;
}
