import { useApi } from '../api/ApiContext';
import { InstanceConfigEditor } from '../editor/InstanceConfigEditor';
import type { InstanceTabProps } from './tabs';

export function ConfigTab({ instance }: InstanceTabProps) {
  const api = useApi();
  return <InstanceConfigEditor api={api} name={instance.name} running={instance.status === 'Running'} />;
}
