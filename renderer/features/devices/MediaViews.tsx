// <video> and <audio> elements bound to a MediaStreamTrack. The element stays mounted when the track goes away,
// so that a tile keeps its place and tests can always find it.
import { useEffect, useRef, type VideoHTMLAttributes } from 'react';

function bind(element: HTMLMediaElement | null, track: MediaStreamTrack | null): void {
  if (!element) return;
  const current = element.srcObject instanceof MediaStream ? element.srcObject.getTracks()[0] : null;
  if (current === track) return;
  element.srcObject = track ? new MediaStream([track]) : null;
  // play() is refused without a user gesture in some browsers; the element retries through autoPlay.
  if (track) element.play().catch(() => undefined);
}

type VideoProps = Omit<VideoHTMLAttributes<HTMLVideoElement>, 'ref'> & {
  track: MediaStreamTrack | null;
  'data-self'?: 'true';
  'data-preview'?: 'true';
};

export function VideoView({ track, ...rest }: VideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => bind(ref.current, track), [track]);
  // Always muted: sound plays through <AudioView>, never twice and never our own microphone.
  return <video ref={ref} autoPlay playsInline muted {...rest} />;
}

export function AudioView({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => bind(ref.current, track), [track]);
  return <audio ref={ref} autoPlay />;
}
