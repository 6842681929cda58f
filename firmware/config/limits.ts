// Limits and reserved numbers of the system description, in one place: virtual interrupt numbers the
// hypervisor generates itself (re-exported from the core), port sizes and the port buffer budget, tick period bounds, virtual-CAN
// identifier ranges and receive depths, name rules. The validator, the docs (docs/CONFIG.md) and the
// table derivation all read these constants; nothing else restates them. Capacities of the run-time
// core's static tables come from `firmware/core/limits.ts` and are re-exported here under the names
// the validator uses, so the validator refuses exactly what the core cannot hold.
import {
  MAX_AREAS_PER_VM,
  MAX_IRQ_ROUTES,
  MAX_MESSAGE_SIZE,
  MAX_PLANS,
  MAX_PORTS,
  MAX_QUEUE_DEPTH,
  MAX_VMS,
  MAX_WINDOWS_PER_PLAN,
  PORT_POOL_BYTES,
  VIRQ_COUNT,
} from '../core/limits.ts';
import { VIRQ_FIRST_DEVICE, VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN } from '../core/virq.ts';

export { MAX_AREAS_PER_VM, MAX_IRQ_ROUTES, MAX_PLANS, MAX_PORTS, MAX_VMS, MAX_WINDOWS_PER_PLAN, VIRQ_COUNT };

/** Reserved virtual interrupt numbers, defined by the core (`firmware/core/virq.ts`): VIRQ_TIMER (virtual
 *  timer), VIRQ_PORT (a destination port received a message), VIRQ_VCAN (a virtual-CAN frame arrived).
 *  Numbers below VIRQ_FIRST_DEVICE are reserved for interrupts the hypervisor generates; passed-through
 *  devices use VIRQ_FIRST_DEVICE..VIRQ_COUNT-1. */
export { VIRQ_FIRST_DEVICE, VIRQ_PORT, VIRQ_TIMER, VIRQ_VCAN };

/** Tick period bounds in microseconds (the SP804 runs at 1 MHz). */
export const MIN_TICK_MICROSECONDS = 100;
export const MAX_TICK_MICROSECONDS = 1_000_000;

/** Port message size bounds in bytes. */
export const MIN_PORT_MESSAGE_SIZE = 1;
export const MAX_PORT_MESSAGE_SIZE = MAX_MESSAGE_SIZE;
/** Queuing port capacity bounds in messages (sampling ports always hold exactly 1). */
export const MIN_QUEUING_DEPTH = 1;
export const MAX_QUEUING_DEPTH = MAX_QUEUE_DEPTH;
export const SAMPLING_DEPTH = 1;
/** Hypervisor memory for all port buffers together, as laid out by `firmware/core/port-layout.ts`
 *  (sampling: one buffer; queuing: depth slots of 4 + message bytes, per destination). */
export const PORT_BUFFER_BUDGET_BYTES = PORT_POOL_BYTES;

/** Virtual-CAN identifier ranges. */
export const CAN_STANDARD_ID_MAX = 0x7ff;
export const CAN_EXTENDED_ID_MAX = 0x1fff_ffff;
/** Virtual-CAN receive queue depth in frames, when the VM has receive filters (0 when it has none). */
export const MIN_CAN_RX_DEPTH = 1;
export const MAX_CAN_RX_DEPTH = 64;
/** Filters per VM and direction. */
export const MAX_CAN_FILTERS = 8;

/** Names (system, VM, memory area, plan, port): letters, digits, `_`, `-`, `.`; 1..MAX_NAME_LENGTH. */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
export const MAX_NAME_LENGTH = 31;
/** Console prefix length limit (the prefix is printed before every console line of the VM). */
export const MAX_CONSOLE_PREFIX_LENGTH = 16;

/** Largest health-monitor restart limit (keeps a restart loop short and the counter small). */
export const MAX_RESTART_LIMIT = 255;

/** Stack pointer alignment required by the AAPCS at public interfaces. */
export const STACK_ALIGNMENT = 8;
