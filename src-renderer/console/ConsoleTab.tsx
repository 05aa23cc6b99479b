import { useApi } from '../api/ApiContext';
import type { InstanceTabProps } from '../detail/tabs';
import { ConsoleView } from './ConsoleView';
import { loadRfb } from './load-rfb';
import { useStartOffer } from '../detail/StartButton';

export function ConsoleTab({ instance }: InstanceTabProps) {
  const api = useApi();
  const start = useStartOffer(instance);
  return <ConsoleView api={api} name={instance.name} running={instance.status === 'Running'} loadRfb={loadRfb} start={start} />;
}
