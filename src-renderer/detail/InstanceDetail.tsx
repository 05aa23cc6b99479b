/**
 * The details of one instance: a header with its status, facts and actions, why it is broken
 * when it is, and its tabs (Radix Tabs: Left/Right/Home/End move between them). The active
 * tab's code loads when first shown.
 */
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import * as Tabs from '@radix-ui/react-tabs';
import { Ellipsis, X } from 'lucide-react';
import { Suspense } from 'react';
import { factsText, formatSsh } from '../instances/format';
import { primaryActionId } from '../instances/instance-actions';
import { OsMark, ProtectedLock } from '../instances/row-slots';
import { menuEntries } from '../instances/RowActions';
import { StatusPill } from '../instances/StatusPill';
import { useInstanceActions } from '../instances/useInstanceActions';
import { useNavigate } from '../shell/navigation';
import { useInstance } from '../store/hooks';
import type { InstanceSummary } from '../../src-main/common/api';
import { MenuItems } from '../ui/MenuItems';
import { Tip } from '../ui/Tip';
import { BrokenBanner } from './BrokenBanner';
import { ErrorBoundary } from './ErrorBoundary';
import { INSTANCE_TABS } from './tabs';
import './detail.css';

export interface InstanceDetailProps {
  name: string;
  tab?: string;
  /** A line for the Config tab to bring into view. */
  line?: number;
  onSelectTab: (tab: string) => void;
  onClose: () => void;
  /** False where a back button elsewhere does the closing (the full-page layout). */
  closable?: boolean;
}

function HeaderActions({ instance }: { instance: InstanceSummary }) {
  const actions = useInstanceActions(instance);
  const primary = actions.byId(primaryActionId(instance));
  const Icon = primary.icon;
  const others = menuEntries(actions).filter((e) => e.id !== primary.id && e.id !== 'console');
  return (
    <div className="detail-actions">
      <Tip content={primary.enabled ? `${primary.label} ${instance.name}` : (primary.why ?? primary.label)} {...(primary.shortcut ? { shortcut: primary.shortcut } : {})}>
        <button type="button" className={primary.id === 'start' ? 'primary' : undefined} disabled={!primary.enabled} onClick={() => actions.run(primary.id)} data-action={primary.id}>
          <Icon aria-hidden="true" />
          {primary.label}
        </button>
      </Tip>
      <DropdownMenu.Root modal={false}>
        <Tip content="More actions">
          <DropdownMenu.Trigger asChild>
            <button type="button" className="icon-button" aria-label={`More actions for ${instance.name} (details)`}>
              <Ellipsis aria-hidden="true" />
            </button>
          </DropdownMenu.Trigger>
        </Tip>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <MenuItems kind="dropdown" entries={others.map((e, i) => ({ ...e, separated: i > 0 && e.separated }))} />
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}

export function InstanceDetail({ name, tab, line, onSelectTab, onClose, closable = true }: InstanceDetailProps) {
  const instance = useInstance(name);
  const navigate = useNavigate();
  if (!instance) {
    return (
      <section className="detail detail-missing" aria-label={`Details of ${name}`}>
        <p>
          There is no instance named <strong>{name}</strong> (any more).
        </p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }
  const active = INSTANCE_TABS.find((t) => t.id === tab) ?? INSTANCE_TABS[0];
  if (!active) return null;
  const Panel = active.component;
  return (
    <section className="detail" aria-label={`Details of ${name}`}>
      <header className="detail-header">
        <OsMark instance={instance} />
        <div className="detail-title">
          <h2 title={instance.name}>{instance.name}</h2>
          <span className="detail-facts">
            {factsText(instance, true)}
            {instance.sshLocalPort > 0 && ` · SSH ${formatSsh(instance.sshLocalPort)}`}
          </span>
        </div>
        <ProtectedLock instance={instance} />
        <StatusPill instance={instance} withReason={false} />
        <HeaderActions instance={instance} />
        {closable && (
          <Tip content="Close the details">
            <button type="button" className="icon-button" onClick={onClose} aria-label={`Close the details of ${name}`}>
              <X aria-hidden="true" />
            </button>
          </Tip>
        )}
      </header>
      <BrokenBanner instance={instance} onOpenConfig={(l) => navigate({ page: 'instances', instance: name, tab: 'config', ...(l ? { line: l } : {}) })} />
      <Tabs.Root className="detail-tabs" value={active.id} onValueChange={onSelectTab} activationMode="automatic">
        <Tabs.List className="tablist" aria-label={`Details of ${name}`}>
          {INSTANCE_TABS.map((t) => (
            <Tabs.Trigger key={t.id} value={t.id} className="tab" aria-label={`${t.label} of ${name}`} data-tab={t.id}>
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value={active.id} className="tabpanel" data-panel={active.id}>
          <ErrorBoundary key={`${name}/${active.id}`} what={`The ${active.label} tab`}>
            <Suspense fallback={<p className="loading" aria-busy="true">Loading {active.label}…</p>}>
              <Panel instance={instance} {...(line !== undefined && active.id === 'config' ? { line } : {})} />
            </Suspense>
          </ErrorBoundary>
        </Tabs.Content>
      </Tabs.Root>
    </section>
  );
}
