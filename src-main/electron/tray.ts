import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { InstanceSummary } from '../common/api';
import type { InstanceActions } from './instance-actions';

function instanceItem(inst: InstanceSummary, actions: InstanceActions): MenuItemConstructorOptions {
  return {
    label: `${inst.name}${inst.host ? ` on ${inst.host}` : ''} — ${inst.unreachable ? 'unreachable' : inst.status}`,
    submenu: [
      { label: 'Start', enabled: inst.status === 'Stopped' && !inst.unreachable, click: () => void actions.start(inst.name, inst.host) },
      { label: 'Stop', enabled: inst.status === 'Running' && !inst.unreachable, click: () => void actions.stop(inst.name, inst.host) },
    ],
  };
}

/** The menu-bar icon: every instance with Start/Stop, and a way back to the window. */
export class AppTray {
  private readonly tray: Tray;

  constructor(
    assetsDir: string,
    private readonly actions: InstanceActions,
    private readonly showWindow: () => void,
    private readonly quit: () => void,
  ) {
    // "Template" images are recoloured by macOS for light and dark menu bars.
    const image = nativeImage.createFromPath(path.join(assetsDir, 'icons', 'trayTemplate.png'));
    image.setTemplateImage(true);
    this.tray = new Tray(image);
    this.tray.setToolTip('Limadesk');
    this.tray.on('click', () => this.showWindow());
  }

  async refresh(): Promise<void> {
    const instances = await this.actions.list();
    const items: MenuItemConstructorOptions[] = [
      { label: 'Show Limadesk', click: () => this.showWindow() },
      { type: 'separator' },
      ...(instances.length > 0 ? instances.map((inst) => instanceItem(inst, this.actions)) : [{ label: 'No instances', enabled: false }]),
      { type: 'separator' },
      { label: 'Quit Limadesk', click: () => this.quit() },
    ];
    this.tray.setContextMenu(Menu.buildFromTemplate(items));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
