/**
 * A SOCKS tunnel into the guest's network (`limactl tunnel`): the proxy URL to give a browser
 * or a program, and the guest's name on it. Opened once per running instance; asking again
 * shows the same proxy.
 */
import { useEffect, useState } from 'react';
import { copyText } from '../logs/clipboard';
import { useAppStore } from '../store/hooks';
import type { Tunnel } from '../store/ports-slice';
import { Modal } from '../ui/Modal';

function CopyLine({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-line">
      <code aria-label={label}>{text}</code>
      <button type="button" onClick={() => void copyText(text).then(setCopied)} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

export function TunnelDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const openTunnel = useAppStore((s) => s.openTunnel);
  const [state, setState] = useState<{ kind: 'opening' } | { kind: 'open'; tunnel: Tunnel } | { kind: 'failed'; message: string }>({ kind: 'opening' });
  useEffect(() => {
    let cancelled = false;
    void openTunnel(name).then((r) => {
      if (!cancelled) setState(r.ok ? { kind: 'open', tunnel: r.value } : { kind: 'failed', message: r.message });
    });
    return () => {
      cancelled = true;
    };
  }, [openTunnel, name]);

  return (
    <Modal
      title={`SOCKS tunnel into ${name}`}
      onDismiss={onClose}
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {state.kind === 'opening' && (
        <p aria-busy="true" className="hint">
          Opening the tunnel over {name}&apos;s SSH connection…
        </p>
      )}
      {state.kind === 'failed' && (
        <p role="alert" className="message-error">
          <strong>No tunnel:</strong> {state.message}
        </p>
      )}
      {state.kind === 'open' && (
        <>
          <p>A SOCKS proxy into the guest&apos;s network listens on this host. Give programs this proxy URL:</p>
          <CopyLine label="Proxy URL" text={state.tunnel.proxyUrl} />
          <p>
            Through it, the guest answers as <code>{state.tunnel.hostname}.internal</code> (for example <code>http://{state.tunnel.hostname}.internal</code> in a browser set to use the proxy). In a shell:
          </p>
          <CopyLine label="Shell setting" text={`export ALL_PROXY=${state.tunnel.proxyUrl}`} />
          <p className="hint">The proxy stays open until {name} stops.</p>
        </>
      )}
    </Modal>
  );
}
