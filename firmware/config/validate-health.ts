// The validator's checks of what a VM may do and how its faults are handled: its capabilities and its
// health policy (actions per event, restart limit and rate, watchdog).
import { MAX_RESTART_LIMIT } from './limits.ts';
import type { Capability, HealthAction, HealthEvent, VmDescription } from './types.ts';
import { arrayAt, checkInteger, type ErrorSink, show } from './validate-sink.ts';

export const CAPABILITIES: readonly Capability[] = [
  'restart-vm',
  'halt-vm',
  'switch-plan',
  'read-fault-log',
  'vm-status',
];
export const HEALTH_EVENTS: readonly HealthEvent[] = [
  'mpu-violation',
  'undefined-instruction',
  'prefetch-abort',
  'bad-hypercall',
  'watchdog',
  'internal-error',
];
/** Health events the hypervisor raises with a fixed action (not part of a VM's policy). */
export const FIXED_ACTION_EVENTS: ReadonlyMap<string, string> = new Map([
  ['integrity', 'halt: a VM whose image fails its integrity check is not started'],
  ['irq-storm', 'log: the interrupt is masked until the next major frame'],
  ['restart-rate', 'log: a restart request past the rate is refused'],
]);
export const HEALTH_ACTIONS: readonly HealthAction[] = [
  'log',
  'warm-restart',
  'cold-restart',
  'halt',
  'suspend',
];

export function checkCapabilities(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const capabilities = arrayAt(sink, `${vmPath}.capabilities`, vm.capabilities);
  capabilities.forEach((capability, index) => {
    const path = `${vmPath}.capabilities[${index}]`;
    if (!CAPABILITIES.includes(capability)) {
      sink.add(path, `unknown capability ${show(capability)} (use ${CAPABILITIES.join(', ')})`);
    } else if (capabilities.indexOf(capability) !== index) {
      sink.add(path, `capability '${capability}' is listed twice`);
    }
  });
}

export function checkHealth(sink: ErrorSink, vm: VmDescription, vmPath: string): void {
  const path = `${vmPath}.health`;
  const health = vm.health;
  if (typeof health !== 'object' || health === null) {
    sink.add(path, `health policy must be an object (got ${show(health)})`);
    return;
  }
  if (!HEALTH_ACTIONS.includes(health.defaultAction)) {
    sink.add(
      `${path}.defaultAction`,
      `unknown health action ${show(health.defaultAction)} (use ${HEALTH_ACTIONS.join(', ')})`,
    );
  }
  for (const [event, action] of Object.entries(health.actions ?? {})) {
    const fixed = FIXED_ACTION_EVENTS.get(event);
    if (fixed !== undefined) {
      sink.add(
        `${path}.actions.${event}`,
        `health event '${event}' has a fixed action (${fixed}) and cannot be configured`,
      );
    } else if (!HEALTH_EVENTS.includes(event as HealthEvent)) {
      sink.add(
        `${path}.actions.${event}`,
        `unknown health event '${event}' (use ${HEALTH_EVENTS.join(', ')})`,
      );
    } else if (!HEALTH_ACTIONS.includes(action)) {
      sink.add(
        `${path}.actions.${event}`,
        `unknown health action ${show(action)} (use ${HEALTH_ACTIONS.join(', ')})`,
      );
    }
  }
  checkInteger(sink, `${path}.restartLimit`, health.restartLimit, 0, MAX_RESTART_LIMIT, 'restart limit');
  checkInteger(
    sink,
    `${path}.watchdogTicks`,
    health.watchdogTicks,
    0,
    0xffff_ffff,
    'watchdog period (ticks)',
  );
  if (health.restartRate !== undefined) {
    if (typeof health.restartRate !== 'object' || health.restartRate === null) {
      sink.add(
        `${path}.restartRate`,
        `restart rate must be { restarts, ticks } (got ${show(health.restartRate)})`,
      );
    } else {
      checkInteger(
        sink,
        `${path}.restartRate.restarts`,
        health.restartRate.restarts,
        0,
        MAX_RESTART_LIMIT,
        'restarts per window',
      );
      checkInteger(
        sink,
        `${path}.restartRate.ticks`,
        health.restartRate.ticks,
        1,
        0xffff_ffff,
        'restart rate window (ticks)',
      );
    }
  }
}
