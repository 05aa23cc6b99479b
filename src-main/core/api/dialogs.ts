/**
 * The dialogs core asks the user through. The Electron shell implements it with native
 * dialogs; where there is no one to ask (the CLI with --yes, `limadesk serve`, whose page
 * confirms by itself) the caller passes none and core proceeds as told.
 */
export interface ConfirmRequest {
  title: string;
  message: string;
  detail?: string;
  /** The label of the button that goes ahead, e.g. "Delete". */
  confirmLabel: string;
  /** Whether going ahead destroys something (the button is styled as dangerous). */
  destructive?: boolean;
}

export interface ErrorReport {
  title: string;
  message: string;
  detail?: string;
}

export interface DialogService {
  /** Resolves true only when the user chose the confirming button. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  showError(report: ErrorReport): Promise<void>;
}
