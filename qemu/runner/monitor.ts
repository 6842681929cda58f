// QEMU's human monitor over TCP: resume a machine started halted (`-S`), so that host peers can be
// connected before the first guest instruction runs.
import { connect } from 'node:net';

import { loopbackHost } from './command-line.ts';

const MONITOR_PROMPT = '(qemu) ';
/** How long one connection may take to show the prompt twice (before and after `cont`). */
const MONITOR_ANSWER_MS = 5000;
/** Connection attempts while QEMU is still opening its monitor socket, and the pause between them. */
const MONITOR_ATTEMPTS = 40;
const MONITOR_RETRY_MS = 25;

/** The `-monitor` arguments for a monitor listening on `port` of the loopback interface. */
export function monitorArguments(port: number): string[] {
  return ['-monitor', `tcp:${loopbackHost}:${port},server=on,wait=off`];
}

/** One connection: waits for the prompt, sends `cont`, resolves at the next prompt. */
function sendContinue(port: number): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    const socket = connect(port, loopbackHost);
    let text = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`QEMU monitor on port ${port} did not answer 'cont' within ${MONITOR_ANSWER_MS} ms`));
    }, MONITOR_ANSWER_MS);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!text.includes(MONITOR_PROMPT)) return;
      text = '';
      if (!sent) {
        sent = true;
        socket.write('cont\n');
      } else {
        clearTimeout(timer);
        socket.end();
        resolvePromise();
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Sends `cont` to the monitor on `port`, retrying while QEMU has not opened the socket yet. */
export async function resumeThroughMonitor(port: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sendContinue(port);
      return;
    } catch (error) {
      if (attempt >= MONITOR_ATTEMPTS) throw error;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, MONITOR_RETRY_MS));
    }
  }
}
