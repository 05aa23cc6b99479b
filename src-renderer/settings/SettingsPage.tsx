/**
 * The Settings screen: the colour theme (System, Light or Dark, remembered in this browser or
 * window), and where this Limadesk keeps its instances and which version it is, to read and copy.
 */
import { Monitor, Moon, Sun } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { APP_NAME, APP_VERSION } from '../shell/app-version';
import { chooseTheme, readThemeChoice, THEME_CHOICES } from '../shell/theme';
import type { ThemeChoice } from '../shell/theme';
import './settings.css';

const THEME_LABELS: Record<ThemeChoice, { label: string; icon: LucideIcon }> = {
  system: { label: 'System', icon: Monitor },
  light: { label: 'Light', icon: Sun },
  dark: { label: 'Dark', icon: Moon },
};

function ThemeChooser() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  const pick = (next: ThemeChoice) => {
    setChoice(next);
    chooseTheme(next);
  };
  return (
    <fieldset className="settings-group theme-chooser">
      <legend>Theme</legend>
      <div className="segmented">
        {THEME_CHOICES.map((value) => {
          const { label, icon: Icon } = THEME_LABELS[value];
          return (
            <label key={value} className="segment" data-checked={choice === value || undefined}>
              <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => pick(value)} />
              <Icon aria-hidden="true" />
              {label}
            </label>
          );
        })}
      </div>
      <p className="hint">System follows your operating system&apos;s light or dark appearance.</p>
    </fieldset>
  );
}

function useLimaHome(): { home?: string; error?: string } {
  const api = useApi();
  const [state, setState] = useState<{ home?: string; error?: string }>({});
  useEffect(() => {
    let cancelled = false;
    void api.getHostInfo({}).then((r) => {
      if (cancelled) return;
      setState(r.ok ? { home: r.value.limaHome } : { error: r.message });
    });
    return () => {
      cancelled = true;
    };
  }, [api]);
  return state;
}

export function SettingsPage() {
  const { home, error } = useLimaHome();
  return (
    <div className="settings-page">
      <ThemeChooser />
      <section className="settings-group" aria-labelledby="settings-storage">
        <h2 id="settings-storage">Instances folder</h2>
        <label className="settings-field">
          <span>LIMA_HOME</span>
          <input type="text" readOnly value={home ?? ''} placeholder={error ? '' : 'Reading…'} aria-describedby="settings-home-help" spellCheck={false} />
        </label>
        <p className="hint" id="settings-home-help">
          {error ? `Could not read it: ${error}` : 'Set by the LIMA_HOME environment variable when Limadesk starts (~/.lima otherwise); shared with Lima’s limactl.'}
        </p>
      </section>
      <section className="settings-group" aria-labelledby="settings-about">
        <h2 id="settings-about">About</h2>
        <p>
          {APP_NAME} <span data-testid="app-version">{APP_VERSION || 'development build'}</span>
        </p>
      </section>
    </div>
  );
}
