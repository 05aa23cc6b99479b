import { ipcMain, nativeTheme, type IpcMainInvokeEvent } from 'electron';
import { API_METHOD_NAMES, API_METHODS, failure, type ApiMethodName, type ApiResult, type ApiValue } from '../common/api';
import { toDisposable, type Disposable } from '../common/disposable';
import type { Logger } from '../common/logger';
import type { ApiDispatch } from '../core/api/handlers';
import { isWindowTheme, WINDOW_THEME_CHANNEL, type WindowTheme } from '../common/window-chrome';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * `ipcMain.handle` for one API method, typed by the common contract. The sender is checked
 * before anything else: only the app's own page in the app's own window may call.
 */
function handle<M extends ApiMethodName>(method: M, trusted: SenderCheck, logger: Logger, run: (params: unknown) => Promise<ApiResult<ApiValue<M>>>): void {
  ipcMain.handle(API_METHODS[method], async (event: IpcMainInvokeEvent, params: unknown) => {
    if (!trusted(event)) {
      logger.warn('refused an IPC call from an unknown sender', { method, url: event.senderFrame?.url ?? '(no frame)' });
      return failure('forbidden', `${method}: caller is not the Limadesk window`);
    }
    return run(params);
  });
}

/** Wires every API method onto its channel; disposing of the result removes them again. */
export function registerApiIpc(dispatch: ApiDispatch, trusted: SenderCheck, logger: Logger): Disposable {
  for (const method of API_METHOD_NAMES) {
    handle(method, trusted, logger, (params) => dispatch(method, params) as Promise<ApiResult<ApiValue<typeof method>>>);
  }
  return toDisposable(() => {
    for (const method of API_METHOD_NAMES) ipcMain.removeHandler(API_METHODS[method]);
  });
}

/**
 * The theme chosen in Settings reaches Electron's nativeTheme, so the window controls drawn by
 * the OS (the title bar overlay on Windows and Linux), menus and dialogs match the page.
 */
export function registerThemeIpc(trusted: SenderCheck, logger: Logger): Disposable {
  ipcMain.handle(WINDOW_THEME_CHANNEL, (event: IpcMainInvokeEvent, theme: unknown): ApiResult<WindowTheme> => {
    if (!trusted(event)) {
      logger.warn('refused a theme change from an unknown sender', { url: event.senderFrame?.url ?? '(no frame)' });
      return failure('forbidden', 'window theme: caller is not the Limadesk window');
    }
    if (!isWindowTheme(theme)) return failure('invalid-request', 'window theme: expects "system", "light" or "dark"');
    nativeTheme.themeSource = theme;
    return { ok: true, value: theme };
  });
  return toDisposable(() => ipcMain.removeHandler(WINDOW_THEME_CHANNEL));
}
