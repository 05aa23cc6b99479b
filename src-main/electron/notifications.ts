import { Notification } from 'electron';
import type { ApiEventEnvelope } from '../common/api';

// After asking for a stop, a VM may take minutes to shut down (Lima waits up to 3 min).
const EXPECTED_STOP_MS = 5 * 60_000;

/**
 * Native notifications when a VM finishes starting or stops without being asked to. A stop
 * counts as asked for when the app requested it or the host agent announced it was stopping
 * (a `limadesk stop` from a terminal).
 */
export class VmNotifier {
  private readonly expected = new Map<string, number>();

  expectStop(name: string): void {
    this.expected.set(name, Date.now() + EXPECTED_STOP_MS);
  }

  handle(e: ApiEventEnvelope): void {
    if (e.event === 'bootStage' && (e.payload.stage === 'stopping' || e.payload.stage === 'exiting')) {
      this.expectStop(e.payload.name);
      return;
    }
    if (e.event !== 'instanceStatusChanged') return;
    const { status, previous } = e.payload;
    const name = e.payload.host ? `${e.payload.name} on ${e.payload.host}` : e.payload.name;
    if (status === 'Running' && (previous === 'Stopped' || previous === 'Broken')) {
      this.show(`${name} is running`, 'The VM finished starting.');
    } else if (previous === 'Running' && (status === 'Stopped' || status === 'Broken')) {
      const until = this.expected.get(e.payload.name);
      this.expected.delete(e.payload.name);
      if (until === undefined || until < Date.now()) {
        this.show(`${name} stopped unexpectedly`, status === 'Broken' ? 'The instance is now Broken; see its logs.' : 'The VM is no longer running.');
      }
    }
  }

  private show(title: string, body: string): void {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  }
}
