// Job: follow a file that another process is still writing (the trace QEMU records from the first byte)
// and hand over its complete lines as they appear, polling at a fixed interval; a file that does not
// exist yet is waited for, a partial last line is held until its newline arrives.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 16;

export class FileFollower {
  private fd: number | null = null;
  private offset = 0;
  private partial = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly onLines: (lines: string[]) => void,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads whatever the file gained since the last poll. */
  poll(): void {
    if (this.fd === null) {
      if (!existsSync(this.path)) return;
      this.fd = openSync(this.path, 'r');
    }
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let text = '';
    for (;;) {
      const read = readSync(this.fd, buffer, 0, CHUNK_BYTES, this.offset);
      if (read === 0) break;
      this.offset += read;
      text += buffer.toString('latin1', 0, read);
    }
    if (text === '') return;
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const complete = lines.map((line) => line.replace(/\r$/, '')).filter((line) => line.length > 0);
    if (complete.length > 0) this.onLines(complete);
  }

  /** Reads the rest and stops. */
  close(): void {
    clearInterval(this.timer);
    this.poll();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
