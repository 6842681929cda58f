// Job: make sure no QEMU outlives the Node process that started it. Every child is registered here
// while it runs. When Node exits normally (or through process.exit) the 'exit' hook sends SIGKILL to
// every registered child synchronously. When Node receives SIGINT, SIGTERM or SIGHUP and nothing else
// in the program handles that signal, the children are killed and the signal is re-raised so Node
// still dies of it; when the program has its own handler (e.g. `bulkhead run` stopping QEMU cleanly
// on Ctrl-C) that handler decides, and the 'exit' hook remains the backstop.
// launch.ts also starts QEMU under `setpriv --pdeathsig KILL` where available, so even a Node killed
// by SIGKILL takes its QEMU children with it.
import type { ChildProcess } from 'node:child_process';

const liveChildren = new Map<number, ChildProcess>();
const handledSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let hooksInstalled = false;

function killAllNow(): void {
  for (const pid of liveChildren.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the program handles this signal itself
  killAllNow();
  liveChildren.clear();
  for (const handled of handledSignals) process.removeListener(handled, onSignal);
  hooksInstalled = false;
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of handledSignals) process.on(signal, onSignal);
}

/** Registers a running child; it is forgotten once it has exited. */
export function registerChild(child: ChildProcess): void {
  if (child.pid === undefined) return;
  installHooks();
  const pid = child.pid;
  liveChildren.set(pid, child);
  child.once('exit', () => liveChildren.delete(pid));
}

/** Pids of the children still registered (for tests and diagnostics). */
export function registeredPids(): number[] {
  return [...liveChildren.keys()];
}
