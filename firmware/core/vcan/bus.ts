// The virtual CAN bus: the hypervisor's side of SLCAN on the bus UART (channel state, bitrate,
// timestamps, replies), per-VM transmit and receive identifier filters from the system tables, and one
// bounded receive queue per VM (depth from the tables, overflow counted, never silent). Routing: a frame
// from the host goes to every VM whose receive filter accepts it; a frame a VM sends goes to the host
// (when the channel is open) and to every other VM whose receive filter accepts it. A send outside the
// sender's transmit filter is refused and counted. Each queued frame raises `VIRQ_VCAN` at its VM.
import { checkIndex, div, mul, rem, u32, u8 } from '../../../transpiler/runtime/index.ts';
import { VmIndex } from '../domain.ts';
import { now } from '../clock.ts';
import { HvResult } from '../hypercall-numbers.ts';
import { MAX_VMS, VCAN_RX_DEPTH } from '../limits.ts';
import { systemTables, vmEntry } from '../system.ts';
import { CanFilterEntry, NO_UART } from '../tables.ts';
import { VIRQ_VCAN, virqRaise } from '../virq.ts';
import { portUartPutByte, portUartTxRoom } from '../../port/uart.ts';
import {
  CAN_DLC_MAX,
  CAN_EXT_ID_MAX,
  CAN_STD_ID_MAX,
  CanFrame,
  SLCAN_LINE_MAX,
  SLCAN_TIMESTAMP_MODULO,
  SlcanCommand,
  SlcanParser,
  SlcanWriter,
  slcanFeed,
  slcanParserReset,
  slcanPutError,
  slcanPutFrame,
  slcanPutFrameAck,
  slcanPutOk,
  slcanPutSerial,
  slcanPutStatus,
  slcanPutVersion,
  slcanWriterClear,
} from './slcan.ts';

/** Largest receive queue a VM may have (frames); the config validator's `MAX_CAN_RX_DEPTH`. */
export const VCAN_MAX_RX_DEPTH = 64;
/** Frame slots of all receive queues: `VCAN_RX_DEPTH` per VM (limits.ts: 64 per VM at the maxima, the
 *  system's largest depth in an image). */
export const VCAN_QUEUE_SLOTS = MAX_VMS * VCAN_RX_DEPTH;
/** Data bytes of a frame slot. */
const SLOT_DATA_BYTES = 8;
/** Bitrate code after reset (`S6`: 500 kbit/s). */
export const VCAN_DEFAULT_BITRATE_CODE = 6;
/** Frame identifier word flags (hypercall ABI): bit 31 extended identifier, bit 30 remote frame. */
export const VCAN_ID_EXTENDED = 0x80000000;
export const VCAN_ID_REMOTE = 0x40000000;
/** Status flag bit of the `F` reply: a receive queue overflowed, or the bus UART lost host input, since
 *  the last `F` (Lawicel "data overrun"). */
export const VCAN_STATUS_DATA_OVERRUN = 0x08;

/** Per-VM counters. */
export class VcanVmCounters {
  /** Frames the VM sent that the bus accepted. */
  sent: u32 = 0;
  /** Sends refused by the VM's transmit filter. */
  txRefused: u32 = 0;
  /** Frames queued for the VM. */
  queued: u32 = 0;
  /** Frames that found the VM's queue full (dropped for this VM, counted). */
  overflows: u32 = 0;
  /** Frames the VM took from its queue. */
  received: u32 = 0;
}

/** Bus-wide counters. */
export class VcanCounters {
  /** Frame lines the host sent that the bus accepted. */
  framesFromHost: u32 = 0;
  /** Frame lines written to the host. */
  framesToHost: u32 = 0;
  /** Host lines answered with BEL (malformed lines and commands refused in the current state). */
  hostErrors: u32 = 0;
  /** Host lines answered with OK or a reply. */
  hostCommands: u32 = 0;
  /** Bytes the host sent that the bus UART lost or damaged (receive ring full, PL011 receive error). */
  hostBytesLost: u32 = 0;
  /** Reply lines to the host dropped because the bus UART's transmit ring had no room for them. */
  hostRepliesLost: u32 = 0;
}

/** SLCAN channel state seen by the host. */
export class VcanChannel {
  open: boolean = false;
  listenOnly: boolean = false;
  timestamps: boolean = false;
  bitrateCode: u32 = 6;
  /** `F` reply flags collected since the last `F`. */
  statusFlags: u32 = 0;
}

const parser: SlcanParser = new SlcanParser();
const writer: SlcanWriter = new SlcanWriter();
const channel: VcanChannel = new VcanChannel();
const counters: VcanCounters = new VcanCounters();
const vmCounters: VcanVmCounters[] = [
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
  new VcanVmCounters(),
];
/** Frame taken by the last successful `vcanReceive`. */
const received: CanFrame = new CanFrame();
/** Frame being routed by `vcanSend`. */
const outgoing: CanFrame = new CanFrame();

