// Replays the pre-encoded clips (mediaClip.ts) as RTP into werift tracks, in real time, for every synthetic point
// of a process from one timer: VP8 frames split into packets with the payload descriptor browsers send (RFC 7741,
// with a 15-bit picture id), Opus packets one per RTP packet. Each stream has its own sequence numbers, timestamps
// and phase in the clip, so that keyframes of many points do not all fall in the same tick. werift's sender sets
// the SSRC, payload type and header extensions it negotiated, and encrypts (SRTP).
import { RtpHeader, RtpPacket, type MediaStreamTrack } from 'werift';
import type { AudioClip, VideoClip } from './mediaClip.ts';

/** Payload bytes per VP8 packet: well under a loopback or VPN path's MTU once SRTP and extensions are added. */
const MAX_VP8_PAYLOAD = 1100;
const TICK_MS = 10;
const OPUS_FRAME_MS = 20;

/** Splits one VP8 frame into RTP payloads, each with a 4-byte descriptor (X, S on the first, I with M). */
export function vp8Payloads(frame: Buffer, pictureId: number): Buffer[] {
  const payloads: Buffer[] = [];
  for (let at = 0; at < frame.length || payloads.length === 0; at += MAX_VP8_PAYLOAD) {
    const descriptor = Buffer.from([
      0x80 | (at === 0 ? 0x10 : 0),
      0x80,
      0x80 | ((pictureId >> 8) & 0x7f),
      pictureId & 0xff,
    ]);
    payloads.push(Buffer.concat([descriptor, frame.subarray(at, at + MAX_VP8_PAYLOAD)]));
  }
  return payloads;
}

interface Stream {
  track: MediaStreamTrack;
  kind: 'audio' | 'video';
  /** When the next frame is due (performance.now()). */
  due: number;
  index: number;
  seq: number;
  timestamp: number;
  pictureId: number;
  sending: boolean;
  /** A receiver lost the picture: the next frame sent is the clip's next keyframe. */
  keyframeWanted: boolean;
}

export interface ReplayControl {
  /** A muted microphone or a stopped camera sends nothing, as a browser's paused producer does. */
  setSending(on: boolean): void;
  /** Answers a picture-loss request (PLI or FIR) as an encoder would: a keyframe next. */
  keyframe(): void;
  stop(): void;
}

const random16 = () => Math.floor(Math.random() * 0xffff);
const random32 = () => Math.floor(Math.random() * 0xffffffff);

export class RtpReplay {
  readonly #video: VideoClip;
  readonly #audio: AudioClip;
  readonly #streams = new Set<Stream>();
  #timer: NodeJS.Timeout | null = null;
  /** Packets written into tracks, all streams together. */
  packetsSent = 0;

  constructor(video: VideoClip, audio: AudioClip) {
    this.#video = video;
    this.#audio = audio;
  }

  /** Starts replaying into the track. */
  add(track: MediaStreamTrack, kind: 'audio' | 'video'): ReplayControl {
    const frames = kind === 'video' ? this.#video.frames.length : this.#audio.packets.length;
    const stream: Stream = {
      track,
      kind,
      due: performance.now(),
      // Video starts on a keyframe (every fps frames), somewhere in the clip.
      index: kind === 'video' ? Math.floor(Math.random() * (frames / this.#video.fps)) * this.#video.fps : 0,
      seq: random16(),
      timestamp: random32(),
      pictureId: random16() & 0x7fff,
      sending: true,
      keyframeWanted: false,
    };
    this.#streams.add(stream);
    this.#timer ??= setInterval(() => this.#tick(), TICK_MS);
    return {
      setSending: (on) => {
        stream.sending = on;
      },
      keyframe: () => {
        stream.keyframeWanted = true;
      },
      stop: () => {
        this.#streams.delete(stream);
        if (this.#streams.size === 0 && this.#timer) {
          clearInterval(this.#timer);
          this.#timer = null;
        }
      },
    };
  }

  stop(): void {
    this.#streams.clear();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    const now = performance.now();
    for (const stream of this.#streams) {
      // Time runs on while a stream is not sending (its RTP timestamps too), as a paused source's clock does.
      while (stream.due <= now) {
        if (stream.kind === 'video') this.#videoFrame(stream);
        else this.#audioPacket(stream);
      }
    }
  }

  #videoFrame(stream: Stream): void {
    const clip = this.#video;
    if (stream.keyframeWanted && stream.sending) {
      // Skipping ahead to the next keyframe keeps the clip's frames intact: nothing has to be encoded.
      while (!clip.frames[stream.index % clip.frames.length]!.keyframe) stream.index++;
      stream.keyframeWanted = false;
    }
    const frame = clip.frames[stream.index % clip.frames.length]!;
    stream.index++;
    stream.due += 1000 / clip.fps;
    if (stream.sending) {
      const payloads = vp8Payloads(frame.data, stream.pictureId);
      payloads.forEach((payload, i) => this.#write(stream, payload, i === payloads.length - 1));
      stream.pictureId = (stream.pictureId + 1) & 0x7fff;
    }
    stream.timestamp = (stream.timestamp + 90000 / clip.fps) >>> 0;
  }

  #audioPacket(stream: Stream): void {
    const packets = this.#audio.packets;
    const payload = packets[stream.index % packets.length]!;
    stream.index++;
    stream.due += OPUS_FRAME_MS;
    if (stream.sending) this.#write(stream, payload, false);
    stream.timestamp = (stream.timestamp + 48 * OPUS_FRAME_MS) >>> 0;
  }

  #write(stream: Stream, payload: Buffer, marker: boolean): void {
    const header = new RtpHeader({ sequenceNumber: stream.seq, timestamp: stream.timestamp, marker });
    stream.seq = (stream.seq + 1) & 0xffff;
    this.packetsSent++;
    stream.track.writeRtp(new RtpPacket(header, payload));
  }
}
