// The media a synthetic connection point sends: a short VP8 clip and an Opus clip, encoded once by ffmpeg into files
// (cached in the temporary folder) and read back as frames, so that no point encodes anything while it runs. The
// VP8 clip has a keyframe every second: ffmpeg-made streams cannot answer a picture-loss request, so a receiver that
// joins or loses a packet waits at most a second for the next keyframe.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface VideoClipOptions {
  width: number;
  height: number;
  fps: number;
  kbps: number;
  /** Seconds of video; the clip loops. */
  seconds: number;
}

export interface VideoFrame {
  data: Buffer;
  keyframe: boolean;
}

export interface VideoClip {
  frames: VideoFrame[];
  fps: number;
  /** Average bits per second of the encoded frames. */
  bitrate: number;
}

export interface AudioClip {
  /** Opus packets of 20 ms each. */
  packets: Buffer[];
}

export const DEFAULT_VIDEO: VideoClipOptions = { width: 320, height: 180, fps: 15, kbps: 150, seconds: 10 };

const CACHE = join(tmpdir(), 'phonghop-load-media');

/** Runs ffmpeg into a temporary name and moves the file into place, so that a concurrent run never reads half. */
function encodeOnce(file: string, args: string[]): string {
  const path = join(CACHE, file);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.${process.pid}.part`;
  const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, partial], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.error || result.status !== 0) {
    throw new Error(`ffmpeg could not make ${file}; install it with \`apt-get install -y ffmpeg\``);
  }
  renameSync(partial, path);
  return path;
}

/** Reads an IVF file (a 32-byte header, then frames with a 12-byte header: size and timestamp). */
export function readIvf(bytes: Buffer): Buffer[] {
  if (bytes.toString('latin1', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const headerSize = bytes.readUInt16LE(6);
  const frames: Buffer[] = [];
  for (let at = headerSize; at + 12 <= bytes.length;) {
    const size = bytes.readUInt32LE(at);
    frames.push(bytes.subarray(at + 12, at + 12 + size));
    at += 12 + size;
  }
  return frames;
}

/** The packets of an Ogg stream (segments joined across lacing values of 255 and across pages). */
export function readOggPackets(bytes: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  for (let at = 0; at + 27 <= bytes.length;) {
    if (bytes.toString('latin1', at, at + 4) !== 'OggS') throw new Error(`no Ogg page at byte ${at}`);
    const segments = bytes[at + 26]!;
    const table = bytes.subarray(at + 27, at + 27 + segments);
    let body = at + 27 + segments;
    for (const lacing of table) {
      partial.push(bytes.subarray(body, body + lacing));
      body += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    at = body;
  }
  return packets;
}

/** A VP8 frame is a keyframe when bit 0 of its first byte is clear (RFC 6386, 9.1). */
export function isVp8Keyframe(frame: Buffer): boolean {
  return frame.length > 0 && (frame[0]! & 0x01) === 0;
}

export function videoClip(options: VideoClipOptions = DEFAULT_VIDEO): VideoClip {
  const { width, height, fps, kbps, seconds } = options;
  const file = encodeOnce(`vp8-${width}x${height}-${fps}fps-${kbps}k-${seconds}s.ivf`, [
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}`, '-t', String(seconds)],
    ...['-c:v', 'libvpx', '-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`],
    ...['-g', String(fps), '-keyint_min', String(fps), '-auto-alt-ref', '0', '-error-resilient', '1'],
    ...['-deadline', 'realtime', '-cpu-used', '8', '-f', 'ivf'],
  ]);
  const frames = readIvf(readFileSync(file)).map((data) => ({ data, keyframe: isVp8Keyframe(data) }));
  if (frames.length === 0 || !frames[0]!.keyframe) throw new Error(`${file}: no frames, or no keyframe first`);
  const bytes = frames.reduce((sum, f) => sum + f.data.length, 0);
  return { frames, fps, bitrate: (bytes * 8 * fps) / frames.length };
}

export function audioClip(seconds = 10): AudioClip {
  const file = encodeOnce(`opus-20ms-${seconds}s.ogg`, [
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds)],
    ...['-c:a', 'libopus', '-b:a', '24k', '-ac', '1', '-frame_duration', '20', '-application', 'voip', '-f', 'ogg'],
  ]);
  // The first two packets are the OpusHead and OpusTags headers.
  const packets = readOggPackets(readFileSync(file)).slice(2);
  if (packets.length === 0) throw new Error(`${file}: no Opus packets`);
  return { packets };
}
