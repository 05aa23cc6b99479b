import { toDisposable, type Disposable } from '../common/disposable';
import type { BrowserWindow } from 'electron';
import { API_EVENTS, type ApiEventEnvelope, type ApiEventName } from '../common/api';
import { createEventBatcher } from '../common/event-batcher';

/**
 * Pushes API events to the live windows, batched (~100 ms) so a busy serial console or a
 * download does not flood IPC. Each message on an event's channel carries an array of
 * payloads; the preload unpacks it.
 */
export function startEventPump(
  subscribe: (listener: (event: ApiEventEnvelope) => void) => Disposable,
  windows: () => BrowserWindow[],
  intervalMs = 100,
): Disposable {
  const batcher = createEventBatcher((events) => {
    const byName = new Map<ApiEventName, unknown[]>();
    for (const e of events) {
      const list = byName.get(e.event) ?? [];
      list.push(e.payload);
      byName.set(e.event, list);
    }
    for (const win of windows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed() || win.webContents.isCrashed()) continue;
      for (const [name, payloads] of byName) win.webContents.send(API_EVENTS[name], payloads);
    }
  }, { setTimeout, clearTimeout }, intervalMs);
  const subscription = subscribe((event) => batcher.push(event));
  return toDisposable(async () => {
    await subscription.dispose();
    batcher.close();
  });
}