/** Queue storage: slot s of VM v is index `v * VCAN_RX_DEPTH + s`. Identifier word as in the ABI,
 *  DLC, and 8 data bytes per slot. */
const slotId: Uint32Array = new Uint32Array(VCAN_QUEUE_SLOTS);
const slotDlc: Uint8Array = new Uint8Array(VCAN_QUEUE_SLOTS);
const slotData: Uint8Array = new Uint8Array(VCAN_QUEUE_SLOTS * SLOT_DATA_BYTES);
const queueHead: Uint8Array = new Uint8Array(MAX_VMS);
const queueCount: Uint8Array = new Uint8Array(MAX_VMS);

/** Resets the channel, the parser, every queue and counter (at `hvInit`). */
export function vcanReset(): void {
  slcanParserReset(parser);
  slcanWriterClear(writer);
  channel.open = false;
  channel.listenOnly = false;
  channel.timestamps = false;
  channel.bitrateCode = VCAN_DEFAULT_BITRATE_CODE;
  channel.statusFlags = 0;
  counters.framesFromHost = 0;
  counters.framesToHost = 0;
  counters.hostErrors = 0;
  counters.hostCommands = 0;
  counters.hostBytesLost = 0;
  counters.hostRepliesLost = 0;
  for (let vm: VmIndex = 0; vm < MAX_VMS; vm++) {
    vcanResetVm(vm);
    const c = vmCounters[vm];
    c.sent = 0;
    c.txRefused = 0;
    c.queued = 0;
    c.overflows = 0;
    c.received = 0;
  }
}

/** Empties VM `vm`'s receive queue (VM start and restart); its counters are kept. */
export function vcanResetVm(vm: VmIndex): void {
  if (vm < MAX_VMS) {
    queueHead[checkIndex(vm, queueHead.length)] = 0;
    queueCount[checkIndex(vm, queueCount.length)] = 0;
  }
}

/** True when `filters` hold one that accepts the identifier (`(id & mask) === (match & mask)`, same
 *  identifier kind). An empty list accepts nothing. */
export function canFilterAccepts(filters: readonly CanFilterEntry[], id: u32, extended: boolean): boolean {
  for (let i: u32 = 0; i < filters.length; i++) {
    const f = filters[i];
    if (f.extended === extended && u32(id & f.mask) === u32(f.match & f.mask)) {
      return true;
    }
  }
  return false;
}

/** Receive-queue depth of VM `vm` (the table value, at most `VCAN_RX_DEPTH`). */
export function vcanRxDepth(vm: VmIndex): u32 {
  const depth = vmEntry(vm).canRxDepth;
  return depth > VCAN_RX_DEPTH ? VCAN_RX_DEPTH : depth;
}

function identifierWord(frame: CanFrame): u32 {
  let word = frame.id;
  if (frame.extended) {
    word = u32(word | VCAN_ID_EXTENDED);
  }
  if (frame.remote) {
    word = u32(word | VCAN_ID_REMOTE);
  }
  return word;
}

/** Appends `frame` to VM `vm`'s queue, or counts an overflow; returns true when queued. */
function enqueue(vm: VmIndex, frame: CanFrame): boolean {
  const c = vmCounters[checkIndex(vm, vmCounters.length)];
  const depth = vcanRxDepth(vm);
  const count = u32(queueCount[checkIndex(vm, queueCount.length)]);
  if (count >= depth) {
    c.overflows = u32(c.overflows + 1);
    channel.statusFlags = u32(channel.statusFlags | VCAN_STATUS_DATA_OVERRUN);
    return false;
  }
  const slot = u32(rem(u32(u32(queueHead[checkIndex(vm, queueHead.length)]) + count), depth));
  const index = u32(u32(mul(vm, VCAN_RX_DEPTH)) + slot);
  slotId[checkIndex(index, slotId.length)] = identifierWord(frame);
  slotDlc[checkIndex(index, slotDlc.length)] = u8(frame.dlc);
  for (let i: u32 = 0; i < 8; i++) {
    slotData[checkIndex(u32(u32(index << 3) + i), slotData.length)] = frame.data[i];
  }
  queueCount[checkIndex(vm, queueCount.length)] = u8(count + 1);
  c.queued = u32(c.queued + 1);
  virqRaise(vm, VIRQ_VCAN);
  return true;
}

/** Delivers `frame` to every VM but `except` (a VM index, or `MAX_VMS` for none) whose receive filter
 *  accepts it. Returns the number of VMs that queued it. */
