/** The main side's validation of a lima.yaml text, re-run shortly after the text stops changing. */
import { useEffect, useState } from 'react';
import type { ApiIssue, LimadeskApi } from '../../src-main/common/api';

export interface ConfigIssuesState {
  /** The text the issues are about; while it differs from the current text, a check is pending. */
  checkedText?: string;
  issues: ApiIssue[];
  /** The validator could not be asked (not the text's fault). */
  error?: string;
}

export function useConfigIssues(api: Pick<LimadeskApi, 'validateConfig'>, text: string | undefined, delayMs = 300): ConfigIssuesState {
  const [state, setState] = useState<ConfigIssuesState>({ issues: [] });
  useEffect(() => {
    if (text === undefined) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void api.validateConfig({ text }).then((result) => {
        if (cancelled) return;
        if (result.ok) setState({ checkedText: text, issues: result.value.issues });
        else setState({ checkedText: text, issues: result.issues ?? [], error: result.issues ? undefined : result.message });
      });
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, text, delayMs]);
  return state;
}
