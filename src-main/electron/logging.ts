import log from 'electron-log/main';
import type { LogFields, Logger } from '../common/logger';

/**
 * electron-log behind the common Logger interface. Renderer console output is captured
 * into the same file, so one log covers both sides; QEMU and host-agent output stay in each
 * instance's own files, as Lima keeps them.
 */
export function createElectronLogger(): { logger: Logger; logFile: () => string } {
  log.initialize({ spyRendererConsole: true });
  log.transports.file.level = 'info';
  log.errorHandler.startCatching();
  const line = (message: string, fields?: LogFields): string => (fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message);
  const logger: Logger = {
    debug: (m, f) => log.debug(line(m, f)),
    info: (m, f) => log.info(line(m, f)),
    warn: (m, f) => log.warn(line(m, f)),
    error: (m, f) => log.error(line(m, f)),
  };
  return { logger, logFile: () => log.transports.file.getFile().path };
}
