// The lobby's camera and microphone: opened for the preview, reopened when another device is picked, and handed
// over (not stopped) to the meeting session when the participant joins.
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { openCam, openMic, stopTrack, type DeviceChoice } from '../devices/localMedia.ts';

interface TrackState {
  track: MediaStreamTrack | null;
  failed: boolean;
  pending: boolean;
}

function useLocalTrack(
  kind: 'cam' | 'mic',
  deviceId: string | null,
  isHandedOver: () => boolean,
): TrackState & { ready: MutableRefObject<Promise<MediaStreamTrack | null>> } {
  const [state, setState] = useState<TrackState>({ track: null, failed: false, pending: true });
  const ready = useRef<Promise<MediaStreamTrack | null>>(Promise.resolve(null));
  // Another device is being opened from the render that picks it (the effect below opens it).
  const [openingFor, setOpeningFor] = useState(deviceId);
  if (openingFor !== deviceId) {
    setOpeningFor(deviceId);
    setState((s) => ({ ...s, pending: true, failed: false }));
  }

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStreamTrack | null = null;
    ready.current = (kind === 'cam' ? openCam(deviceId) : openMic(deviceId)).then(
      (track) => {
        if (cancelled) {
          stopTrack(track);
          return null;
        }
        opened = track;
        setState({ track, failed: false, pending: false });
        return track;
      },
      (error: unknown) => {
        console.warn(`[phonghop] ${kind} preview failed`, error);
        if (!cancelled) setState({ track: null, failed: true, pending: false });
        return null;
      },
    );
    return () => {
      cancelled = true;
      // Read when the preview closes: a track handed over to the meeting meanwhile keeps running.
      if (opened && !isHandedOver()) stopTrack(opened);
    };
  }, [kind, deviceId, isHandedOver]);

  return { ...state, ready };
}

export interface LobbyMedia {
  cam: TrackState;
  mic: TrackState;
  /** The device picked in a select, or the one the browser chose when nothing was picked yet. */
  camDeviceId: string;
  micDeviceId: string;
  selectCam(deviceId: string): void;
  selectMic(deviceId: string): void;
  /** Waits for devices still opening, then gives up ownership of the tracks. */
  handOver(): Promise<{ camTrack: MediaStreamTrack | null; micTrack: MediaStreamTrack | null; devices: DeviceChoice }>;
}

export function useLobbyMedia(): LobbyMedia {
  const handedOver = useRef(false);
  const [camChoice, setCamChoice] = useState<string | null>(null);
  const [micChoice, setMicChoice] = useState<string | null>(null);
  const isHandedOver = useCallback(() => handedOver.current, []);
  const cam = useLocalTrack('cam', camChoice, isHandedOver);
  const mic = useLocalTrack('mic', micChoice, isHandedOver);

  const camDeviceId = camChoice ?? cam.track?.getSettings().deviceId ?? '';
  const micDeviceId = micChoice ?? mic.track?.getSettings().deviceId ?? '';

  const camReady = cam.ready;
  const micReady = mic.ready;
  const handOver = useCallback(async () => {
    const [camTrack, micTrack] = await Promise.all([camReady.current, micReady.current]);
    handedOver.current = true;
    const live = (t: MediaStreamTrack | null) => (t && t.readyState === 'live' ? t : null);
    return {
      camTrack: live(camTrack),
      micTrack: live(micTrack),
      devices: {
        camDeviceId: camChoice ?? camTrack?.getSettings().deviceId ?? null,
        micDeviceId: micChoice ?? micTrack?.getSettings().deviceId ?? null,
      },
    };
  }, [camReady, micReady, camChoice, micChoice]);

  return {
    cam,
    mic,
    camDeviceId,
    micDeviceId,
    selectCam: setCamChoice,
    selectMic: setMicChoice,
    handOver,
  };
}
