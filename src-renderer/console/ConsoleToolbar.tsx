import { useEffect, useState, type RefObject } from 'react';
import type { ConsoleStateKind } from './console-state';
import { downloadDataUrl, screenshotFileName } from './screenshot';
import type { VncConnection } from './vnc-connection';

interface ConsoleToolbarProps {
  instanceName: string;
  stateKind: ConsoleStateKind;
  connection: RefObject<VncConnection | null>;
  /** The element shown full screen: the whole console, so the toolbar stays usable there. */
  panel: RefObject<HTMLElement | null>;
  onNotice: (text: string) => void;
}

/** The console's actions. Each works on the live connection and says what it did. */
export function ConsoleToolbar({ instanceName, stateKind, connection, panel, onNotice }: ConsoleToolbarProps) {
  const fullScreen = useFullScreen(panel);
  const connected = stateKind === 'connected';
  // Also while connecting: a proxy that never answers must not leave the user stuck.
  const canReconnect = stateKind !== 'not-running';
  const rfb = () => connection.current?.rfb ?? null;

  const sendCtrlAltDel = () => {
    rfb()?.sendCtrlAltDel();
    onNotice('Sent Ctrl+Alt+Del.');
  };

  const paste = async () => {
    let text: string;
    try {
      text = await navigator.clipboard.readText();
    } catch (err) {
      onNotice(`Cannot read the clipboard: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const target = rfb();
    if (!target) return;
    target.clipboardPasteFrom(text);
    // QEMU hands the text to the guest only through a clipboard agent (spice-vdagent).
    onNotice(`Sent ${text.length} characters to the VM's clipboard.`);
  };

  const toggleFullScreen = async () => {
    try {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await panel.current?.requestFullscreen();
    } catch (err) {
      onNotice(`Full screen is not available: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const screenshot = () => {
    const target = rfb();
    if (!target) return;
    const fileName = screenshotFileName(instanceName, new Date());
    downloadDataUrl(document, target.toDataURL('image/png'), fileName);
    onNotice(`Saved the screen as ${fileName}.`);
  };

  return (
    <div className="console-toolbar" role="toolbar" aria-label={`Console actions for ${instanceName}`}>
      <button type="button" onClick={sendCtrlAltDel} disabled={!connected}>
        Send Ctrl+Alt+Del
      </button>
      <button type="button" onClick={() => void paste()} disabled={!connected} aria-label="Paste clipboard text into the VM">
        Paste
      </button>
      <button type="button" onClick={() => void toggleFullScreen()} aria-pressed={fullScreen} disabled={stateKind === 'not-running'}>
        Full screen
      </button>
      <button type="button" onClick={screenshot} disabled={!connected} aria-label="Save a screenshot of the VM's screen">
        Screenshot
      </button>
      <button type="button" onClick={() => void connection.current?.connect()} disabled={!canReconnect}>
        Reconnect
      </button>
    </div>
  );
}

function useFullScreen(panel: RefObject<HTMLElement | null>): boolean {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const update = () => setActive(document.fullscreenElement !== null && document.fullscreenElement === panel.current);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, [panel]);
  return active;
}