function routeToVms(frame: CanFrame, except: u32): u32 {
  const tables = systemTables();
  let delivered: u32 = 0;
  for (let vm: VmIndex = 0; vm < tables.vms.length; vm++) {
    if (vm !== except && vm < MAX_VMS && canFilterAccepts(tables.vms[vm].canRx, frame.id, frame.extended)) {
      if (enqueue(vm, frame)) {
        delivered = u32(delivered + 1);
      }
    }
  }
  return delivered;
}

/** Milliseconds since boot modulo 60000 (the `Z1` timestamp). */
export function vcanTimestamp(): u32 {
  const micros = u32(mul(now(), systemTables().tickMicroseconds));
  return u32(rem(u32(div(micros, 1000)), SLCAN_TIMESTAMP_MODULO));
}

/** Writes the formatted bytes to the bus UART and clears the writer; a reply the UART's transmit ring
 *  has no room for is dropped whole and counted (`hostRepliesLost`), never cut. */
function flush(): void {
  const uart = systemTables().vcanUart;
  if (uart !== NO_UART && portUartTxRoom(uart) < writer.length) {
    counters.hostRepliesLost = u32(counters.hostRepliesLost + 1);
  } else if (uart !== NO_UART) {
    for (let i: u32 = 0; i < writer.length && i < writer.bytes.length; i = u32(i + 1)) {
      portUartPutByte(uart, writer.bytes[u32(i & 63)]);
    }
  }
  slcanWriterClear(writer);
}

function replyError(): void {
  counters.hostErrors = u32(counters.hostErrors + 1);
  slcanPutError(writer);
}

function replyOk(): void {
  counters.hostCommands = u32(counters.hostCommands + 1);
  slcanPutOk(writer);
}

/** Runs the command the parser decoded from a complete host line and formats the reply. */
function executeHostLine(): void {
  switch (parser.command) {
    case SlcanCommand.Empty:
      break;
    case SlcanCommand.Open:
    case SlcanCommand.ListenOnly:
      if (channel.open) {
        replyError();
      } else {
        channel.open = true;
        channel.listenOnly = parser.command === SlcanCommand.ListenOnly;
        replyOk();
      }
      break;
    case SlcanCommand.Close:
      if (!channel.open) {
        replyError();
      } else {
        channel.open = false;
        channel.listenOnly = false;
        replyOk();
      }
      break;
    case SlcanCommand.Bitrate:
      if (channel.open) {
        replyError();
      } else {
        channel.bitrateCode = parser.argument;
        replyOk();
      }
      break;
    case SlcanCommand.Timestamps:
      if (channel.open) {
        replyError();
      } else {
        channel.timestamps = parser.argument !== 0;
        replyOk();
      }
      break;
    case SlcanCommand.Version:
      counters.hostCommands = u32(counters.hostCommands + 1);
      slcanPutVersion(writer);
      break;
    case SlcanCommand.Serial:
      counters.hostCommands = u32(counters.hostCommands + 1);
      slcanPutSerial(writer);
      break;
    case SlcanCommand.Status:
      if (!channel.open) {
        replyError();
      } else {
        counters.hostCommands = u32(counters.hostCommands + 1);
        slcanPutStatus(writer, u8(channel.statusFlags));
        channel.statusFlags = 0;
      }
      break;
    case SlcanCommand.Frame:
      if (!channel.open || channel.listenOnly) {
        replyError();
      } else {
        counters.hostCommands = u32(counters.hostCommands + 1);
        counters.framesFromHost = u32(counters.framesFromHost + 1);
        routeToVms(parser.frame, MAX_VMS);
        slcanPutFrameAck(writer, parser.frame.extended);
      }
      break;
    default:
      replyError();
      break;
  }
  flush();
}

/** The bus UART lost `bytes` of the host's input (its receive ring was full, or the UART flagged a
 *  receive error): counted, and reported as data overrun in the next `F` reply. The line they belonged
 *  to is answered as the parser finds it (usually refused), and the bus resynchronises at the next CR. */
export function vcanHostInputLost(bytes: u32): void {
  if (bytes === 0) {
    return;
  }
  counters.hostBytesLost = u32(counters.hostBytesLost + bytes);
  channel.statusFlags = u32(channel.statusFlags | VCAN_STATUS_DATA_OVERRUN);
}

/** Feeds one byte received from the host on the bus UART; a completed line is executed and answered
 *  at once. */
export function vcanOnHostByte(byte: u8): void {
  if (slcanFeed(parser, byte)) {
    executeHostLine();
  }
}

/** `CanSend`: VM `vm` sends a frame. `idWord` is the identifier with `VCAN_ID_EXTENDED` and
 *  `VCAN_ID_REMOTE` flags, `dlc` 0..8, `dataLow`/`dataHigh` the data bytes 0..3 and 4..7 (little
 *  endian: byte 0 is the low byte of `dataLow`). Results: `BadArgument` (identifier out of range, DLC
 *  above 8, unknown flag bits), `NotPermitted` (outside the VM's transmit filter; counted), `Busy` (the
 *  channel is open and the bus UART's transmit ring has no room for a frame line: nothing is sent, the
 *  sender tries again in its own time), `Ok`. The frame goes to the host when the channel is open and
 *  to every other VM whose receive filter accepts it; a full receive queue there is counted at that VM
 *  and does not fail the send. */
