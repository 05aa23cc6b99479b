import { useApi } from '../api/ApiContext';
import type { InstanceTabProps } from '../detail/tabs';
import { useBootSteps } from '../store/hooks';
import { loadXterm } from './load-xterm';
import { TerminalView } from './TerminalView';
import { useStartOffer } from '../detail/StartButton';

export function TerminalTab({ instance }: InstanceTabProps) {
  const api = useApi();
  const steps = useBootSteps(instance.name);
  // Boot steps are known only for a start this page watched; without them, try right away.
  const lastStart = steps.findLastIndex((s) => s.stage === 'agent-started');
  const sshReady = steps.length === 0 || steps.slice(lastStart + 1).some((s) => s.stage === 'ssh-ready');
  const start = useStartOffer(instance);
  return <TerminalView api={api} name={instance.name} running={instance.status === 'Running'} sshReady={sshReady} loadXterm={loadXterm} start={start} />;
}
