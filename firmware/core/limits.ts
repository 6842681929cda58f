// Limits of the run-time core: every static capacity in one place, at its validated maximum. The Node
// simulation runs with these values, and `deriveTables` refuses a system description that exceeds them.
// An image is built with a per-system copy of this module (cli/build/generate/limits-module.ts →
// out/<system>/gen/limits.ts, substituted for this file when the core is transpiled): the capacities marked "sized per system" there hold exactly what the system needs, so
// the image reserves no RAM for VMs, ports, routes or queue slots it does not have.

/** Partitions (VMs) a system may declare. Sized per system: its VM count. */
export const MAX_VMS = 8;
/** Index used for "no VM" (idle time, gaps in the schedule). */
export const NO_VM = 0xff;
/** Memory areas a VM may declare (checked by hypercall pointer validation). */
export const MAX_AREAS_PER_VM = 16;
/** MPU regions per VM (PMSAv7 on the Cortex-R5, the EL2 MPU on the Cortex-R52, as QEMU models them:
 *  16). Sized per system: the most
 *  regions one of its VMs uses. */
export const MAX_MPU_REGIONS = 16;
/** Words per MPU region value, the most any MPU layout takes (PMSAv7: DRBAR, DRSR, DRACR; PMSAv8-32:
 *  HPRBAR, HPRLAR). Sized per system: its CPU's words per region. */
export const MPU_WORDS_PER_REGION = 3;
/** Schedule plans a system may declare. */
export const MAX_PLANS = 4;
/** Windows (slots and idle gaps) per plan. */
export const MAX_WINDOWS_PER_PLAN = 32;
/** Inter-VM ports. Sized per system: its port count (at least 1). */
export const MAX_PORTS = 16;
/** Bytes of hypervisor memory holding every port buffer (sampling buffers and queue slots). Sized per
 *  system: the end of its last port's storage (port-layout.ts, at least 4). */
export const PORT_POOL_BYTES = 16384;
/** Largest message a port may carry. */
export const MAX_MESSAGE_SIZE = 1024;
/** Largest queuing-port depth. */
export const MAX_QUEUE_DEPTH = 64;
/** Device interrupts that may be routed to VMs. Sized per system: its route count (at least 1). */
export const MAX_IRQ_ROUTES = 16;
/** Virtual interrupts per VM (bit positions of a 32-bit mask). */
export const VIRQ_COUNT = 32;
/** Trace records the ring holds before new events are dropped (and counted) until the idle thread
 *  streams some; a power of two. Images use `TRACE_RING_EVENTS_IMAGE`. */
export const TRACE_RING_EVENTS = 256;
/** The trace ring of an image: 128 records (2 KiB), shared equally by the VMs and the hypervisor; a
 *  VM's share of a two-VM system (42) holds what one VM of the demo or the test systems records in its
 *  busiest tick while the idle thread streams up to `TRACE_DRAIN_BYTES_PER_TICK` per tick. */
export const TRACE_RING_EVENTS_IMAGE = 128;
/** Bytes of trace text the idle thread streams per tick at most (51 lines of 40 bytes). */
export const TRACE_DRAIN_BYTES_PER_TICK = 2048;
/** Fault-log entries kept per writer (each VM, and the hypervisor for its own events): a ring per
 *  writer, so that no VM's events can overwrite another's; older entries of a writer are overwritten by
 *  its newer ones and remain counted. */
export const FAULT_LOG_SHARE = 8;
/** Fault-log entries in all: `FAULT_LOG_SHARE` for each VM and for the hypervisor. Sized per system with
 *  `MAX_VMS`. */
export const FAULT_LOG_ENTRIES = 72;
/** Image bytes a cold restart checks or copies per tick of the restarting VM's own slots (the idle
 *  thread does it while the VM cannot run), and per step with interrupts masked. */
export const RESTART_BYTES_PER_TICK = 32768;
export const RESTART_STEP_BYTES = 1024;
/** Requested restarts (`VmRestart`) of one VM allowed per window when its health policy sets no rate. */
export const DEFAULT_RESTART_RATE = 4;
/** Ticks of that window when the policy sets none. */
export const DEFAULT_RESTART_RATE_TICKS = 1000;
/** Largest console write per hypercall, in bytes. */
export const CONSOLE_MAX_WRITE = 256;
/** Transmit-ring bytes of the hypervisor console that guest output leaves free, so that a guest filling
 *  the console cannot crowd out the hypervisor's own lines (one `hv:` line is at most about 90 bytes). */
export const CONSOLE_HYPERVISOR_RESERVE = 96;
/** Most bytes a guest line start adds: the newline ending another writer's open line, `[`, the VM name
 *  (at most 31 characters, the configuration's name limit), `]` and a space. */
export const CONSOLE_LINE_START_MAX = 35;
/** Bytes the console copies from guest memory at a time. */
export const CONSOLE_CHUNK = 64;
/** Words of the fault log: `FAULT_LOG_ENTRIES` entries of `FAULT_LOG_ENTRY_WORDS` words. Sized per
 *  system with `FAULT_LOG_ENTRIES`. */
export const FAULT_LOG_ENTRY_WORDS = 6;
export const FAULT_LOG_WORDS = 432;
/** Queue state entries: one per (port, destination) pair, `MAX_PORTS * MAX_VMS`; a pair's index is
 *  `port * MAX_VMS + destination ordinal`. Sized per system with `MAX_PORTS` and `MAX_VMS`. */
export const QUEUE_STATE_ENTRIES = 128;
/** Virtual-CAN receive-queue frames reserved per VM (the validator's largest `canRxDepth`). Sized per
 *  system: its largest `canRxDepth` (at least 1). */
export const VCAN_RX_DEPTH = 64;
