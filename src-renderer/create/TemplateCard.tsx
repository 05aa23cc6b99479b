/** The chosen template at a glance: its OS logo, distribution, description, and the message shown after start. */
import type { CSSProperties } from 'react';
import { Server } from 'lucide-react';
import type { TemplateInfo } from '../../src-main/common/api';
import { osLogo } from '../instances/os-logo';

export function TemplateLogo({ template }: { template: Pick<TemplateInfo, 'os' | 'distro'> }) {
  const logo = osLogo(template);
  if (!logo) {
    return (
      <span className="os-mark" aria-hidden="true">
        <Server />
      </span>
    );
  }
  return (
    <span className="os-mark is-brand" aria-hidden="true" style={{ '--os-color': logo.hex } as CSSProperties}>
      <svg viewBox="0 0 24 24">
        <path d={logo.path} />
      </svg>
    </span>
  );
}

export function templateOsText(t: Pick<TemplateInfo, 'os' | 'distro'>): string {
  if (t.distro) return t.os && t.os !== 'Linux' && !t.distro.startsWith(t.os) ? `${t.distro} (${t.os})` : t.distro;
  return t.os ?? 'OS not known';
}

export function TemplateCard({ template }: { template: TemplateInfo }) {
  return (
    <section className="template-card" aria-label={`${template.name}: ${templateOsText(template)}`}>
      <TemplateLogo template={template} />
      <div className="template-card-text">
        <div>
          <strong>{template.name}</strong> <span className="hint">· {templateOsText(template)}</span>
        </div>
        {template.description && <p className="template-card-description">{template.description}</p>}
        {template.message && (
          <details className="template-card-message">
            <summary>Its message after start</summary>
            <pre>{template.message}</pre>
          </details>
        )}
      </div>
    </section>
  );
}
