// How a video producer starts on the server: made paused and resumed once the browser's stream has started, and
// with mediasoup's keyframe requests spaced as Chromium takes them. Both so that the consumers made as the producer
// is (the recording's, after an SFU worker restart) get its first keyframe rather than one a second later.
import type { types } from 'mediasoup';

/** Just over the 300 ms within which Chromium ignores a second keyframe request (Room.#produce: keyFrameRequestDelay). */
export const KEY_FRAME_REQUEST_DELAY_MS = 350;
/**
 * How long a video producer made paused waits for its first stream before it is resumed regardless (a browser's
 * stream started 0–0.22 s after its producer, measured: it sends before asking; a client that sends nothing waits).
 */
const STREAM_WAIT_MS = 250;

/**
 * Resumes a video producer made paused once a stream of it has started (its first score), or after STREAM_WAIT_MS.
 * The browser sends before its producer exists, so a stream starts as the producer is made, and mediasoup asks the
 * browser for a keyframe then; the browser answered in 15–240 ms (measured) and ignores further requests for 300 ms. The
 * recording's consumer, made as the producer is (Recorder.ts), was not forwarding yet: it missed that keyframe and
 * waited for mediasoup's retry, a second later (measured after an SFU worker restart). Paused, the producer asks for
 * nothing; resumed, it asks for a keyframe on every stream, and the recording's consumer is resumed right after it.
 */
export function resumeOnceStreaming(producer: types.Producer): Promise<void> {
  if (producer.score.length > 0) return producer.resume();
  return new Promise<void>((resolve, reject) => {
    // Asked for within the event itself: a consumer that waits for the stream too (the recording's) is resumed
    // after the producer.
    const resume = () => {
      clearTimeout(timer);
      producer.off('score', resume);
      producer.resume().then(resolve, reject);
    };
    const timer = setTimeout(resume, STREAM_WAIT_MS);
    producer.on('score', resume);
  });
}
