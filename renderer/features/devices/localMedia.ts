// Opening the camera and microphone: the constraints we ask for and the error we report when a device refuses.
import { ClientError } from '../../app/clientErrors.ts';

export interface DeviceChoice {
  micDeviceId: string | null;
  camDeviceId: string | null;
}

export function micConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
}

export function camConstraints(deviceId: string | null): MediaTrackConstraints {
  // 720p is the top simulcast layer; the lower layers are scaled down from it by the encoder.
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30, max: 30 },
  };
}

async function openTrack(constraints: MediaStreamConstraints, what: string): Promise<MediaStreamTrack> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const track = stream.getTracks()[0];
    if (!track) throw new Error('no track in stream');
    return track;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new ClientError('device', `${what}: ${reason}`);
  }
}

export function openMic(deviceId: string | null): Promise<MediaStreamTrack> {
  return openTrack({ audio: micConstraints(deviceId), video: false }, 'microphone');
}

export function openCam(deviceId: string | null): Promise<MediaStreamTrack> {
  return openTrack({ audio: false, video: camConstraints(deviceId) }, 'camera');
}

export function stopTrack(track: MediaStreamTrack | null | undefined): void {
  if (track && track.readyState !== 'ended') track.stop();
}
