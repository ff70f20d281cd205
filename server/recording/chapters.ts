// A recording's chapters, from the meeting's audit log over the time it ran: each agenda item started, each speaker
// given the floor, each screen share — what the in-app player seeks by and what the file itself carries (Matroska
// chapters, written through ffmpeg's FFMETADATA format).
import type { AuditEntry } from '../../common/meeting.ts';
import type { RecordingChapter } from '../../common/recording.ts';

function detailOf(entry: AuditEntry): Record<string, unknown> {
  try {
    const parsed = entry.detail ? (JSON.parse(entry.detail) as unknown) : null;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);

/**
 * Chapters for a recording that ran from `startedAt` to `endedAt` (ms). The first chapter starts at 0: the agenda
 * item under way when recording began, or the start itself. `nameOf` names a participant by id.
 */
export function recordingChapters(
  audit: readonly AuditEntry[],
  startedAt: number,
  endedAt: number,
  nameOf: (participantId: string) => string,
): RecordingChapter[] {
  const chapters: RecordingChapter[] = [];
  let agendaItemId: string | null = null;
  let openingTitle = 'Bắt đầu ghi hình';
  for (const entry of audit) {
    const at = Date.parse(entry.at);
    const d = detailOf(entry);
    if (at > endedAt) break;
    if (entry.action === 'startAgendaItem') {
      agendaItemId = entry.target;
      const title = text(d.title, entry.target ?? '');
      if (at <= startedAt) {
        openingTitle = title;
        continue;
      }
      chapters.push({ at: (at - startedAt) / 1000, kind: 'agenda', title, agendaItemId });
    }
    if (at <= startedAt) continue;
    if (entry.action === 'giveFloor' && entry.target) {
      chapters.push({
        at: (at - startedAt) / 1000,
        kind: 'floor',
        title: `${nameOf(entry.target)} phát biểu`,
        agendaItemId,
      });
    } else if (entry.action === 'screenShareStart' && entry.target) {
      const name = text(d.name, nameOf(entry.target));
      chapters.push({ at: (at - startedAt) / 1000, kind: 'screen', title: `${name} trình bày màn hình`, agendaItemId });
    }
  }
  const opening: RecordingChapter = {
    at: 0,
    kind: 'agenda',
    title: openingTitle,
    agendaItemId: openingAgenda(audit, startedAt),
  };
  return [opening, ...chapters.map((c) => ({ ...c, at: Math.round(c.at * 1000) / 1000 }))];
}

function openingAgenda(audit: readonly AuditEntry[], startedAt: number): string | null {
  let id: string | null = null;
  for (const entry of audit) {
    if (Date.parse(entry.at) > startedAt) break;
    if (entry.action === 'startAgendaItem') id = entry.target;
  }
  return id;
}

const escapeMeta = (value: string) => value.replace(/[=;#\\\n]/g, (c) => (c === '\n' ? ' ' : `\\${c}`));

/** ffmpeg's FFMETADATA text with one chapter per entry, each lasting until the next (the last until the end). */
export function ffmetadata(chapters: readonly RecordingChapter[], durationSeconds: number, title: string): string {
  const lines = [';FFMETADATA1', `title=${escapeMeta(title)}`];
  chapters.forEach((chapter, i) => {
    const start = Math.round(chapter.at * 1000);
    const end = Math.round((chapters[i + 1]?.at ?? durationSeconds) * 1000);
    if (end <= start) return;
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${start}`, `END=${end}`, `title=${escapeMeta(chapter.title)}`);
  });
  return `${lines.join('\n')}\n`;
}
