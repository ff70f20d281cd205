// A minimal external store for React's useSyncExternalStore: state that follows server notifications lives outside
// React, and only the components that read a store re-render when it changes.
import { useSyncExternalStore } from 'react';

export class Store<S> {
  private state: S;
  protected readonly listeners = new Set<() => void>();

  constructor(initial: S) {
    this.state = initial;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): S => this.state;

  update(change: (state: S) => S): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

export function useStore<S>(store: Store<S>): S {
  // The same snapshot on the server: components render in tests with react-dom/server too.
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
