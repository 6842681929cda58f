// Hypercall numbers (the SVC immediate) and result codes: the guest ABI, documented in
// docs/HYPERCALLS.md. Arguments arrive in r0..r3; the result code is returned in r0 and values in
// r1..r3. Numbers are stable: new calls get new numbers, existing ones never change meaning.

/** ABI version returned by `Version` (major << 16 | minor). */
export const HYPERCALL_ABI_VERSION = 0x00010000;

export enum Hypercall {
  Version = 0,
  Yield = 1,
  WaitEvent = 2,
  GetTime = 3,
  ConsoleWrite = 4,
  SamplingWrite = 5,
  SamplingRead = 6,
  QueuingSend = 7,
  QueuingReceive = 8,
  QueuingStatus = 9,
  VirqSetHandler = 10,
  VirqEnable = 11,
  VirqDisable = 12,
  VirqAck = 13,
  VirqReturn = 14,
  TimerSet = 15,
  WatchdogKick = 16,
  VmStatus = 17,
  VmRestart = 18,
  VmHalt = 19,
  PlanSwitch = 20,
  FaultLogRead = 21,
  CanSend = 22,
  CanReceive = 23,
  CanStatus = 24,
}
/** One past the highest hypercall number. */
export const HYPERCALL_COUNT = 25;

/** Result codes in r0. */
export enum HvResult {
  Ok = 0,
  /** The hypercall number is not assigned. */
  UnknownCall = 1,
  /** A buffer is not inside one of the caller's memory areas with the needed access. */
  BadAddress = 2,
  /** A length wraps around the address space or exceeds the call's limit. */
  BadLength = 3,
  /** An address is not aligned as the call requires. */
  Misaligned = 4,
  /** The port index is out of range or the port has the wrong kind for the call. */
  BadPort = 5,
  /** The caller is not the port's source (write/send) or not one of its destinations (read/receive). */
  NotPermitted = 6,
  /** The caller lacks the capability the call needs. */
  NoCapability = 7,
  /** Queuing receive: the caller's queue is empty. */
  Empty = 8,
  /** Queuing send: at least one destination queue was full; the message was not queued there and the
   *  overflow was counted. */
  Full = 9,
  /** Receive buffer smaller than the message; the message stays queued. */
  TooSmall = 10,
  /** Sampling read: nothing was ever written to the port. */
  NoMessage = 11,
  /** VM index out of range. */
  BadVm = 12,
  /** Plan index out of range. */
  BadPlan = 13,
  /** Virtual interrupt number out of range. */
  BadVirq = 14,
  /** `VirqReturn` outside an upcall. */
  NotInUpcall = 15,
  /** Any other argument out of its documented range. */
  BadArgument = 16,
  /** `VmRestart` cold restart of another VM: the target's pristine image copy failed its integrity
   *  check, so the restart was refused (integrity event logged) and the target is left halted. A VM
   *  restarting itself never gets it: its context is replaced, there is nothing to return to. */
  ImageCorrupt = 17,
  /** The output device has no room now (`CanSend`: the bus UART's transmit ring): nothing was sent;
   *  try again later. */
  Busy = 18,
  /** `VmRestart`: the target VM's restart rate limit is reached (`restart-rate` health event raised
   *  against the caller); nothing was restarted. */
  RateLimited = 19,
}

/** What `VmStatus` returns, chosen by r1 (0 before the counters page existed, so older callers get
 *  the first page). r1 holds the VM state on every page. */
export enum VmStatusPage {
  /** r1 state, r2 restarts made by the health monitor, r3 ticks run. */
  Status = 0,
  /** r1 state, r2 starts since boot (first start included), r3 health events raised against the VM. */
  Counters = 1,
  /** r1 state, r2 fault-log entries of the VM overwritten by its newer ones (its share is full), r3
   *  trace records of the VM dropped (its share of the trace ring was full). */
  Losses = 2,
}

/** The state of a VM, as `VmStatus` reports it in r1 (`firmware/core/partition.ts` keeps it). */
export enum VmState {
  /** Stopped for good (policy or request); never scheduled again unless restarted by request. */
  Halted = 0,
  /** May run when one of its slots is current. */
  Ready = 1,
  /** On the CPU now. */
  Running = 2,
  /** Blocked: until its next slot (`WaitReason.NextSlot`) or an enabled virtual interrupt
   *  (`WaitReason.Event`). */
  Waiting = 3,
  /** Stopped by the health monitor; a restart request resumes it from its entry. */
  Suspended = 4,
  /** Cold restart in progress: its image is checked and copied back step by step in its own slots
   *  (`restart.ts`); it becomes Ready when done, or Halted when the pristine copy fails its check. */
  Restarting = 5,
}
