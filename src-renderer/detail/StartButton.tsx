/** "Start NAME" where a tab has nothing to show until the VM runs (Console, Terminal). */
import { Play } from 'lucide-react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useInstanceActions } from '../instances/useInstanceActions';

export interface StartOffer {
  run: () => void;
  /** False while another action on the instance runs (then it says what happens instead). */
  enabled: boolean;
  why?: string | undefined;
}

export function useStartOffer(instance: InstanceSummary): StartOffer {
  const { byId, run } = useInstanceActions(instance);
  const start = byId('start');
  return { run: () => run('start'), enabled: start.enabled, why: start.why };
}

export function StartButton({ name, start }: { name: string; start: StartOffer }) {
  return (
    <div className="start-offer">
      <button type="button" className="primary" onClick={start.run} disabled={!start.enabled} title={start.enabled ? undefined : start.why}>
        <Play aria-hidden="true" />
        Start {name}
      </button>
    </div>
  );
}
