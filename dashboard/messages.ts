// Job: the messages between the dashboard server and its page, one type for each direction, shared by
// both sides (the page is bundled from TypeScript, so both sides compile against these definitions).
// Times: `atUs` is virtual time in microseconds since the hypervisor started (from the trace);
// `wallMs` is host wall-clock time (Date.now()) for what only the host sees (CAN frames, UDS).

/** A VM as the page names it; index -1 is the idle gap (no VM in the slot). */
export interface VmInfo {
  index: number;
  name: string;
}

export interface PlanInfo {
  name: string;
  majorFrameMs: number;
  slots: { vm: string; start: number; duration: number }[];
}

/** First message to every page: what runs. */
export interface HelloMessage {
  t: 'hello';
  system: string;
  board: string;
  vms: VmInfo[];
  plans: PlanInfo[];
  /** Where the run's trace is recorded, for `bulkhead trace summary`. */
  traceFile: string | null;
}

/** Slot intervals: who had the CPU from `startUs` to `endUs` (vm -1: idle). */
export interface SlotsMessage {
  t: 'slots';
  items: { vm: number; startUs: number; endUs: number }[];
}

/** CPU shares, in percent of the virtual time covered, of each VM, the hypervisor and idle: over the
 *  last interval (`fromUs`..`toUs`) and over the whole run so far (`total`). */
export interface LoadMessage {
  t: 'load';
  fromUs: number;
  toUs: number;
  interval: Record<string, number>;
  total: Record<string, number>;
}

/** A health event, fault, restart, halt, plan switch or VM state change, decoded. */
export interface EventMessage {
  t: 'event';
  atUs: number;
  kind: 'fault' | 'health' | 'state' | 'plan' | 'lost' | 'console-fault';
  vm: string | null;
  text: string;
}

/** Port traffic so far: messages per port and operation. */
export interface PortsMessage {
  t: 'ports';
  atUs: number;
  counts: { port: string; operation: string; count: number }[];
}

/** One CAN frame seen on the bus, decoded with the system's DBC when it has the frame. */
export interface CanMessageOut {
  t: 'can';
  wallMs: number;
  id: number;
  extended: boolean;
  data: string;
  name: string | null;
  signals: Record<string, number>;
}

/** One UDS request and its response (hex strings; response null while none came). */
export interface UdsMessage {
  t: 'uds';
  wallMs: number;
  request: string;
  response: string | null;
  text: string;
}

/** One sample of the demo's vehicle: virtual time from the HIL step count. */
export interface VehicleMessage {
  t: 'vehicle';
  timeS: number;
  speedKmh: number;
  setpointKmh: number | null;
  throttle: number;
  brake: number;
}

/** A hypervisor console line (UART0). */
export interface ConsoleMessage {
  t: 'console';
  line: string;
}

/** Virtual time reached and whether it is paused. */
export interface TimeMessage {
  t: 'time';
  virtualUs: number;
  paused: boolean;
}

/** The answer to a control. */
export interface ControlResultMessage {
  t: 'control-result';
  id: number;
  ok: boolean;
  text: string;
}

export type ServerMessage =
  | HelloMessage
  | SlotsMessage
  | LoadMessage
  | EventMessage
  | PortsMessage
  | CanMessageOut
  | UdsMessage
  | VehicleMessage
  | ConsoleMessage
  | TimeMessage
  | ControlResultMessage;

/** What the page asks for; each acts through the real path (see dashboard/README.md). */
export type ControlRequest =
  | { control: 'restart-vm'; id: number; vm: string }
  | { control: 'switch-plan'; id: number; plan: string }
  | { control: 'sensor-dropout'; id: number; periods: number }
  | { control: 'pause'; id: number }
  | { control: 'resume'; id: number };

export const CONTROL_NAMES = ['restart-vm', 'switch-plan', 'sensor-dropout', 'pause', 'resume'] as const;

/** Checks a control request from the page; returns an error text naming the problem, or null. */
export function controlRequestError(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'a control request must be a JSON object';
  const request = value as Record<string, unknown>;
  if (typeof request.id !== 'number' || !Number.isInteger(request.id))
    return 'control request without an integer id';
  if (!(CONTROL_NAMES as readonly unknown[]).includes(request.control))
    return `unknown control ${JSON.stringify(request.control)} (${CONTROL_NAMES.join(', ')})`;
  if (request.control === 'restart-vm' && typeof request.vm !== 'string') return 'restart-vm needs a vm name';
  if (request.control === 'switch-plan' && typeof request.plan !== 'string')
    return 'switch-plan needs a plan name';
  if (
    request.control === 'sensor-dropout' &&
    !(
      typeof request.periods === 'number' &&
      Number.isInteger(request.periods) &&
      request.periods > 0 &&
      request.periods <= 1000
    )
  )
    return 'sensor-dropout needs periods from 1 to 1000';
  return null;
}
