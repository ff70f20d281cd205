// After a recording stops: read each part's first timestamp back (ffprobe), join the parts into the one WebM file
// with its chapters (compose.ts), check what came out, and hash it. Runs in the background, one at a time on the
// server, so that a meeting that ends does not compete with running meetings for more than one ffmpeg.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RecordingChapter } from '../../common/recording.ts';
import { ffmetadata } from './chapters.ts';
import { composeArgs, type ComposeSettings, type ProbedPart } from './compose.ts';
import { probe, runToEnd } from './ffmpeg.ts';
import type { RecordingManifest } from './Recorder.ts';
import type { FinishedFile } from './RecordingStore.ts';
import { logger } from '../log.ts';

const log = logger('recording');

export const RECORDING_FILE = 'recording.webm';
/** A Matroska part this small holds ffmpeg's header and no media. */
const HEADER_ONLY_BYTES = 2048;

export interface FinishOptions {
  dir: string;
  manifest: RecordingManifest;
  chapters: RecordingChapter[];
  title: string;
  ffmpeg: string;
  ffprobe: string;
  settings: ComposeSettings;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The parts that hold something, with the wall-clock second of their first packet. */
async function probedParts(ffprobe: string, manifest: RecordingManifest, unreadable: string[]): Promise<ProbedPart[]> {
  const parts: ProbedPart[] = [];
  for (const part of manifest.parts) {
    const size = await stat(part.file).then(
      (s) => s.size,
      () => 0,
    );
    // Nothing, or ffmpeg's header alone: a video never shown, a microphone muted all along (no packets came).
    if (size < HEADER_ONLY_BYTES) continue;
    try {
      const info = await probe(ffprobe, part.file);
      const start = Number(info.format.start_time ?? info.streams[0]?.start_time);
      if (Number.isFinite(start) && info.streams.length > 0) parts.push({ ...part, start });
    } catch (error) {
      // A part ffmpeg never finished (the server was killed) may still be readable; one that is not is left out,
      // and the parts are then kept for a person to look at.
      log.warn(`part ${part.file} is unreadable and left out`, error);
      unreadable.push(part.file);
    }
  }
  return parts;
}

/** Writes `recording.webm` in the recording's folder and returns what the store keeps about it. */
export async function finishRecording(options: FinishOptions): Promise<FinishedFile> {
  const { dir, manifest } = options;
  const endedAt = manifest.endedAt ?? Date.now();
  const unreadable: string[] = [];
  const parts = await probedParts(options.ffprobe, manifest, unreadable);
  const durationSeconds = Math.max(0.1, (endedAt - manifest.startedAt) / 1000);
  const chaptersFile = join(dir, 'chapters.txt');
  await writeFile(chaptersFile, ffmetadata(options.chapters, durationSeconds, options.title));
  const out = join(dir, RECORDING_FILE);
  const partial = join(dir, `partial-${RECORDING_FILE}`);
  const args = composeArgs({
    parts,
    shown: manifest.shown,
    startedAt: manifest.startedAt,
    endedAt,
    chaptersFile,
    out: partial,
    settings: options.settings,
  });
  await writeFile(join(dir, 'compose-args.json'), JSON.stringify(args, null, 1));
  await runToEnd(options.ffmpeg, args, `joining the parts in ${dir}`);
  const info = await probe(options.ffprobe, partial);
  const duration = Number(info.format.duration);
  if (!Number.isFinite(duration) || info.streams.length < 2) throw new Error(`the joined file in ${dir} is incomplete`);
  await rename(partial, out);
  const bytes = (await stat(out)).size;
  return {
    durationSeconds: Math.round(duration * 1000) / 1000,
    bytes,
    sha256: await sha256File(out),
    chapters: options.chapters,
    unreadableParts: unreadable,
  };
}

/**
 * The parts are not needed once the file exists: they are removed, except those that could not be read, which are
 * moved to `unreadable/` beside the file for a person to look at.
 */
export async function removeParts(
  dir: string,
  manifest: RecordingManifest,
  unreadable: readonly string[],
): Promise<void> {
  if (unreadable.length > 0) await mkdir(join(dir, 'unreadable'), { recursive: true });
  for (const part of manifest.parts) {
    if (unreadable.includes(part.file)) await rename(part.file, join(dir, 'unreadable', basename(part.file)));
    else await rm(part.file, { force: true });
    await rm(part.file.replace(/\.mkv$/, '.sdp'), { force: true });
  }
}

export async function readManifest(dir: string): Promise<RecordingManifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'parts.json'), 'utf8')) as RecordingManifest;
  } catch {
    return null;
  }
}
