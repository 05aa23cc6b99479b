import type { QmpClient, QmpExecuteOptions } from './client';
import type { QmpInputEvent, QmpStatusInfo, QmpVersionInfo, QmpVncInfo } from './types';

// Typed helpers for the commands the driver and host agent send.

export function queryStatus(client: QmpClient, options?: QmpExecuteOptions): Promise<QmpStatusInfo> {
  return client.execute('query-status', undefined, options);
}

export function queryVersion(client: QmpClient, options?: QmpExecuteOptions): Promise<QmpVersionInfo> {
  return client.execute('query-version', undefined, options);
}

/** The plain VNC listener only: a WebSocket listener shows up in query-vnc-servers instead. */
export function queryVnc(client: QmpClient, options?: QmpExecuteOptions): Promise<QmpVncInfo> {
  return client.execute('query-vnc', undefined, options);
}

/** Presses the ACPI power button; the guest decides whether to shut down. */
export async function systemPowerdown(client: QmpClient, options?: QmpExecuteOptions): Promise<void> {
  await client.execute('system_powerdown', undefined, options);
}

export async function systemReset(client: QmpClient, options?: QmpExecuteOptions): Promise<void> {
  await client.execute('system_reset', undefined, options);
}

/** Ends QEMU at once. QEMU may close the socket before replying: that counts as success. */
export async function quit(client: QmpClient, options?: QmpExecuteOptions): Promise<void> {
  const closed = new Promise<void>((resolve) => client.onClose(() => resolve()));
  await Promise.race([client.execute('quit', undefined, options).catch((error: unknown) => {
    if (!client.isClosed) throw error;
  }), closed]);
}

export async function stop(client: QmpClient, options?: QmpExecuteOptions): Promise<void> {
  await client.execute('stop', undefined, options);
}

export async function cont(client: QmpClient, options?: QmpExecuteOptions): Promise<void> {
  await client.execute('cont', undefined, options);
}

/** QEMU uses only the first 8 characters of a VNC password. */
export async function changeVncPassword(client: QmpClient, password: string, options?: QmpExecuteOptions): Promise<void> {
  await client.execute('change-vnc-password', { password }, options);
}

export async function inputSendEvent(client: QmpClient, events: QmpInputEvent[], options?: QmpExecuteOptions): Promise<void> {
  await client.execute('input-send-event', { events }, options);
}

export function humanMonitorCommand(client: QmpClient, commandLine: string, options?: QmpExecuteOptions): Promise<string> {
  return client.execute('human-monitor-command', { 'command-line': commandLine }, options);
}

/**
 * Runs a human-monitor (HMP) command and returns its text output with \r\n turned into \n.
 * HMP reports most failures inside this text (e.g. "Error: …"), not as a QMP error.
 */
export async function hmp(client: QmpClient, commandLine: string, options?: QmpExecuteOptions): Promise<string> {
  const output = await humanMonitorCommand(client, commandLine, options);
  return output.replace(/\r\n/g, '\n');
}
