/**
 * Holds usage sampling while a part of the page that shows it is on screen and the page
 * itself is visible (not a hidden tab or a minimized window); lets go otherwise.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store/hooks';
import { whenSettled } from './settled-work';

export function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

export function useUsageWatch(wanted: boolean): void {
  const hold = useAppStore((s) => s.holdUsage);
  const visible = useDocumentVisible();
  const active = wanted && visible;
  useEffect(() => {
    if (!active) return undefined;
    // Samples are for charts that draw after the rows: asking for them waits until the view
    // that wants them has been painted, so their answer cannot hold that first paint back.
    let release: (() => void) | undefined;
    const cancel = whenSettled(() => (release = hold()));
    return () => {
      cancel();
      release?.();
    };
  }, [active, hold]);
}
