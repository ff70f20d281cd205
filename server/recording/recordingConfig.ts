// Where recordings go and what they are made with: read from the environment with embedded defaults, like the rest
// of server/config.ts, which includes this as `recording`.
import { join, resolve } from 'node:path';

export interface RecordingConfig {
  /** RECORDING_DIR: one folder per recording (its parts while it runs, the joined file after). */
  dir: string;
  /**
   * RECORDING_MIN_FREE_MB: below this much free space a recording does not start, and a running one stops (read at
   * each check, so an administrator's change, or a test's, applies to recordings under way).
   */
  minFreeBytes: number;
  /** FFMPEG_PATH / FFPROBE_PATH: Debian's `ffmpeg` package provides both. */
  ffmpeg: string;
  ffprobe: string;
  /** The joined file's picture (RECORDING_SIZE, e.g. 1280x720) and frame rate (RECORDING_FPS). */
  width: number;
  height: number;
  fps: number;
  /** RECORDING_VIDEO_KBPS: the joined file's VP8 bitrate. */
  videoKbps: number;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export function recordingConfig(env: NodeJS.ProcessEnv, dataDir: string): RecordingConfig {
  const size = /^(\d{3,4})x(\d{3,4})$/.exec(env.RECORDING_SIZE ?? '');
  return {
    dir: resolve(env.RECORDING_DIR ?? join(dataDir, 'recordings')),
    minFreeBytes: positive(env.RECORDING_MIN_FREE_MB, 2048) * 1024 * 1024,
    ffmpeg: env.FFMPEG_PATH ?? 'ffmpeg',
    ffprobe: env.FFPROBE_PATH ?? 'ffprobe',
    // Even sizes: VP8 in 4:2:0 needs them.
    width: size ? Number(size[1]) & ~1 : 1280,
    height: size ? Number(size[2]) & ~1 : 720,
    fps: Math.min(30, positive(env.RECORDING_FPS, 15)),
    videoKbps: positive(env.RECORDING_VIDEO_KBPS, 1200),
  };
}
