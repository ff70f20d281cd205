// The synthetic connection points of a load benchmark, in a process of their own (childProcess.ts): a PointsHost
// driven by the benchmark's calls, so that the points' WebRTC stacks (werift in JavaScript) neither share the
// server's event loop nor the browsers' driver's.
import type { DocRef } from '../../common/documents.ts';
import { serveCalls } from './childProcess.ts';
import { PointsHost, type HostOptions, type PointsMetrics, type PointState } from './PointsHost.ts';

export type PointsCalls = {
  join(arg: {
    options: HostOptions;
    tokens: string[];
  }): Promise<{ joined: number; failed: number; failures: string[] }>;
  waitConnected(arg: { timeoutMs: number }): Promise<number>;
  status(arg: null): Promise<PointState[]>;
  openAnnotations(arg: { ref: DocRef; timeoutMs: number }): Promise<number>;
  raiseHands(arg: { count: number }): Promise<number[]>;
  resetMeasurements(arg: null): Promise<null>;
  metrics(arg: null): Promise<PointsMetrics>;
  leave(arg: null): Promise<null>;
};

let host: PointsHost | null = null;

const joinedHost = (): PointsHost => {
  if (!host) throw new Error('no points joined yet');
  return host;
};

const calls: PointsCalls = {
  async join({ options, tokens }) {
    host ??= new PointsHost(options);
    const result = await host.join(tokens);
    return { ...result, failures: host.failures };
  },
  waitConnected: ({ timeoutMs }) => joinedHost().waitConnected(timeoutMs),
  status: async () => joinedHost().status(),
  async openAnnotations({ ref, timeoutMs }) {
    joinedHost().openAnnotations(ref);
    return joinedHost().waitAnnotationsSynced(timeoutMs);
  },
  raiseHands: ({ count }) => joinedHost().raiseHands(count),
  async resetMeasurements() {
    joinedHost().resetMeasurements();
    return null;
  },
  metrics: async () => joinedHost().metrics(),
  async leave() {
    await host?.leave();
    host = null;
    return null;
  },
};

serveCalls(calls, async () => {
  await calls.leave(null);
});
