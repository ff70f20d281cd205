// Many synthetic connection points in one process, sharing one replay of the pre-encoded clips: joins them a few at
// a time, tells whether each is connected and receiving, opens the annotation layer on all of them, raises hands,
// and gathers what they measured (join → first RTP, signalling round trips, marks' arrival times). The load test
// drives it directly; the benchmark runs it in a child process (pointsProcess.ts) so that it does not share an event
// loop with the server it measures.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DocRef } from '../../common/documents.ts';
import { audioClip, DEFAULT_VIDEO, videoClip, type VideoClipOptions } from './mediaClip.ts';
import { RtpReplay } from './rtpReplay.ts';
import { SyntheticPoint, type PointOptions } from './SyntheticPoint.ts';

export interface HostOptions {
  url: string;
  thumbnails: number;
  statusEveryMs: number;
  autoVoteWithinMs: number | null;
  /** Points joining at the same time. */
  concurrency: number;
  video?: VideoClipOptions;
}

export interface PointState {
  id: string | null;
  /** Both transports DTLS-connected and RTP received. */
  connected: boolean;
  /** What is missing while not connected: for the benchmark's log. */
  waitingFor: string[];
  /** RTP packets received since the previous status. */
  newPackets: number;
  streams: number;
  consumers: number;
  errors: string[];
}

export interface PointsMetrics {
  /** From the click on "join" to the first RTP of a consumer (ms), per connected point. */
  joinToFirstRtpMs: number[];
  joinToConnectedMs: number[];
  /** Each step of the lobby and the join (SyntheticPoint's JoinPhases), all points. */
  joinPhasesMs: Record<string, number[]>;
  /** Every request's round trip since the last reset (ms), all points together. */
  roundTripMs: number[];
  roundTripsByRequest: Record<string, number>;
  /** Per point: the arrival time (epoch ms) of each mark another participant added. */
  markArrivals: Record<string, number>[];
  votesCast: number;
  /** Media links made again because ICE did not connect in time (SyntheticPoint). */
  mediaRestarts: number;
  packetsSent: number;
  cpuPct: number;
  /** The points' own event-loop delay (ms beyond the 1 ms sampling), which delays what they measure. */
  eventLoopP99Ms: number;
  rssMb: number;
}

export class PointsHost {
  readonly points: SyntheticPoint[] = [];
  readonly failures: string[] = [];
  readonly #options: HostOptions;
  readonly #replay: RtpReplay;
  readonly #lastPackets = new Map<SyntheticPoint, number>();
  #cpu = process.cpuUsage();
  #cpuSince = performance.now();
  readonly #eventLoop = monitorEventLoopDelay({ resolution: 1 });

  constructor(options: HostOptions) {
    this.#options = options;
    this.#replay = new RtpReplay(videoClip(options.video ?? DEFAULT_VIDEO), audioClip());
    this.#eventLoop.enable();
  }

