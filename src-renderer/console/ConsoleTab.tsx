import { useApi } from '../api/ApiContext';
import type { InstanceTabProps } from '../detail/tabs';
import { ConsoleView } from './ConsoleView';
import { loadRfb } from './load-rfb';

export function ConsoleTab({ instance }: InstanceTabProps) {
  const api = useApi();
  return <ConsoleView api={api} name={instance.name} running={instance.status === 'Running'} loadRfb={loadRfb} />;
}
