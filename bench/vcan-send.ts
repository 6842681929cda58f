// vcan_send benchmark: the CanSend hypercall from the guest's `svc` (included) to the store of the last
// SLCAN byte of the frame into the bus UART's data register by the UART driver (`bsp_uart_putc`'s store
// instruction, included), and the guest-visible round trip from the same `svc` to the guest's next
// instruction (excluded), in instructions under QEMU `-icount shift=0`.
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
  svcSiteIn,
} from './call-sites.ts';
import { CostClassifier, ElfSymbols } from './elf-symbols.ts';
import { runWithExecLog } from './exec-log.ts';
import type { LatencyResult } from './results.ts';
import { buildBench, mpuRegionCount, vcanSystem, VCAN_START_ID } from './systems.ts';

/** SLCAN line of a standard data frame with 8 data bytes: 't', 3 id digits, DLC digit, 16 data digits, CR. */
export const SLCAN_BYTES_PER_FRAME = 1 + 3 + 1 + 2 * 8 + 1;
/** The UART driver's byte output: its one store is the data-register write. */
const UART_PUT = 'bsp_uart_putc';

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
  const stores = (await hv.disassemble(UART_PUT)).filter((insn) => /^str\b/.test(insn.text));
  if (stores.length !== 1) {
    throw new Error(`vcan_send: expected one store in ${UART_PUT}, found ${stores.length}`);
  }
  const guest = await ElfSymbols.load(built.guests[0]!.elf);
  const site = await svcSiteIn(guest, 'bench_send');
  const classifier = new CostClassifier(hv);
  const counter = new CallSiteCounter(
    [{ key: 'send', address: site }],
    new Set([stores[0]!.address]),
    classifier,
  );
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
    guestRegions: mpuRegionCount(system.desc.vms[0]!),
  };
}
