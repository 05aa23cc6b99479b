import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { SettingsStore } from './settings';

export interface AppMenuDeps {
  settings: SettingsStore;
  logFile: () => string;
  isMac: boolean;
}

/** The application menu; "Reveal logs" opens the folder of electron-log's file. */
export function installAppMenu(deps: AppMenuDeps): void {
  const stopOnQuit: MenuItemConstructorOptions = {
    label: 'Stop VMs When Quitting',
    type: 'checkbox',
    checked: deps.settings.get().stopVmsOnQuit,
    click: (item) => {
      deps.settings.update({ stopVmsOnQuit: item.checked });
    },
  };
  const template: MenuItemConstructorOptions[] = [
    ...(deps.isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [stopOnQuit, { type: 'separator' }, deps.isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Reveal Logs', click: () => shell.showItemInFolder(deps.logFile()) }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
