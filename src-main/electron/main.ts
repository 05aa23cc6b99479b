import { app, session } from 'electron';
import { DisposableStore, toDisposable } from '../common/disposable';
import path from 'node:path';
import type { ApiDispatch } from '../core/api/handlers';
import { createApiService, type ApiService } from '../core/api/service';
import { agentCommandForThisProcess, limaHome } from '../core/api/local-host';
import { hostsFilePath } from '../core/api/remote-hosts';
import { installAppMenu } from './app-menu';
import { APP_HOST, APP_SCHEME, registerAppScheme, serveRenderer } from './app-protocol';
import { createNativeDialogs } from './dialogs';
import { startEventPump } from './event-pump';
import { InstanceActions } from './instance-actions';
import { registerApiIpc, registerThemeIpc } from './ipc';
import { createElectronLogger } from './logging';
import { MainWindow } from './main-window';
import { VmNotifier } from './notifications';
import { SettingsStore } from './settings';
import { hardenSession, hardenWebContents } from './security';
import { AppTray } from './tray';
import { WindowState } from './window-state';

// Bundled layout: out/main/index.cjs beside out/preload, out/renderer and out/cli.
const OUT_DIR = path.join(__dirname, '..');
const ASSETS_DIR = path.join(OUT_DIR, '..', 'assets');
// How long quitting waits for VMs when the user chose to stop them on quit.
const STOP_ON_QUIT_TIMEOUT_MS = 60_000;

const { logger, logFile } = createElectronLogger();
registerAppScheme();
hardenWebContents(app, logger);

/** Stop requests announce themselves to the notifier before they run. */
function expectingStops(dispatch: ApiDispatch, notifier: VmNotifier): ApiDispatch {
  return (method, params) => {
    const name = typeof params === 'object' && params !== null ? (params as { name?: unknown }).name : undefined;
    if (typeof name === 'string' && (method === 'stopInstance' || method === 'restartInstance' || method === 'deleteInstance')) notifier.expectStop(name);
    return dispatch(method, params);
  };
}

async function stopAll(service: ApiService, notifier: VmNotifier): Promise<void> {
  const list = await service.handlers.listInstances({});
  if (!list.ok) return;
  // This machine's VMs only: the ones on other hosts are not the app's to stop when it quits.
  const running = list.value.filter((i) => i.status === 'Running' && i.host === undefined);
  for (const inst of running) notifier.expectStop(inst.name);
  const timeout = new Promise((resolve) => setTimeout(resolve, STOP_ON_QUIT_TIMEOUT_MS));
  await Promise.race([Promise.all(running.map((i) => service.handlers.stopInstance({ name: i.name }))), timeout]);
}

async function startApp(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = new SettingsStore(userData, logger);
  const mainWindow = new MainWindow(path.join(OUT_DIR, 'preload', 'index.cjs'), new WindowState(userData));
  const dialogs = createNativeDialogs(() => mainWindow.current);
  const notifier = new VmNotifier();

  hardenSession(session.defaultSession);
  serveRenderer(session.defaultSession, path.join(OUT_DIR, 'renderer'));

  const service = await createApiService({
    limaHome: limaHome(process.env),
    // Host agents run the CLI bundle with Electron acting as Node; they outlive the app.
    agent: agentCommandForThisProcess(path.join(OUT_DIR, 'cli', 'limadesk.mjs'), process.env),
    env: process.env,
    logger,
    dialogs,
    vncOrigins: () => [`${APP_SCHEME}://${APP_HOST}`],
    hostsFile: hostsFilePath(process.env),
  });
  // Everything opened from here on is closed, in reverse order, before the app quits.
  const opened = new DisposableStore();
  opened.add(toDisposable(() => service.close()));
  opened.add(registerApiIpc(expectingStops(service.dispatch, notifier), (event) => mainWindow.isTrustedSender(event), logger));
  opened.add(registerThemeIpc((event) => mainWindow.isTrustedSender(event), logger));
  opened.add(startEventPump((listener) => service.subscribe(listener), () => mainWindow.all()));

  const actions = new InstanceActions(service.handlers, dialogs, (name) => notifier.expectStop(name));
  const tray = new AppTray(ASSETS_DIR, actions, () => mainWindow.show(), () => app.quit());
  opened.add(toDisposable(() => tray.destroy()));
  let trayRefresh: NodeJS.Timeout | undefined;
  opened.add(toDisposable(() => clearTimeout(trayRefresh)));
  opened.add(
    service.subscribe((event) => {
      notifier.handle(event);
      if (event.event !== 'instanceStatusChanged') return;
      clearTimeout(trayRefresh);
      trayRefresh = setTimeout(() => void tray.refresh(), 200);
    }),
  );
  void tray.refresh();
  installAppMenu({ settings, logFile, isMac: process.platform === 'darwin' });

  app.on('second-instance', () => mainWindow.show());
  app.on('activate', () => mainWindow.show());
  // With the tray still there, closing the window does not end the app.
  app.on('window-all-closed', () => undefined);
  let quitting = false;
  app.on('before-quit', (event) => {
    if (opened.isDisposed) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    const stopVms = settings.get().stopVmsOnQuit;
    logger.info(stopVms ? 'quitting; stopping running VMs first' : 'quitting; VMs keep running (settings: stopVmsOnQuit is off)');
    void (stopVms ? stopAll(service, notifier) : Promise.resolve())
      .then(() => opened.dispose())
      .catch((err: unknown) => logger.warn('closing down was not clean', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => app.quit());
  });
  mainWindow.show();
  logger.info('Limadesk started', { limaHome: limaHome(process.env), version: app.getVersion() });
}

if (!app.requestSingleInstanceLock()) {
  // Another Limadesk is running; it gets our 'second-instance' and shows its window.
  app.quit();
} else {
  app.whenReady().then(startApp).catch((err: unknown) => {
    logger.error('Limadesk failed to start', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    app.exit(1);
  });
}
