import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { InstanceTabProps } from '../detail/tabs';
import { LogPane } from '../logs/LogPane';
import { PortsPanel } from '../ports/PortsPanel';
import { useBootSteps, useDownload, useLatestOp, type BootStep } from '../store';
import { UsagePanel } from '../usage/UsagePanel';
import { InstanceSettings } from '../verbs/InstanceSettings';
import { BootProblems } from './BootProblems';
import { BootTimeline } from './BootTimeline';
import { stepsFromEventLog } from './events-log';
import { StartFailure } from './StartFailure';
import { bootPhase, type BootPhase } from './timeline';
import './boot.css';

const PHASE_TEXT: Record<BootPhase, string> = {
  idle: '',
  starting: 'Starting',
  booted: 'Booted',
  stopping: 'Stopping',
  stopped: 'Stopped',
  failed: 'Start failed',
};

/** Without live events (a start from before this window opened), the event log's latest start. */
function useLoggedSteps(name: string, wanted: boolean): BootStep[] {
  const api = useApi();
  const [steps, setSteps] = useState<BootStep[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    void api.readLog({ name, log: 'ha.stdout', maxBytes: 256 * 1024 }).then((r) => {
      if (!cancelled && r.ok) setSteps(stepsFromEventLog(r.value.text));
    });
    return () => {
      cancelled = true;
    };
  }, [api, name, wanted]);
  return steps;
}

/**
 * An instance at a glance: what it uses (charts of the last ten minutes), its forwarded ports
 * and its settings, then its boot as it happens: the stages beside the live serial console.
 */
export function OverviewTab({ instance }: InstanceTabProps) {
  const { name } = instance;
  const liveSteps = useBootSteps(name);
  const loggedSteps = useLoggedSteps(name, liveSteps.length === 0);
  const fromLog = liveSteps.length === 0 && loggedSteps.length > 0;
  const steps = fromLog ? loggedSteps : liveSteps;
  const download = useDownload(name);
  const op = useLatestOp(name);
  const startOp = op && (op.action === 'start' || op.action === 'restart') ? op : undefined;
  const phase = bootPhase(steps);
  // A start refused before the host agent ran (invalid lima.yaml, wrong state) leaves no stages.
  const failed = phase === 'failed' || (startOp?.state === 'failed' && (steps.length === 0 || (startOp.finishedAt ?? 0) >= Date.parse(steps[steps.length - 1]?.time ?? '')));
  return (
    <div className="overview">
      <UsagePanel instance={instance} />
      <div className="overview-row">
        <PortsPanel instance={instance} />
        <InstanceSettings instance={instance} />
      </div>
      <div className="limadesk-overview">
        <section className="limadesk-boot" aria-label={`Boot of ${name}`}>
          <h3>
            Boot timeline {phase !== 'idle' && <span className={`limadesk-boot-phase is-${phase}`}>{PHASE_TEXT[phase]}</span>}
          </h3>
          {fromLog && <p className="limadesk-boot-source">The latest start, read from ha.stdout.log (it began before this window opened).</p>}
          {phase === 'booted' && <BootProblems steps={steps} />}
          <BootTimeline steps={steps} download={download} frozen={fromLog} />
          {failed && <StartFailure name={name} steps={steps} op={startOp} />}
        </section>
        <section className="limadesk-boot-serial" aria-label={`Serial console of ${name}, live`}>
          <h3>Serial console</h3>
          <LogPane name={name} log="serial" maxBytes={256 * 1024} follow empty="Nothing on the serial console yet." />
        </section>
      </div>
    </div>
  );
}
