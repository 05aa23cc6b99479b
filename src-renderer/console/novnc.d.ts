// The part of noVNC 1.7's RFB class the console uses. The package ships plain ESM with no
// types, and @types/novnc__novnc describes an older CommonJS layout, so it is declared here.
// A script (not a module) file, so the declaration is ambient.
declare module '@novnc/novnc' {
  export interface RfbCredentials {
    username?: string;
    password?: string;
    target?: string;
  }

  export interface RfbOptions {
    credentials?: RfbCredentials;
    shared?: boolean;
    wsProtocols?: string[];
  }

  export interface RfbEventDetails {
    connect: Record<string, never>;
    disconnect: { clean: boolean };
    credentialsrequired: { types: string[] };
    securityfailure: { status: number; reason?: string };
    desktopname: { name: string };
    clipboard: { text: string };
  }

  export default class RFB {
    constructor(target: HTMLElement, urlOrChannel: string, options?: RfbOptions);
    viewOnly: boolean;
    scaleViewport: boolean;
    clipViewport: boolean;
    resizeSession: boolean;
    focusOnClick: boolean;
    showDotCursor: boolean;
    background: string;
    qualityLevel: number;
    compressionLevel: number;
    disconnect(): void;
    sendCredentials(credentials: RfbCredentials): void;
    sendCtrlAltDel(): void;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
    clipboardPasteFrom(text: string): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    toDataURL(type?: string, encoderOptions?: number): string;
    addEventListener<K extends keyof RfbEventDetails>(type: K, listener: (event: CustomEvent<RfbEventDetails[K]>) => void): void;
    removeEventListener<K extends keyof RfbEventDetails>(type: K, listener: (event: CustomEvent<RfbEventDetails[K]>) => void): void;
  }
}
