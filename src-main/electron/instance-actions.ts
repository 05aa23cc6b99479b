import type { ApiMethodFunctions, ApiResult, InstanceSummary } from '../common/api';
import type { DialogService } from '../core/api/dialogs';

/**
 * What the tray and menus do with instances: the same API methods the page calls, with
 * failures shown in a dialog (there is no page to show them in a menu).
 */
export class InstanceActions {
  constructor(
    private readonly handlers: ApiMethodFunctions,
    private readonly dialogs: DialogService,
    /** Tells the notifier a stop is coming, so it is not reported as unexpected. */
    private readonly expectStop: (name: string) => void,
  ) {}

  async list(): Promise<InstanceSummary[]> {
    const result = await this.handlers.listInstances({});
    return result.ok ? result.value : [];
  }

  /** `host`: the instance's host (InstanceSummary.host); absent for this machine. */
  start(name: string, host?: string): Promise<void> {
    return this.report(`Starting ${name} failed`, this.handlers.startInstance(host ? { name, host } : { name }));
  }

  stop(name: string, host?: string): Promise<void> {
    this.expectStop(name);
    return this.report(`Stopping ${name} failed`, this.handlers.stopInstance(host ? { name, host } : { name }));
  }

  private async report(title: string, pending: Promise<ApiResult<unknown>>): Promise<void> {
    let result: ApiResult<unknown>;
    try {
      result = await pending;
    } catch (err) {
      result = { ok: false, code: 'internal', message: (err as Error).message };
    }
    if (!result.ok) await this.dialogs.showError({ title, message: result.message });
  }
}
