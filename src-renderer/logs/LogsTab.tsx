import { useId, useState } from 'react';
import type { LogName } from '../../src-main/common/api';
import type { InstanceTabProps } from '../detail/tabs';
import { LOG_CHOICES, MiB } from './log-names';
import { LogPane } from './LogPane';
import { readableLogLine } from './readable-line';

/** The host agent's logs and the serial log of an instance, one at a time. */
export function LogsTab({ instance }: InstanceTabProps) {
  const [log, setLog] = useState<LogName>('ha.stderr');
  const [readable, setReadable] = useState(true);
  const pickId = useId();
  // The host agent writes one JSON object per line; most people read them better as text.
  const structured = log === 'ha.stderr';
  const picker = (
    <>
      <label htmlFor={pickId}>Log</label>
      <select id={pickId} value={log} onChange={(e) => setLog(e.target.value as LogName)}>
        {LOG_CHOICES.map((c) => (
          <option key={c.log} value={c.log}>
            {c.label} ({c.file})
          </option>
        ))}
      </select>
      {structured && (
        <label>
          <input type="checkbox" checked={readable} onChange={(e) => setReadable(e.target.checked)} /> Readable
        </label>
      )}
    </>
  );
  return (
    <section className="limadesk-logs-tab" aria-label={`Logs of ${instance.name}`}>
      <LogPane key={log} name={instance.name} log={log} maxBytes={10 * MiB} follow toolbarStart={picker} {...(structured && readable ? { format: readableLogLine } : {})} empty={`${LOG_CHOICES.find((c) => c.log === log)?.file} is empty or not written yet.`} />
    </section>
  );
}
