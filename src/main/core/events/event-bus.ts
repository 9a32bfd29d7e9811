import type { AppEvent, Unsubscribe } from '../../../shared/contract';
import { topicMatches } from '../../../shared/contract';

export type EventListener = (event: AppEvent) => void;

/** In-process pub/sub; every transport subscribes once and forwards what it receives. */
export class EventBus {
  private readonly listeners = new Set<{ pattern: string; listener: EventListener }>();

  publish<P>(topic: string, payload: P): void {
    const event: AppEvent<P> = { topic, payload, at: new Date().toISOString() };
    for (const entry of [...this.listeners]) {
      if (!topicMatches(entry.pattern, topic)) continue;
      try {
        entry.listener(event);
      } catch {
        // A broken subscriber must not stop delivery to the others.
      }
    }
  }

  subscribe(pattern: string, listener: EventListener): Unsubscribe {
    const entry = { pattern, listener };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  get size(): number {
    return this.listeners.size;
  }
}
