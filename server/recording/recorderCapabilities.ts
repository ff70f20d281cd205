// The RTP capabilities the recorder's consumers are made with: the router's, without congestion control. ffmpeg
// sends no transport-wide-cc feedback and no REMB; with either offered, mediasoup gives the recorder's PlainTransport
// a bandwidth estimator that then chooses the consumer's simulcast layer from an estimate nothing ever feeds. Such a
// consumer often had no layer when it was resumed (the estimator chose one at its next round), so the camera's first
// keyframe went by it, and mediasoup, waiting on the request the browser had ignored, asked again only a second
// later (traced after SFU worker restarts: docs/recording.md). Without them the consumer takes the best layer the
// producer has as soon as it is active.
import type { types } from 'mediasoup';

const FEEDBACK_DROPPED = new Set(['transport-cc', 'goog-remb']);
const EXTENSIONS_DROPPED = [
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
];

export function recorderCapabilities(router: types.RtpCapabilities): types.RtpCapabilities {
  return {
    codecs: (router.codecs ?? []).map((codec) => ({
      ...codec,
      rtcpFeedback: (codec.rtcpFeedback ?? []).filter((fb) => !FEEDBACK_DROPPED.has(fb.type)),
    })),
    headerExtensions: (router.headerExtensions ?? []).filter((ext) => !EXTENSIONS_DROPPED.includes(ext.uri)),
  };
}
