/**
 * The disks in LIMA_HOME/_disks, read when the screen opens, after every change it makes, and
 * again when an instance starts or stops (that takes or frees a disk's lock).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiskInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { failureText } from '../api/failure-text';

export interface DisksState {
  disks: DiskInfo[];
  loading: boolean;
  error?: string;
  refresh: () => Promise<void>;
}

export function useDisks(): DisksState {
  const api = useApi();
  const [state, setState] = useState<{ disks: DiskInfo[]; loading: boolean; error?: string }>({ disks: [], loading: true });
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++latest.current;
    const result = await api.listDisks({});
    if (mine !== latest.current) return;
    setState((s) => (result.ok ? { disks: result.value.disks, loading: false } : { disks: s.disks, loading: false, error: failureText(result) }));
  }, [api]);
  useEffect(() => {
    void refresh();
    return api.on('instanceStatusChanged', () => void refresh());
  }, [api, refresh]);
  return { ...state, refresh };
}
