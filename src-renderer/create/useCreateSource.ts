/** Where a new instance's YAML comes from: the bundled templates, or a file the user picks. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LimadeskApi, TemplateInfo } from '../../src-main/common/api';
import type { CreateSource } from './limactl-command';

export interface LoadedSource {
  source: CreateSource;
  text: string;
}

export interface CreateSourceState {
  templates: TemplateInfo[];
  templatesError?: string;
  loaded?: LoadedSource;
  loading: boolean;
  loadError?: string;
  chooseTemplate: (name: string) => void;
  chooseFile: (file: File) => void;
}

const PREFERRED_TEMPLATE = 'default';

// FileReader rather than Blob.text(): the same code then runs in every engine the renderer meets, jsdom included.
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

export function useCreateSource(api: Pick<LimadeskApi, 'listTemplates' | 'getTemplateText'>, preferred = PREFERRED_TEMPLATE): CreateSourceState {
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [templatesError, setTemplatesError] = useState<string>();
  const [loaded, setLoaded] = useState<LoadedSource>();
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  // Only the latest choice may land: a slow template must not replace a file picked after it.
  const latestRequest = useRef(0);

  const load = useCallback((source: CreateSource, read: () => Promise<string>) => {
    const mine = ++latestRequest.current;
    setLoading(true);
    setLoadError(undefined);
    read().then(
      (text) => {
        if (latestRequest.current !== mine) return;
        setLoaded({ source, text });
        setLoading(false);
      },
      (err: unknown) => {
        if (latestRequest.current !== mine) return;
        setLoadError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
  }, []);

  const chooseTemplate = useCallback(
    (name: string) =>
      load({ kind: 'template', name }, async () => {
        const result = await api.getTemplateText({ name });
        if (!result.ok) throw new Error(`Cannot read the template ${name}: ${result.message}`);
        return result.value.text;
      }),
    [api, load],
  );

  const chooseFile = useCallback(
    (file: File) =>
      load({ kind: 'file', fileName: file.name }, async () => {
        try {
          return await readText(file);
        } catch (err) {
          throw new Error(`Cannot read ${file.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      }),
    [load],
  );

  useEffect(() => {
    let cancelled = false;
    void api.listTemplates({}).then((result) => {
      if (cancelled) return;
      if (!result.ok) {
        setTemplatesError(result.message);
        return;
      }
      setTemplates(result.value.templates);
      const first = result.value.templates.find((t) => t.name === preferred) ?? result.value.templates.find((t) => t.name === PREFERRED_TEMPLATE) ?? result.value.templates[0];
      if (first) chooseTemplate(first.name);
    });
    return () => {
      cancelled = true;
    };
  }, [api, chooseTemplate, preferred]);

  return { templates, loaded, loading, chooseTemplate, chooseFile, ...(templatesError ? { templatesError } : {}), ...(loadError ? { loadError } : {}) };
}
