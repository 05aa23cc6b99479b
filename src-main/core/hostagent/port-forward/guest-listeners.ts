import type { Readable } from 'node:stream';
import { parseProcNetTcp, type GuestListener } from './proc-net-tcp';

/** Ends each snapshot in the watcher's output; /proc lines never start with a letter. */
const SNAPSHOT_END = 'END';

/**
 * The command the guest runs for as long as forwarding lasts: every `intervalSeconds` it reads
 * the LISTEN lines of /proc/net/tcp and /proc/net/tcp6 with one grep (the `st` column is the only one that can
 * read ` 0A `) and prints them, followed by END, whenever they differ from the last print (the
 * first time always). Plain POSIX sh and grep: busybox-only guests have them too. Once the
 * channel is gone the next print fails and the loop ends.
 */
export function listenerWatchCommand(intervalSeconds: number): string {
  const script =
    'prev=-; while :; do ' +
    'cur=$(grep -h " 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null); ' +
    `if [ "$cur" != "$prev" ]; then printf "%s\\n${SNAPSHOT_END}\\n" "$cur" || exit 0; prev=$cur; fi; ` +
    `sleep ${intervalSeconds}; done`;
  return `/bin/sh -c '${script}'`;
}

/**
 * Reads the watcher's output and hands over each complete snapshot of the guest's listening
 * TCP sockets. `littleEndian` is the guest's byte order (see parseProcNetTcp).
 */
export function readListenerSnapshots(output: Readable, littleEndian: boolean, onSnapshot: (listeners: GuestListener[]) => void): void {
  let pending = '';
  let snapshot: string[] = [];
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line === SNAPSHOT_END) {
        onSnapshot(parseProcNetTcp(snapshot.join('\n'), littleEndian));
        snapshot = [];
      } else {
        snapshot.push(line);
      }
    }
  });
}
