// The list of cameras and microphones, kept current when devices are plugged in or out.
import { useEffect, useState } from 'react';

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

const EMPTY: DeviceLists = { cameras: [], microphones: [] };

/** `refreshKey` changes once permission is granted, when labels become readable. */
export function useMediaDevices(refreshKey: unknown): DeviceLists {
  const [lists, setLists] = useState<DeviceLists>(EMPTY);

  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.enumerateDevices) return;
    let cancelled = false;
    const refresh = () => {
      media
        .enumerateDevices()
        .then((devices) => {
          if (cancelled) return;
          setLists({
            cameras: devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== ''),
            microphones: devices.filter((d) => d.kind === 'audioinput' && d.deviceId !== ''),
          });
        })
        .catch(() => undefined);
    };
    refresh();
    media.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      media.removeEventListener('devicechange', refresh);
    };
  }, [refreshKey]);

  return lists;
}
