// An independent reference model of the virtual CAN bus as the host sees it (docs/VCAN.md): it splits
// the host's bytes into lines, decides each line with regular expressions (not the firmware's codec),
// keeps the channel state and the VMs' receive queues, and says what the hypervisor must answer. The
// bus fuzzer compares the real bus (firmware/core/vcan/bus.ts) with it byte for byte.
import type { CanFilter } from '../../firmware/config/types.ts';

/** Characters a line may hold before its CR (docs/VCAN.md); a longer line is refused whole. */
export const REFERENCE_LINE_MAX = 32;
const CR = 0x0d;
const LF = 0x0a;
const BEL = '\x07';
/** `F` reply bit: a receive queue overflowed since the last `F`. */
const STATUS_OVERRUN = 0x08;

/** A frame as a VM's receive queue holds it. */
export interface ReferenceFrame {
  readonly id: number;
  readonly extended: boolean;
  readonly remote: boolean;
  readonly dlc: number;
  /** Eight bytes; zero past the DLC and for remote frames. */
  readonly data: readonly number[];
}

/** A VM's receive side: its filters and queue depth from the system description. */
export interface ReferenceVm {
  readonly canRx: readonly CanFilter[];
  readonly canRxDepth: number;
}

const HEX = '[0-9A-Fa-f]';
const FRAME_LINE = new RegExp(`^([tTrR])(${HEX}+)$`);

/** The frame a line carries, or null when the line is not a well-formed frame line. */
export function referenceFrame(line: string): ReferenceFrame | null {
  const match = FRAME_LINE.exec(line);
  if (match === null) return null;
  const kind = match[1];
  const extended = kind === 'T' || kind === 'R';
  const remote = kind === 'r' || kind === 'R';
  const body = match[2];
  const idDigits = extended ? 8 : 3;
  if (body.length < idDigits + 1) return null;
  const id = parseInt(body.slice(0, idDigits), 16);
  if (id > (extended ? 0x1fff_ffff : 0x7ff)) return null;
  const dlc = parseInt(body[idDigits], 16);
  if (dlc > 8) return null;
  const dataText = body.slice(idDigits + 1);
  if (dataText.length !== (remote ? 0 : dlc * 2)) return null;
  const data = new Array<number>(8).fill(0);
  for (let i = 0; i < dataText.length / 2; i++) data[i] = parseInt(dataText.slice(i * 2, i * 2 + 2), 16);
  return { id, extended, remote, dlc, data };
}

function accepts(filters: readonly CanFilter[], frame: ReferenceFrame): boolean {
  return filters.some(
    (f) => f.extended === frame.extended && (frame.id & f.mask) >>> 0 === (f.match & f.mask) >>> 0,
  );
}

/** The reference bus. Feed it the host's bytes; it returns the bytes the hypervisor must write back. */
export class ReferenceBus {
  open = false;
  listenOnly = false;
  timestamps = false;
  bitrateCode = 6;
  statusFlags = 0;
  hostErrors = 0;
  hostCommands = 0;
  framesFromHost = 0;
  /** Complete non-empty lines seen. */
  lines = 0;
  readonly queues: ReferenceFrame[][];
  readonly overflows: number[];
  private line: number[] = [];
  private overlong = false;

  constructor(readonly vms: readonly ReferenceVm[]) {
    this.queues = vms.map(() => []);
    this.overflows = vms.map(() => 0);
  }

  /** The expected reply to `bytes` from the host. */
  feed(bytes: Uint8Array): string {
    let reply = '';
    for (const byte of bytes) {
      if (byte === CR) {
        const text = this.overlong ? null : Buffer.from(this.line).toString('latin1');
        this.line = [];
        this.overlong = false;
        if (text === '') continue;
        this.lines++;
        reply += text === null ? this.refuse() : this.answer(text);
      } else if (this.overlong || (byte === LF && this.line.length === 0)) {
        continue;
      } else if (this.line.length >= REFERENCE_LINE_MAX) {
        this.overlong = true;
      } else {
        this.line.push(byte);
      }
    }
    return reply;
  }

  /** A BEL for a refused line. */
  private refuse(): string {
    this.hostErrors++;
    return BEL;
  }

  /** An accepted line's reply. */
  private ok(text = '\r'): string {
    this.hostCommands++;
    return text;
  }

  /** The reply to one complete, non-empty line that fitted the buffer. */
  private answer(line: string): string {
    const refuse = (): string => this.refuse();
    const ok = (text?: string): string => this.ok(text);
    if (line === 'O' || line === 'L') {
      if (this.open) return refuse();
      this.open = true;
      this.listenOnly = line === 'L';
      return ok();
    }
    if (line === 'C') {
      if (!this.open) return refuse();
      this.open = false;
      this.listenOnly = false;
      return ok();
    }
    if (/^S[0-8]$/.test(line)) {
      if (this.open) return refuse();
      this.bitrateCode = Number(line[1]);
      return ok();
    }
    if (/^Z[01]$/.test(line)) {
      if (this.open) return refuse();
      this.timestamps = line === 'Z1';
      return ok();
    }
    if (line === 'V') return ok('V0101\r');
    if (line === 'N') return ok('NBH01\r');
    if (line === 'F') {
      if (!this.open) return refuse();
      const flags = this.statusFlags;
      this.statusFlags = 0;
      return ok(`F${flags.toString(16).toUpperCase().padStart(2, '0')}\r`);
    }
    const frame = referenceFrame(line);
    if (frame === null || !this.open || this.listenOnly) return refuse();
    this.framesFromHost++;
    this.vms.forEach((vm, index) => {
      if (!accepts(vm.canRx, frame)) return;
      const queue = this.queues[index];
      if (queue.length >= vm.canRxDepth) {
        this.overflows[index]++;
        this.statusFlags |= STATUS_OVERRUN;
      } else queue.push(frame);
    });
    return ok(frame.extended ? 'Z\r' : 'z\r');
  }
}
