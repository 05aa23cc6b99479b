import type { InstanceTabProps } from '../detail/tabs';
import { MiB } from './log-names';
import { LogPane } from './LogPane';

/** The guest's serial console as QEMU logs it: something to see even for a VM without graphics. */
export function SerialTab({ instance }: InstanceTabProps) {
  const empty =
    instance.status === 'Running' ? 'The guest has not written to its serial console yet.' : `${instance.name} is ${instance.status.toLowerCase()}; start it to see its serial console.`;
  return (
    <section className="limadesk-serial-tab" aria-label={`Serial console of ${instance.name}`}>
      <LogPane name={instance.name} log="serial" maxBytes={2 * MiB} follow empty={empty} />
    </section>
  );
}
