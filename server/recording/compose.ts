// Joining a recording's parts into the one file: the video the meeting looked at, switching where the stage did,
// over black where nothing was shown (a camera off, a worker restarting), and every microphone mixed, over silence
// where nobody spoke. Everything is placed by the wall-clock timestamps the parts were written with, so a gap in
// the meeting is a gap of the same length in the file, and both streams start at 0 and last as long as the
// recording did. One ffmpeg run, reading the parts from disk and writing WebM (VP8, Opus) with chapters.
import type { PartRecord } from './PartWriter.ts';
import type { ShownInterval } from './shownVideo.ts';

export interface ComposeSettings {
  width: number;
  height: number;
  fps: number;
  videoKbps: number;
}

/** A part with the wall-clock time (seconds) of its first packet, as ffprobe reads it from the file. */
export interface ProbedPart extends PartRecord {
  start: number;
}

export interface ComposePlan {
  parts: readonly ProbedPart[];
  shown: readonly ShownInterval[];
  /** Wall-clock ms. */
  startedAt: number;
  endedAt: number;
  /** An FFMETADATA file with the chapters, or null. */
  chaptersFile: string | null;
  out: string;
  settings: ComposeSettings;
}

const seconds = (n: number) => (Math.round(n * 1000) / 1000).toFixed(3);

/**
 * When a part first shown at an interval's start had not delivered a picture yet (ffmpeg starting, the keyframe
 * on its way), the previous video stays until it has, instead of black.
 */
export function videoWindows(
  shown: readonly ShownInterval[],
  starts: ReadonlyMap<string, number>,
  startedAt: number,
  endedAt: number,
): Map<string, [number, number][]> {
  const windows: { id: string | null; from: number; to: number }[] = shown.map((s) => ({
    id: s.producerId,
    from: (Math.max(s.from, startedAt) - startedAt) / 1000,
    to: (Math.min(s.to ?? endedAt, endedAt) - startedAt) / 1000,
  }));
  windows.forEach((w, i) => {
    const firstFrame = w.id ? starts.get(w.id) : undefined;
    if (firstFrame === undefined || firstFrame <= w.from) return;
    const begin = Math.min(firstFrame, w.to);
    const previous = windows[i - 1];
    if (previous && previous.id !== null && Math.abs(previous.to - w.from) < 0.001) previous.to = begin;
    w.from = begin;
  });
  const byPart = new Map<string, [number, number][]>();
  for (const w of windows) {
    if (w.id === null || w.to - w.from <= 0 || !starts.has(w.id)) continue;
    const list = byPart.get(w.id) ?? [];
    list.push([w.from, w.to]);
    byPart.set(w.id, list);
  }
  return byPart;
}

/** The ffmpeg arguments that join the parts into `out`. */
export function composeArgs(plan: ComposePlan): string[] {
  const { width: w, height: h, fps, videoKbps } = plan.settings;
  const duration = Math.max(0.1, (plan.endedAt - plan.startedAt) / 1000);
  const starts = new Map(
    plan.parts.filter((p) => p.kind === 'video').map((p) => [p.id, p.start - plan.startedAt / 1000]),
  );
  const windows = videoWindows(plan.shown, starts, plan.startedAt, plan.endedAt);
  const videoParts = plan.parts.filter((p) => p.kind === 'video' && windows.has(p.id));
  const audioParts = plan.parts.filter((p) => p.kind === 'audio');
  // The black picture and the silence underneath are inputs 0 and 1, read like the parts: generated inside the
  // filter graph instead, the silence came out with stalled timestamps once video parts joined the graph.
  const inputs: string[] = [
    ...['-f', 'lavfi', '-i', `color=c=black:s=${w}x${h}:r=${fps}:d=${seconds(duration)}`],
    ...['-f', 'lavfi', '-i', `anullsrc=r=48000:cl=stereo:d=${seconds(duration)}`],
  ];
  const filters: string[] = ['[0:v]format=yuv420p[base0]', '[1:a]anull[abase]'];
  let index = 2;
  const input = (part: ProbedPart) => {
    inputs.push('-itsoffset', seconds(Math.max(0, part.start - plan.startedAt / 1000)), '-i', part.file);
    return index++;
  };
  // A part's last picture stays until its window ends (when the recorder saw its producer go, a tenth of a second
  // later): a camera that sent a few frames a second on a loaded machine, or whose SFU worker died, does not leave
  // black before then ("pass" did, up to half a second before an SFU worker was killed).
  videoParts.forEach((part, i) => {
    const k = input(part);
    const enable = windows
      .get(part.id)!
      .map(([from, to]) => `between(t,${seconds(from)},${seconds(to)})`)
      .join('+');
    filters.push(
      `[${k}:v]scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2:color=black,` +
        `setsar=1,format=yuv420p[v${i}]`,
      `[base${i}][v${i}]overlay=eof_action=repeat:enable='${enable}'[base${i + 1}]`,
    );
  });
  filters.push(`[base${videoParts.length}]null[vout]`);
  const mixed = ['[abase]'];
  audioParts.forEach((part, i) => {
    const k = input(part);
    // Silence before the part's first packet and in its gaps (a muted microphone, DTX), from its timestamps.
    filters.push(
      `[${k}:a]aresample=48000:async=1:first_pts=0,aformat=sample_fmts=fltp:channel_layouts=stereo,` +
        `atrim=end=${seconds(duration)}[a${i}]`,
    );
    mixed.push(`[a${i}]`);
  });
  // Opus takes 20 ms frames.
  filters.push(`${mixed.join('')}amix=inputs=${mixed.length}:duration=first:normalize=0,asetnsamples=n=960:p=0[aout]`);
  const chapters = plan.chaptersFile ? ['-f', 'ffmetadata', '-i', plan.chaptersFile] : [];
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...inputs,
    ...chapters,
    ...['-filter_complex', filters.join(';')],
    ...['-map', '[vout]', '-map', '[aout]'],
    ...(plan.chaptersFile ? ['-map_chapters', String(index)] : []),
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', `${videoKbps}k`],
    // A keyframe every two seconds: the player seeks to a chapter without decoding far back.
    ...['-g', String(fps * 2), '-c:a', 'libopus', '-b:a', '64k', '-ac', '2'],
    ...['-t', seconds(duration), '-f', 'webm', plan.out],
  ];
}
