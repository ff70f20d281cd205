// Codecs every meeting router offers: opus for speech, VP8 for camera and screen (simulcast-capable, and decoded
// in software everywhere, which matters on the older PCs of provincial meeting rooms).
import type { types } from 'mediasoup';

export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    preferredPayloadType: 101,
    parameters: { 'x-google-start-bitrate': 1000 },
  },
];
