import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { DoctorCheck } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { StoreContext } from '../store/hooks';
import { copyText } from '../logs/clipboard';
import { checkState, needsSigning, SIGNING_CHECK_ID } from './check-state';
import { splitFix } from './fix-text';
import { Modal } from '../ui/Modal';
import { createSigningPrefs } from './signing-prefs';
import './doctor.css';

type Load = { state: 'loading' } | { state: 'done'; checks: DoctorCheck[] } | { state: 'error'; message: string };

const STATE_LABEL = { ok: 'OK', warning: 'Warning', failed: 'Failed' } as const;

function FixLine({ fix }: { fix: string }) {
  const [copied, setCopied] = useState(false);
  const { prose, command } = splitFix(fix);
  return (
    <div className="limadesk-doctor-fix">
      <span>Fix:</span> {prose && <span>{prose}{command ? ':' : ''}</span>}{' '}
      {command && (
        <>
          <code>{command}</code>{' '}
          <button type="button" onClick={() => void copyText(command).then(setCopied)} aria-label={`Copy the command: ${command}`}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      )}
    </div>
  );
}

function CheckRow({ check, onSign, signing }: { check: DoctorCheck; onSign: () => void; signing: boolean }) {
  const state = checkState(check);
  return (
    <li className={`limadesk-doctor-check is-${state}`} data-check={check.id} data-state={state}>
      <span className="limadesk-doctor-badge" aria-hidden="true">{state === 'ok' ? '✓' : state === 'warning' ? '!' : '✕'}</span>
      <div>
        <div className="limadesk-doctor-title">
          <strong>{check.title}</strong> <span className="limadesk-doctor-state">{STATE_LABEL[state]}</span>
        </div>
        <div className="limadesk-doctor-detail">{check.detail}</div>
        {check.fix && <FixLine fix={check.fix} />}
        {check.id === SIGNING_CHECK_ID && !check.ok && (
          <button type="button" onClick={onSign} disabled={signing}>
            {signing ? 'Signing…' : 'Sign QEMU'}
          </button>
        )}
      </div>
    </li>
  );
}

/** The host check: what Limadesk needs from this machine, and how to fix what is missing. */
export function DoctorPage() {
  const api = useApi();
  // The screens that warn about host problems follow what this page last found.
  const store = useContext(StoreContext);
  const prefs = useMemo(() => createSigningPrefs(window.localStorage), []);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [asking, setAsking] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signResult, setSignResult] = useState<{ signed: boolean; message: string }>();
  // Asked at most once per page visit, and never again after "Don't ask again".
  const asked = useRef(false);

  const run = useCallback(async () => {
    setLoad({ state: 'loading' });
    const result = await api.doctor({});
    if (!result.ok) {
      setLoad({ state: 'error', message: result.message });
      return;
    }
    setLoad({ state: 'done', checks: result.value.checks });
    store?.getState().receiveHostChecks(result.value.checks);
    if (needsSigning(result.value.checks) && !asked.current && !prefs.dontAsk()) {
      asked.current = true;
      setAsking(true);
    }
  }, [api, prefs, store]);

  useEffect(() => {
    void run();
  }, [run]);

  const sign = async () => {
    setAsking(false);
    setSigning(true);
    const result = await api.signQemu({});
    setSigning(false);
    setSignResult(result.ok ? result.value : { signed: false, message: result.message });
    void run();
  };

  const checks = load.state === 'done' ? load.checks : [];
  const failed = checks.filter((c) => checkState(c) === 'failed').length;
  const qemuPath = checks.find((c) => c.id === SIGNING_CHECK_ID)?.detail ?? '';

  return (
    <section className="limadesk-doctor" aria-labelledby="limadesk-doctor-heading">
      <div className="limadesk-doctor-head">
        <h2 id="limadesk-doctor-heading">Host check</h2>
        <button type="button" onClick={() => void run()} disabled={load.state === 'loading'}>
          {load.state === 'loading' ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {load.state === 'loading' && <p role="status">Checking QEMU, acceleration, firmware and disk space…</p>}
      {load.state === 'error' && <p role="alert" className="limadesk-doctor-error">The host check could not run: {load.message}</p>}
      {load.state === 'done' && (
        <p role="status" className="limadesk-doctor-summary">
          {failed === 0 ? 'Everything Limadesk needs is in place.' : `${failed} of ${checks.length} checks failed: see the fix under each.`}
        </p>
      )}
      {signResult && (
        <p role="status" className={signResult.signed ? 'limadesk-doctor-signed' : 'limadesk-doctor-error'}>
          {signResult.message}
        </p>
      )}
      <ul className="limadesk-doctor-checks" aria-label="Host checks">
        {checks.map((check) => (
          <CheckRow key={check.id} check={check} onSign={() => void sign()} signing={signing} />
        ))}
      </ul>
      {asking && (
        <Modal
          title="Sign QEMU for Hypervisor.framework?"
          onDismiss={() => setAsking(false)}
          actions={
            <>
              <button type="button" onClick={() => void sign()}>
                Yes, sign it
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                No
              </button>
              <button
                type="button"
                onClick={() => {
                  prefs.setDontAsk(true);
                  setAsking(false);
                }}
              >
                Don&apos;t ask again
              </button>
            </>
          }
        >
          <p>{qemuPath}</p>
          <p>Without the com.apple.security.hypervisor entitlement QEMU cannot use hardware acceleration. Limadesk can sign it ad hoc with codesign (you need write access to the binary).</p>
        </Modal>
      )}
    </section>
  );
}
