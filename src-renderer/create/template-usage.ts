/**
 * Which templates this user creates from most, counted on this machine (never sent anywhere).
 * Until there are counts, the templates most people start from lead.
 */
const KEY = 'limadesk.ui.templateUse';
const POPULAR = ['default', 'ubuntu', 'debian', 'fedora', 'docker', 'alpine', 'archlinux'];

function counts(storage: Storage): Record<string, number> {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0));
  } catch {
    return {};
  }
}

export function recordTemplateUse(name: string, storage: Storage = window.localStorage): void {
  const next = counts(storage);
  next[name] = (next[name] ?? 0) + 1;
  try {
    storage.setItem(KEY, JSON.stringify(next));
  } catch (err) {
    console.warn('could not count the template use', err);
  }
}

/** The templates ordered by use here, then by general popularity, then by name; at most `limit`. */
export function mostUsedTemplates(available: readonly string[], limit: number, storage: Storage = window.localStorage): string[] {
  const used = counts(storage);
  const popularity = (name: string) => {
    const i = POPULAR.indexOf(name);
    return i < 0 ? POPULAR.length : i;
  };
  return [...available].sort((a, b) => (used[b] ?? 0) - (used[a] ?? 0) || popularity(a) - popularity(b) || a.localeCompare(b)).slice(0, limit);
}
