// A live microphone level bar driven by a Web Audio analyser. It writes to the DOM directly each frame instead of
// through React state, so the meter costs no re-renders.
import { useEffect, useRef } from 'react';

const SEGMENTS = 24;

/** RMS of a time-domain frame, mapped to 0..1 with a gentle curve so that speech fills most of the bar. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, Math.sqrt(rms) * 1.6);
}

export function MicLevelMeter({ track, label }: { track: MediaStreamTrack | null; label: string }) {
  const barRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const paint = (level: number) => {
      const lit = Math.round(level * SEGMENTS);
      bar.querySelectorAll<HTMLElement>('.meter-seg').forEach((seg, i) => {
        seg.dataset.lit = i < lit ? 'true' : 'false';
      });
      bar.setAttribute('aria-valuenow', String(Math.round(level * 100)));
    };
    if (!track || typeof AudioContext === 'undefined') {
      paint(0);
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    let smoothed = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      // Fast attack, slow release: reads like a hardware meter.
      const level = levelOf(samples);
      smoothed = level > smoothed ? level : smoothed * 0.85 + level * 0.15;
      paint(smoothed);
      frame = requestAnimationFrame(tick);
    };
    // Autoplay policy may start the context suspended until the first user gesture.
    const resume = () => void context.resume().catch(() => undefined);
    resume();
    window.addEventListener('pointerdown', resume);
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointerdown', resume);
      source.disconnect();
      void context.close().catch(() => undefined);
    };
  }, [track]);

  return (
    <div
      ref={barRef}
      className="meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
    >
      {Array.from({ length: SEGMENTS }, (_, i) => (
        <span key={i} className="meter-seg" data-lit="false" data-zone={i >= SEGMENTS - 3 ? 'peak' : 'normal'} />
      ))}
    </div>
  );
}