  /** Joins a point per token, `concurrency` at a time; a point that fails to join is counted, not fatal. */
  async join(tokens: string[]): Promise<{ joined: number; failed: number }> {
    const queue = [...tokens];
    let failed = 0;
    const pointOptions = (token: string): PointOptions => ({
      url: this.#options.url,
      token,
      replay: this.#replay,
      thumbnails: this.#options.thumbnails,
      statusEveryMs: this.#options.statusEveryMs,
      autoVoteWithinMs: this.#options.autoVoteWithinMs,
    });
    const lane = async () => {
      for (let token = queue.shift(); token !== undefined; token = queue.shift()) {
        try {
          this.points.push(await SyntheticPoint.join(pointOptions(token)));
        } catch (error) {
          failed++;
          this.failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#options.concurrency) }, lane));
    return { joined: this.points.length, failed };
  }

  status(): PointState[] {
    return this.points.map((point) => {
      const { packets, streams } = point.receivedPackets();
      const before = this.#lastPackets.get(point) ?? 0;
      const t = point.refreshTimes();
      const waitingFor = [
        ...(t.sendConnected === null ? ['send transport'] : []),
        ...(t.recvConnected === null ? ['receive transport'] : []),
        ...(t.firstRtp === null ? ['RTP'] : []),
        ...(point.media === null ? ['media'] : []),
        ...(point.media && !point.connected ? [`(${point.media.diagnose()})`] : []),
      ];
      this.#lastPackets.set(point, packets);
      return {
        id: point.self?.id ?? null,
        connected: point.connected,
        waitingFor,
        newPackets: packets - before,
        streams,
        consumers: point.media?.consumerCount ?? 0,
        errors: [...point.errors],
      };
    });
  }

  /** Waits until every point is connected and has received RTP; returns how many are. */
  async waitConnected(timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.points.every((p) => p.connected)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return this.points.filter((p) => p.connected).length;
  }

  openAnnotations(ref: DocRef): void {
    for (const point of this.points) point.openAnnotations(ref);
  }

  /** Waits until every point's layer is synced with the server. */
  async waitAnnotationsSynced(timeoutMs: number): Promise<number> {
    const synced = () => this.points.filter((p) => p.annotations?.status === 'synced').length;
    const started = Date.now();
    while (synced() < this.points.length && Date.now() - started < timeoutMs) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return synced();
  }

  /** The first `count` points raise their hands; resolves with the queue positions they got. */
  raiseHands(count: number): Promise<number[]> {
    return Promise.all(this.points.slice(0, count).map((p, i) => p.raiseHand(`Ý kiến điểm cầu ${i + 1}`)));
  }

  resetMeasurements(): void {
    for (const point of this.points) {
      point.roundTrips.clear();
      point.markArrivals.clear();
    }
    this.#cpu = process.cpuUsage();
    this.#cpuSince = performance.now();
    this.#eventLoop.reset();
  }

  metrics(): PointsMetrics {
    const joinToFirstRtpMs: number[] = [];
    const joinToConnectedMs: number[] = [];
    const roundTripMs: number[] = [];
    const roundTripsByRequest: Record<string, number> = {};
    const joinPhasesMs: Record<string, number[]> = {};
    for (const point of this.points) {
      for (const [name, ms] of Object.entries(point.phases)) (joinPhasesMs[name] ??= []).push(ms);
      const t = point.refreshTimes();
      if (t.firstRtp !== null) joinToFirstRtpMs.push(t.firstRtp - t.joinStart);
      if (t.sendConnected !== null && t.recvConnected !== null) {
        joinToConnectedMs.push(Math.max(t.sendConnected, t.recvConnected) - t.joinStart);
      }
      for (const [name, samples] of point.roundTrips) {
        roundTripMs.push(...samples);
        roundTripsByRequest[name] = (roundTripsByRequest[name] ?? 0) + samples.length;
      }
    }
    const cpu = process.cpuUsage(this.#cpu);
    return {
      joinToFirstRtpMs,
      joinToConnectedMs,
      joinPhasesMs,
      roundTripMs,
      roundTripsByRequest,
      markArrivals: this.points.map((p) => Object.fromEntries(p.markArrivals)),
      votesCast: this.points.reduce((n, p) => n + p.votesCast, 0),
      mediaRestarts: this.points.reduce((n, p) => n + p.mediaRestarts, 0),
      packetsSent: this.#replay.packetsSent,
      cpuPct: ((cpu.user + cpu.system) / 1000 / (performance.now() - this.#cpuSince)) * 100,
      eventLoopP99Ms: Math.max(0, this.#eventLoop.percentile(99) / 1e6 - 1),
      rssMb: Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10,
    };
  }

  async leave(): Promise<void> {
    await Promise.all(this.points.map((p) => p.leave()));
    this.#replay.stop();
    this.#eventLoop.disable();
  }
}
