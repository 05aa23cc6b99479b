/** What the list says when it has nothing to show, with the action that changes that. */
import { FilterX, Plus, Server } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { TemplateInfo } from '../../src-main/common/api';
import { useApi } from '../api/ApiContext';
import { mostUsedTemplates } from '../create/template-usage';
import { formatRoute } from '../store/route';
import './empty-state.css';

/** No instances at all: create one, from scratch or from one of the three most used templates. */
export function NoInstances({ onCreate }: { onCreate: () => void }) {
  const api = useApi();
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  useEffect(() => {
    let cancelled = false;
    void api.listTemplates({}).then((r) => {
      if (!cancelled && r.ok) setTemplates(r.value.templates);
    });
    return () => {
      cancelled = true;
    };
  }, [api]);
  const top = mostUsedTemplates(
    templates.map((t) => t.name),
    3,
  ).map((name) => templates.find((t) => t.name === name) as TemplateInfo);
  return (
    <div className="empty-state">
      <Server className="empty-icon" aria-hidden="true" />
      <h2>No instances yet</h2>
      <p className="hint">An instance is a Linux VM. Create one from a template; it is ready to start in seconds.</p>
      <button type="button" className="primary" onClick={onCreate}>
        <Plus aria-hidden="true" />
        Create an instance
      </button>
      {top.length > 0 && (
        <nav className="template-choices" aria-label="Start from a template">
          {top.map((t) => (
            <a key={t.name} className="template-choice" href={formatRoute({ page: 'create', template: t.name })}>
              <span className="template-name">{t.name}</span>
              {t.description && <span className="hint">{t.description}</span>}
            </a>
          ))}
        </nav>
      )}
    </div>
  );
}

/** Instances exist but the search or filter hides them all. */
export function NothingMatches({ search, onClear }: { search: string; onClear: () => void }) {
  return (
    <div className="empty-state">
      <FilterX className="empty-icon" aria-hidden="true" />
      <h2>No instances match</h2>
      <p className="hint">{search ? `Nothing is named like “${search}” with the chosen status and host.` : 'No instance has the chosen status and host.'}</p>
      <button type="button" onClick={onClear}>
        Clear the filter
      </button>
    </div>
  );
}
