// The meeting's finished recordings as attachments of its filed minutes, through the archives' one interface: each
// a file on disk with the hash stored when it was made, named and described for the document system (the archives
// list each attachment with its SHA-256 in their manifest).
import { hashFile } from '../archive/attachmentFiles.ts';
import type { ArchiveAttachment, FileAttachment } from '../archive/DocumentArchive.ts';
import { recordingFileName } from '../../common/recording.ts';
import { vietnamTime } from '../minutes/format.ts';
import type { RecordingService } from './RecordingService.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** "ghi-hinh-2026-12-07-0905.webm" (one name in the app and in the archive: common/recording.ts). */
export { recordingFileName };

export function recordingDescription(startedAt: string, durationSeconds: number): string {
  const t = vietnamTime(startedAt);
  const minutes = Math.floor(durationSeconds / 60);
  const seconds = Math.round(durationSeconds % 60);
  return `Bản ghi hình cuộc họp, bắt đầu ${two(t.hour)}:${two(t.minute)} ngày ${two(t.day)}/${two(t.month)}/${t.year}, thời lượng ${minutes} phút ${seconds} giây`;
}

/**
 * The ready recordings of a meeting, oldest first, as files: every archive streams each one from disk and checks it
 * against the hash stored when it was made while it streams (server/archive/attachmentFiles.ts), so a recording of
 * a long meeting is never held in memory.
 */
export function recordingAttachments(service: () => RecordingService): (meetingId: string) => ArchiveAttachment[] {
  return (meetingId) =>
    service()
      .list(meetingId)
      .filter((r) => r.status === 'ready' && r.sha256 !== null && r.bytes !== null)
      .reverse()
      .map((recording): FileAttachment => ({
        name: recordingFileName(recording.startedAt),
        contentType: recording.contentType,
        description: recordingDescription(recording.startedAt, recording.durationSeconds ?? 0),
        path: service().fileOf(recording),
        sha256: recording.sha256!,
        size: recording.bytes!,
      }));
}

/** Whether a recording's file on disk still has the hash it was made with (read as a stream). */
export async function recordingIntact(service: RecordingService, recordingId: string): Promise<boolean> {
  const recording = service.store.get(recordingId);
  if (!recording?.sha256) return false;
  const hashed = await hashFile(service.fileOf(recording)).catch(() => null);
  return hashed !== null && hashed.sha256 === recording.sha256;
}
