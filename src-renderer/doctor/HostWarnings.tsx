/**
 * The host problems that matter where VMs are created and started (no KVM, no firmware, no
 * QEMU), said there and not only on the Doctor screen: what it means, the fix, and the way to
 * the Doctor. Each can be put away for the rest of the session.
 */
import { TriangleAlert, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/hooks';
import { splitFix } from './fix-text';
import { consequence, hostProblems } from './host-problems';
import './host-warnings.css';

const DISMISSED_KEY = 'limadesk.hostWarningsDismissed';

function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * `delayMs`: where the screen's own first paint matters more (the list), the checks run a
 * moment later. `compact`: one line each (beside a list); the details are a hover away.
 */
export function HostWarnings({ delayMs = 0, compact = false }: { delayMs?: number; compact?: boolean }) {
  const hostChecks = useAppStore((s) => s.hostChecks);
  const load = useAppStore((s) => s.loadHostChecks);
  const [dismissed, setDismissed] = useState(readDismissed);
  useEffect(() => {
    if (delayMs === 0) {
      void load();
      return undefined;
    }
    const timer = setTimeout(() => void load(), delayMs);
    return () => clearTimeout(timer);
  }, [load, delayMs]);
  const shown = hostProblems(hostChecks.checks).filter((c) => !dismissed.includes(`${c.id}:${c.detail}`));
  // With nothing to say, an empty marker still tells tests and screenshots whether the checks answered.
  if (shown.length === 0) return <div hidden data-host-checks={hostChecks.state} />;
  const dismiss = (key: string) => {
    const next = [...dismissed, key];
    setDismissed(next);
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    } catch (err) {
      // Only the remembering is lost; the warning stays put away until a reload.
      console.warn('could not remember a dismissed host warning', err);
    }
  };
  return (
    <div className={compact ? 'host-warnings is-compact' : 'host-warnings'} role="region" aria-label="Host problems" data-host-checks={hostChecks.state}>
      {shown.map((check) => {
        const { command } = check.fix ? splitFix(check.fix) : {};
        return (
          <div key={check.id} className="message-warning host-warning" data-check={check.id}>
            <TriangleAlert aria-hidden="true" className="host-warning-icon" />
            <div className="host-warning-text" title={compact ? `${check.detail}${check.fix ? `\nFix: ${check.fix}` : ''}` : undefined}>
              <strong>{consequence(check)}.</strong> {!compact && <span className="hint">{check.detail}</span>}
              {command && !compact && (
                <div className="host-warning-fix">
                  Fix: <code>{command}</code>
                </div>
              )}
            </div>
            <a href="#/doctor" className="host-warning-link">
              Open Doctor
            </a>
            <button type="button" className="icon-button small" aria-label={`Dismiss: ${consequence(check)}`} onClick={() => dismiss(`${check.id}:${check.detail}`)}>
              <X aria-hidden="true" />
            </button>
          </div>
        );
      })}
    </div>
  );
}
