import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  API_EVENTS,
  API_METHODS,
  isApiEventName,
  type ApiEvent,
  type ApiEventName,
  type ApiMethodFunctions,
  type ApiMethodName,
  type LimadeskApi,
} from '../src-main/common/api';
import { isWindowTheme, titleBarFor, WINDOW_THEME_CHANNEL, type WindowChrome } from '../src-main/common/window-chrome';

/**
 * `window.limadesk`: one named function per API method and `on(event, listener)`. The page
 * never gets ipcRenderer, a channel name or an IPC event object, only plain payloads.
 * Main batches pushes, so each message on an event channel carries an array of payloads.
 */
function method<M extends ApiMethodName>(name: M): ApiMethodFunctions[M] {
  const channel = API_METHODS[name];
  return ((params: unknown) => ipcRenderer.invoke(channel, params)) as ApiMethodFunctions[M];
}

function on<E extends ApiEventName>(event: E, listener: (payload: ApiEvent<E>) => void): () => void {
  if (!isApiEventName(event)) throw new Error(`limadesk.on: unknown event ${JSON.stringify(event)}`);
  if (typeof listener !== 'function') throw new Error('limadesk.on: the listener must be a function');
  const channel = API_EVENTS[event];
  const wrapper = (_e: IpcRendererEvent, batch: unknown): void => {
    if (!Array.isArray(batch)) return;
    for (const payload of batch) listener(payload as ApiEvent<E>);
  };
  ipcRenderer.on(channel, wrapper);
  return () => {
    ipcRenderer.removeListener(channel, wrapper);
  };
}

const methods = Object.fromEntries((Object.keys(API_METHODS) as ApiMethodName[]).map((name) => [name, method(name)])) as ApiMethodFunctions;
const api: LimadeskApi = { ...methods, on };

contextBridge.exposeInMainWorld('limadesk', Object.freeze(api));

// Plain data, no function: how the window is framed, so the page leaves room for its controls.
const chrome: WindowChrome = { platform: process.platform, titleBar: titleBarFor(process.platform) };
contextBridge.exposeInMainWorld('limadeskShell', Object.freeze(chrome));

// A file dropped on the page has no path in the page since Electron 32; the Terminal tab needs
// it to copy the file into the guest. Only a File goes in, only its path comes out.
contextBridge.exposeInMainWorld(
  'limadeskFiles',
  Object.freeze({
    pathForFile(file: unknown): string {
      if (!(file instanceof File)) throw new Error('limadeskFiles.pathForFile: expects a File');
      return webUtils.getPathForFile(file);
    },
  }),
);

// The theme chosen in Settings, for the window's own controls; only the three names pass.
contextBridge.exposeInMainWorld(
  'limadeskWindow',
  Object.freeze({
    setTheme(theme: unknown): void {
      if (!isWindowTheme(theme)) throw new Error('limadeskWindow.setTheme: expects "system", "light" or "dark"');
      void ipcRenderer.invoke(WINDOW_THEME_CHANNEL, theme);
    },
  }),
);
