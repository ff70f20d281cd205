// What clients are told about a meeting's record (MinutesView): a pure projection of the record, its saved versions
// and comments, and its filing job. Everything it needs is passed in, so the same function serves the stored record
// and the draft a meeting without one would start with; it reads and writes nothing.
import type { MinutesComment, MinutesVersionInfo, MinutesView } from '../../common/minutesView.ts';
import type { FilingJob } from '../archive/FilingQueue.ts';
import { refileOffered } from '../archive/receiverStatuses.ts';
import type { Participant } from '../meetings/MeetingStore.ts';
import { allReceiverStatuses, filingFollowUps } from './followUps.ts';
import type { MinutesRecord } from './MinutesStore.ts';

export interface MinutesViewInput {
  /** The meeting's participants, to name who did each step. */
  participants: readonly Pick<Participant, 'id' | 'name'>[];
  record: MinutesRecord;
  versions: MinutesVersionInfo[];
  comments: MinutesComment[];
  /** The record's filing job, if it has been queued. */
  job: FilingJob | undefined;
  /** Its follow-ups (updates, replacements, a recall), oldest first; none when absent. */
  followUps?: readonly FilingJob[];
  /** The archive filing goes to (configuration). */
  archive: string;
}

export function projectMinutesView(input: MinutesViewInput): MinutesView {
  const { record, job } = input;
  const names = new Map(input.participants.map((p) => [p.id, p.name] as const));
  return {
    id: record.id,
    meetingId: record.meetingId,
    state: record.lifecycle.state,
    number: record.content?.header.number ?? null,
    signatures: record.lifecycle.signatures,
    history: record.lifecycle.history.map((e) => ({ ...e, actorName: names.get(e.actorId) ?? e.actorId })),
    versions: input.versions,
    coEditorIds: record.coEditorIds,
    comments: input.comments,
    filing: job
      ? {
          state: job.state,
          target: job.target,
          attempts: job.attempts,
          nextAttemptAt: job.nextAttemptAt,
          lastError: job.lastError,
          receipt: job.receipt
            ? {
                archive: job.receipt.archive,
                id: job.receipt.id,
                location: job.receipt.location ?? null,
                filedAt: job.receipt.filedAt,
                version: job.receipt.version ?? null,
              }
            : null,
          receiverStatuses: allReceiverStatuses(job, input.followUps ?? []),
          refileOffered: job.state === 'filed' && refileOffered(job.receiverStatuses, job.refiledAt),
          followUps: filingFollowUps(job, input.followUps ?? []),
        }
      : null,
    archive: input.archive,
    updatedAt: record.updatedAt,
  };
}
