import { execFile } from 'node:child_process';

/**
 * The program that opens a URL in the user's default browser, as an argv: the URL is one
 * argument, never part of a shell string. Windows' `start` is a cmd.exe builtin that would
 * parse the URL as a command line; rundll32's URL handler takes it as it is.
 */
export function browserOpener(url: string, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Opens `url` in the default browser; rejects with a sentence saying why it could not. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<void> {
  const { command, args } = browserOpener(url, platform);
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 30_000, windowsHide: true }, (err) => {
      if (!err) return resolve();
      const code = (err as NodeJS.ErrnoException).code;
      reject(new Error(code === 'ENOENT' ? `${command} is not installed` : `${command} failed: ${err.message.split('\n')[0] ?? ''}`));
    });
  });
}
