/** Validates the text through the backend as the user types, debounced; late answers for older text are dropped. */
import { useEffect, useState } from 'react';
import type { EditorBackend, EditorIssue } from './backend';

export interface ValidationState {
  /** The text these issues belong to. */
  text: string | undefined;
  issues: EditorIssue[];
  error?: string;
}

export function useValidation(backend: EditorBackend, name: string, text: string, enabled: boolean, delayMs: number): ValidationState {
  const [state, setState] = useState<ValidationState>({ text: undefined, issues: [] });
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      backend.validate(text, name).then(
        (issues) => {
          if (!cancelled) setState({ text, issues });
        },
        (err: unknown) => {
          if (!cancelled) setState({ text, issues: [], error: `Could not validate: ${err instanceof Error ? err.message : String(err)}` });
        },
      );
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [backend, name, text, enabled, delayMs]);
  return state;
}
