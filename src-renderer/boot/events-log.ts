import type { BootStageName } from '../../src-main/common/api';
import type { BootStep } from '../store';
import { STAGE_LABELS } from './timeline';

// Every stage the timeline has a label for: one list, so a new stage is replayed too.
const STAGES = new Set<string>(Object.keys(STAGE_LABELS));

interface EventLine {
  time?: unknown;
  status?: { running?: unknown; exiting?: unknown; errors?: unknown };
  limadesk?: { stage?: unknown; message?: unknown; ok?: unknown };
}

/**
 * The boot steps of the latest start, read back from the host agent's event log
 * (`ha.stdout.log`, one JSON event per line, as Lima writes it): what the timeline shows for
 * a start that began before this window was open. The stage rules are the live ones.
 */
export function stepsFromEventLog(text: string): BootStep[] {
  let steps: BootStep[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: EventLine;
    try {
      event = JSON.parse(line) as EventLine;
    } catch {
      continue;
    }
    if (typeof event.time !== 'string' || typeof event.status !== 'object' || event.status === null) continue;
    const declared = typeof event.limadesk?.stage === 'string' && STAGES.has(event.limadesk.stage) ? (event.limadesk.stage as BootStageName) : undefined;
    const stage: BootStageName | undefined = event.status.exiting === true ? 'exiting' : (declared ?? (event.status.running === true ? 'running' : undefined));
    if (!stage) continue;
    const errors = Array.isArray(event.status.errors) ? event.status.errors.filter((e): e is string => typeof e === 'string') : [];
    const message = typeof event.limadesk?.message === 'string' ? event.limadesk.message : errors.length > 0 ? errors.join('; ') : undefined;
    const ok = typeof event.limadesk?.ok === 'boolean' ? event.limadesk.ok : undefined;
    const step: BootStep = { stage, time: event.time, ...(message !== undefined ? { message } : {}), ...(ok !== undefined ? { ok } : {}) };
    steps = stage === 'agent-started' ? [step] : [...steps, step];
  }
  return steps;
}
