// Types of scripts/code-server.mjs for the TypeScript callers (the e2e harness).
import type { ChildProcess } from 'node:child_process';

export declare const CODE_SERVER_VERSION: string;
export declare const toolsDir: string;
export declare const node24Dir: string;
export declare const node24Bin: string;
export declare const codeServerEntry: string;

export declare function ensureAptPackages(packages: string[]): void;
export declare function ensureCodeServer(): { node: string; entry: string };
export declare function freePort(): Promise<number>;
export declare function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export declare function installExtension(options: { vsix: string; extensionsDir: string; userDataDir: string }): void;

export interface RunningCodeServer {
  process: ChildProcess;
  port: number;
  /** Opens the folder in the workbench. */
  url: string;
  /** The last 20 000 characters code-server printed. */
  output(): string;
  stop(): Promise<void>;
}

export declare function launchCodeServer(options: {
  extensionsDir: string;
  userDataDir: string;
  folder: string;
  port?: number;
  logFile?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<RunningCodeServer>;
