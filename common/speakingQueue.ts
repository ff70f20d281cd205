// The ordered queue of speaking requests (xin phát biểu): pure functions over an immutable list, so the server and
// a client-side optimistic view apply the same rules.
import type { SpeakingRequest } from './meeting.ts';

/** Adds a request at the end; raising a hand that is already raised keeps its place and updates the topic. */
export function raise(queue: readonly SpeakingRequest[], request: SpeakingRequest): SpeakingRequest[] {
  const index = queue.findIndex((r) => r.peerId === request.peerId);
  if (index === -1) return [...queue, request];
  return queue.map((r, i) => (i === index ? { ...r, topic: request.topic ?? r.topic } : r));
}

export function remove(queue: readonly SpeakingRequest[], peerId: string): SpeakingRequest[] {
  return queue.filter((r) => r.peerId !== peerId);
}

/** Moves a request to `position` (0-based, clamped to the queue). Unknown peers leave the queue unchanged. */
export function move(queue: readonly SpeakingRequest[], peerId: string, position: number): SpeakingRequest[] {
  const request = queue.find((r) => r.peerId === peerId);
  if (!request) return [...queue];
  const rest = queue.filter((r) => r.peerId !== peerId);
  const at = Math.max(0, Math.min(rest.length, Math.trunc(position)));
  return [...rest.slice(0, at), request, ...rest.slice(at)];
}

/** 1-based position for display ("you are 3rd"), or null when not queued. */
export function positionOf(queue: readonly SpeakingRequest[], peerId: string): number | null {
  const index = queue.findIndex((r) => r.peerId === peerId);
  return index === -1 ? null : index + 1;
}