export function vcanSend(vm: VmIndex, idWord: u32, dlc: u32, dataLow: u32, dataHigh: u32): HvResult {
  if (vm >= MAX_VMS) {
    return HvResult.BadVm;
  }
  const extended = u32(idWord & VCAN_ID_EXTENDED) !== 0;
  const remote = u32(idWord & VCAN_ID_REMOTE) !== 0;
  const id = u32(idWord & 0x3fffffff);
  if (id > (extended ? CAN_EXT_ID_MAX : CAN_STD_ID_MAX) || dlc > CAN_DLC_MAX) {
    return HvResult.BadArgument;
  }
  const c = vmCounters[checkIndex(vm, vmCounters.length)];
  if (!canFilterAccepts(vmEntry(vm).canTx, id, extended)) {
    c.txRefused = u32(c.txRefused + 1);
    return HvResult.NotPermitted;
  }
  outgoing.id = id;
  outgoing.extended = extended;
  outgoing.remote = remote;
  outgoing.dlc = dlc;
  outgoing.hasTimestamp = false;
  outgoing.timestamp = 0;
  for (let i: u32 = 0; i < 4; i++) {
    outgoing.data[i] = remote || i >= dlc ? 0 : u8(dataLow >>> (i << 3));
    outgoing.data[u32(i + 4)] = remote || u32(i + 4) >= dlc ? 0 : u8(dataHigh >>> (i << 3));
  }
  const uart = systemTables().vcanUart;
  if (channel.open && uart !== NO_UART && portUartTxRoom(uart) < SLCAN_LINE_MAX) {
    return HvResult.Busy;
  }
  c.sent = u32(c.sent + 1);
  if (channel.open) {
    slcanPutFrame(writer, outgoing, channel.timestamps, channel.timestamps ? vcanTimestamp() : 0);
    counters.framesToHost = u32(counters.framesToHost + 1);
    flush();
  }
  routeToVms(outgoing, vm);
  return HvResult.Ok;
}

/** `CanReceive`: takes the oldest frame of VM `vm`'s queue into the record `vcanReceived()` returns.
 *  Results: `Empty`, `Ok`. */
export function vcanReceive(vm: VmIndex): HvResult {
  if (vm >= MAX_VMS) {
    return HvResult.BadVm;
  }
  const count = u32(queueCount[checkIndex(vm, queueCount.length)]);
  if (count === 0) {
    return HvResult.Empty;
  }
  const head = u32(queueHead[checkIndex(vm, queueHead.length)]);
  const index = u32(u32(mul(vm, VCAN_RX_DEPTH)) + head);
  const word = slotId[checkIndex(index, slotId.length)];
  received.extended = u32(word & VCAN_ID_EXTENDED) !== 0;
  received.remote = u32(word & VCAN_ID_REMOTE) !== 0;
  received.id = u32(word & 0x3fffffff);
  received.dlc = u32(slotDlc[checkIndex(index, slotDlc.length)]);
  received.hasTimestamp = false;
  received.timestamp = 0;
  for (let i: u32 = 0; i < 8; i++) {
    received.data[i] = slotData[checkIndex(u32(u32(index << 3) + i), slotData.length)];
  }
  queueHead[checkIndex(vm, queueHead.length)] = u8(rem(u32(head + 1), vcanRxDepth(vm)));
  queueCount[checkIndex(vm, queueCount.length)] = u8(count - 1);
  const c = vmCounters[checkIndex(vm, vmCounters.length)];
  c.received = u32(c.received + 1);
  return HvResult.Ok;
}

/** The frame taken by the last successful `vcanReceive`. */
export function vcanReceived(): CanFrame {
  return received;
}

/** Frames waiting in VM `vm`'s queue. */
export function vcanQueued(vm: VmIndex): u32 {
  return vm < MAX_VMS ? u32(queueCount[checkIndex(vm, queueCount.length)]) : 0;
}

/** Counters of VM `vm` (which must be below `MAX_VMS`). */
export function vcanVmCounters(vm: VmIndex): VcanVmCounters {
  return vmCounters[checkIndex(vm, vmCounters.length)];
}

/** Bus-wide counters. */
export function vcanCounters(): VcanCounters {
  return counters;
}

/** Channel state. */
export function vcanChannel(): VcanChannel {
  return channel;
}

/** Host lines the parser refused (malformed), a subset of `hostErrors`. */
export function vcanMalformedLines(): u32 {
  return parser.errors;
}
