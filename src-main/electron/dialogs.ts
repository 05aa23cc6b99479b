import { dialog, type BrowserWindow } from 'electron';
import type { ConfirmRequest, DialogService, ErrorReport } from '../core/api/dialogs';

/** Native dialogs, attached to the main window when there is one. */
export function createNativeDialogs(parent: () => BrowserWindow | undefined): DialogService {
  return {
    async confirm(request: ConfirmRequest) {
      const options = {
        type: request.destructive ? ('warning' as const) : ('question' as const),
        title: request.title,
        message: request.message,
        detail: request.detail ?? '',
        buttons: ['Cancel', request.confirmLabel],
        defaultId: request.destructive ? 0 : 1,
        cancelId: 0,
        noLink: true,
      };
      const win = parent();
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return response === 1;
    },
    async showError(report: ErrorReport) {
      const options = { type: 'error' as const, title: report.title, message: report.message, detail: report.detail ?? '', buttons: ['OK'] };
      const win = parent();
      if (win) await dialog.showMessageBox(win, options);
      else await dialog.showMessageBox(options);
    },
  };
}
