import type { LogName, PortForwardInfo, SnapshotInfo, TemplateInfo, TerminalSession, VncSession } from '../../common/api';
import type { ConfigIssue } from '../config/types';
import type { Doctor } from '../doctor/doctor';
import type { Instance } from '../store/instance';

/**
 * What the API handlers need from the rest of core, as narrow interfaces: the handlers are
 * wired to the real catalog, lifecycle and config modules by whoever starts them (the
 * Electron shell, `limadesk serve`) and to small fakes in unit tests.
 */

export interface CatalogPort {
  list(): Promise<Instance[]>;
  inspect(name: string): Promise<Instance>;
  create(name: string, yamlText: string): Promise<{ instance: Instance; warnings: ConfigIssue[] }>;
  delete(name: string, options?: { force?: boolean }): Promise<void>;
  readConfig(name: string): Promise<{ text: string; mtime: number }>;
  writeConfig(name: string, text: string, expectedMtime?: number): Promise<{ warnings: ConfigIssue[]; mtime: number }>;
}

export interface LifecyclePort {
  /** Resolves once the instance is running (or rejects with why it did not start). */
  start(name: string): Promise<void>;
  stop(name: string, options?: { force?: boolean }): Promise<void>;
}

/** Console sessions: one-use loopback WebSocket URLs that the renderer's noVNC opens. */
export interface VncPort {
  open(name: string): Promise<VncSession>;
}

/** Shell sessions over SSH: one-use loopback WebSocket URLs that the renderer's xterm.js opens. */
export interface TerminalPort {
  open(name: string, size: { cols: number; rows: number }): Promise<TerminalSession>;
}

export interface SnapshotsPort {
  list(name: string): Promise<SnapshotInfo[]>;
  create(name: string, tag: string): Promise<void>;
  apply(name: string, tag: string): Promise<void>;
  delete(name: string, tag: string): Promise<void>;
}

export interface ConfigPort {
  /**
   * Every issue of a lima.yaml text, errors and warnings, with positions, its bases embedded
   * first; with `instance`, the text stands for that instance's lima.yaml.
   */
  validateText(text: string, instance?: string): Promise<ConfigIssue[]>;
}

export interface PortForwardsPort {
  /** The forwards of a running instance, as its host agent reports them; [] when it is not running. */
  list(name: string): Promise<PortForwardInfo[]>;
}

export interface TemplatesPort {
  list(): Promise<TemplateInfo[]>;
  readText(name: string): Promise<string>;
}

export type DoctorPort = Doctor;

export interface LogPort {
  read(name: string, log: LogName, maxBytes: number): Promise<{ text: string; truncated: boolean }>;
}
