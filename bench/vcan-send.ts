// vcan_send benchmark: the CanSend hypercall from the guest's `svc` (included) to the store of the last
// SLCAN byte of the frame into the bus UART's data register by the UART driver (the data-register store
// of `uart_tx_queue`, which writes a byte straight to the FIFO when nothing waits in the transmit ring,
// or of `uart_tx_pump`, which moves queued bytes from the ring to the FIFO; included), and the
// guest-visible round trip from the same `svc` to the guest's next instruction (excluded), in
// instructions under QEMU `-icount shift=0`. QEMU's PL011 never reports its FIFO full, so every byte
// is stored to the data register by the straight path within the call that queues it.
// System (bench/systems.ts `vcanSystem`): one VM with 4 MPU regions whose transmit filter allows
// VCAN_SEND_ID, SLCAN on UART1. Once the guest says it waits, the host opens the channel (`O`) and sends
// a start frame; the guest
// (bench/guests/vcan-send) then sends 8-byte data frames back to back. A standard 8-byte frame is the
// SLCAN line `t<3 hex id><dlc><16 hex data>\r`: 22 bytes, so the last SLCAN byte is the 22nd data
// register store after the `svc` (the trace, if streamed in the call, is written after the frame).
import { join } from 'node:path';

import {
  CallSiteCounter,
  medianBreakdown,
  medianFunctions,
  summarizeSamples,
  hypercallSiteIn,
} from './call-sites.ts';
import { CostClassifier, ElfSymbols } from './elf-symbols.ts';
import { runWithExecLog } from './exec-log.ts';
import type { LatencyResult } from './results.ts';
import { buildBench, mpuRegionCount, vcanSystem, VCAN_START_ID } from './systems.ts';

/** SLCAN line of a standard data frame with 8 data bytes: 't', 3 id digits, DLC digit, 16 data digits, CR. */
export const SLCAN_BYTES_PER_FRAME = 1 + 3 + 1 + 2 * 8 + 1;
/** The UART driver's two ways to the FIFO: straight (`uart_tx_queue`, which the compiler may inline into
 *  `bsp_uart_try_putc`) and from the transmit ring (`uart_tx_pump`). In each, the one store without an
 *  offset is the data-register write (PL011 UARTDR is at offset 0, ARM DDI 0183 3.2; the ring data, its
 *  index and the interrupt mask are stored at offsets). */
const UART_OUTPUT: readonly (readonly string[])[] = [
  ['uart_tx_queue', 'bsp_uart_try_putc'],
  ['uart_tx_pump'],
];

export interface VcanSendResult {
  /** svc to the last SLCAN byte's data-register store. */
  toLastByte: LatencyResult;
  /** svc to the guest's next instruction. */
  roundTrip: LatencyResult;
  slcanBytes: number;
  guestRegions: number;
  /** Where the instructions of a median round trip go (cost category -> instructions). */
  roundTripBreakdown: Record<string, number>;
  /** The functions with the most instructions in a median round trip. */
  roundTripFunctions: { function: string; instructions: number }[];
}

export async function measureVcanSend(samples: number): Promise<VcanSendResult> {
  const system = vcanSystem();
  const built = await buildBench(system);
  const hv = await ElfSymbols.load(built.elf);
  const stores: number[] = [];
  for (const names of UART_OUTPUT) {
    const name = names.find((n) => hv.functions.has(n));
    if (name === undefined) throw new Error(`vcan_send: none of ${names.join(', ')} in ${built.elf}`);
    const found = (await hv.disassemble(name)).filter((insn) =>
      /^str(eq|ne)?\s+\w+, \[\w+\]$/.test(insn.text),
    );
    if (found.length !== 1) {
      throw new Error(`vcan_send: expected one store without offset in ${name}, found ${found.length}`);
    }
    stores.push(found[0].address);
  }
  const guest = await ElfSymbols.load(built.guests[0].elf);
  const site = await hypercallSiteIn(guest, 'bench_send');
  const classifier = new CostClassifier(hv);
  const counter = new CallSiteCounter([{ key: 'send', address: site }], new Set(stores), classifier);
  await runWithExecLog({
    label: 'vcan_send',
    elf: built.elf,
    dir: join(built.dir, 'exec-log'),
    consume: (pc) => {
      counter.step(pc);
      return counter.has(samples);
    },
    peer: async (vm) => {
      await vm.expect(/vcan-send: waiting/, { timeoutMs: 60_000 });
      const bus = await vm.connect('uart1');
      const startId = VCAN_START_ID.toString(16).padStart(3, '0');
      await bus.write(`O\rt${startId}0\r`);
    },
  });
  const trips = counter.trips.get('send')!.slice(0, samples);
  const toLastByte = trips.map((trip, index) => {
    const position = trip.marks[SLCAN_BYTES_PER_FRAME - 1];
    if (position === undefined) {
      throw new Error(
        `vcan_send: send ${index} wrote ${trip.marks.length} UART bytes inside the call, expected at least ${SLCAN_BYTES_PER_FRAME}`,
      );
    }
    return position;
  });
  const roundTrip = summarizeSamples(trips.map((trip) => trip.instructions));
  return {
    toLastByte: summarizeSamples(toLastByte),
    roundTrip,
    roundTripBreakdown: medianBreakdown(trips, roundTrip.median),
    roundTripFunctions: medianFunctions(trips, roundTrip.median, classifier),
    slcanBytes: SLCAN_BYTES_PER_FRAME,
    guestRegions: mpuRegionCount(system.desc.vms[0]),
  };
}
