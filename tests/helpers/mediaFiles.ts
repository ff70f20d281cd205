// Reading media files back as a person would check them, with Debian's ffmpeg: ffprobe's streams and duration,
// a full decode that must report no error, the colour of a frame (also written as a PNG to look at), the loudness
// of the audio; and coloured Y4M clips for Chromium's fake cameras, so that each client's picture is recognisable.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ProbedFile {
  format: { duration?: string; start_time?: string };
  streams: { codec_type: string; codec_name: string; start_time?: string }[];
  chapters: { start_time: string; tags?: { title?: string } }[];
}

export function ffprobe(file: string): ProbedFile {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_format',
    '-show_streams',
    '-show_chapters',
    '-of',
    'json',
    file,
  ]);
  return JSON.parse(out.toString('utf8')) as ProbedFile;
}

/** What `ffmpeg -v error -i file -f null -` prints: empty when the whole file decodes cleanly. */
export function decodeErrors(file: string): string {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${run.stderr}${run.status === 0 ? '' : `\nexit ${run.status}`}`.trim();
}

export type Colour = 'red' | 'green' | 'blue' | 'black' | 'other';

/** The frame at `seconds`: saved as a PNG at `png`, and its average colour over the centre of the picture. */
export function frameColour(
  file: string,
  seconds: number,
  png: string,
): { colour: Colour; rgb: [number, number, number] } {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', seconds.toFixed(2), '-i', file, '-frames:v', '1', png]);
  const raw = execFileSync('ffmpeg', [
    ...['-v', 'error', '-ss', seconds.toFixed(2), '-i', file, '-frames:v', '1'],
    ...['-vf', 'crop=iw/2:ih/2,scale=32:18', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
  ]);
  const sum = [0, 0, 0];
  for (let i = 0; i < raw.length; i += 3) for (let c = 0; c < 3; c++) sum[c]! += raw[i + c]!;
  const n = raw.length / 3;
  const rgb = sum.map((s) => Math.round(s / n)) as [number, number, number];
  return { colour: classify(rgb), rgb };
}

function classify([r, g, b]: [number, number, number]): Colour {
  if (r < 40 && g < 40 && b < 40) return 'black';
  if (r > 120 && r > 2 * g && r > 2 * b) return 'red';
  if (g > 80 && g > 2 * r && g > 2 * b) return 'green';
  if (b > 120 && b > 2 * r && b > 2 * g) return 'blue';
  return 'other';
}

/** RMS level of the audio in dB between `from` and `to` seconds (-inf: digital silence). */
export function audioRmsDb(file: string, from = 0, to?: number): number {
  const trim = `atrim=start=${from}${to === undefined ? '' : `:end=${to}`},astats=metadata=0:reset=0`;
  const run = spawnSync('ffmpeg', ['-v', 'info', '-i', file, '-vn', '-af', trim, '-f', 'null', '-'], {
    encoding: 'utf8',
  });
  const overall = run.stderr.split('Overall')[1] ?? '';
  const match = /RMS level dB:\s*(-?[\d.]+|-inf)/.exec(overall);
  if (!match) throw new Error(`no astats in ffmpeg's output:\n${run.stderr.slice(-2000)}`);
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

/** A short 640×360 clip of one colour for `--use-file-for-fake-video-capture` (Chromium loops it). */
export function colourClip(dir: string, colour: 'red' | 'green' | 'blue'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${colour}.y4m`);
  if (!existsSync(file)) {
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=640x360:r=15`],
      ...['-t', '1', '-pix_fmt', 'yuv420p', file],
    ]);
  }
  return file;
}
