import { useAppStore, useBootSteps, useInstance, useInstanceNames } from '../store/hooks';
import { formatBytes, formatSsh } from './format';

function InstanceRow({ name }: { name: string }) {
  const inst = useInstance(name);
  const steps = useBootSteps(name);
  if (!inst) return null;
  const stage = steps.at(-1)?.stage;
  const problem = inst.errors.join('; ');
  return (
    <tr role="row" data-instance={inst.name} data-status={inst.status}>
      <td>{inst.name}</td>
      <td>
        <span className={`status status-${inst.status.toLowerCase()}`} title={problem || undefined}>
          {inst.status}
        </span>
        {stage && inst.status !== 'Stopped' ? <span className="stage"> ({stage})</span> : null}
      </td>
      <td>{inst.arch}</td>
      <td>{inst.cpus}</td>
      <td>{formatBytes(inst.memory)}</td>
      <td>{formatBytes(inst.disk)}</td>
      <td>{formatSsh(inst.sshLocalPort)}</td>
    </tr>
  );
}

/** All instances, one row each, kept live by status events. */
export function InstanceTable() {
  const names = useInstanceNames();
  const loading = useAppStore((s) => s.listState.loading);
  const error = useAppStore((s) => s.listState.error);
  if (error) return <p role="alert">Cannot list instances: {error}</p>;
  if (names.length === 0) return loading ? <p aria-busy="true">Loading instances…</p> : <p>No instances yet. Create one with <code>limadesk create</code>.</p>;
  return (
    <table className="instances" aria-label="Instances">
      <thead>
        <tr role="row">
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Arch</th>
          <th scope="col">CPUs</th>
          <th scope="col">Memory</th>
          <th scope="col">Disk</th>
          <th scope="col">SSH</th>
        </tr>
      </thead>
      <tbody>
        {names.map((name) => (
          <InstanceRow key={name} name={name} />
        ))}
      </tbody>
    </table>
  );
}
