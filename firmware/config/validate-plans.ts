// The validator's checks of the schedule plans: names, major frames, slots (known VM, order, overlaps,
// inside the frame), the windows each plan needs, and every VM in the boot plan.
import { MAX_PLANS, MAX_WINDOWS_PER_PLAN } from './limits.ts';
import type { SystemDescription } from './types.ts';
import {
  arrayAt,
  checkInteger,
  checkName,
  checkUnique,
  type ErrorSink,
  isList,
  show,
} from './validate-sink.ts';

export function checkPlans(sink: ErrorSink, desc: SystemDescription, vmNames: readonly string[]): void {
  const plans = arrayAt(sink, 'plans', desc.plans);
  if (plans.length === 0)
    sink.add('plans', 'the system needs at least one schedule plan (the first runs at boot)');
  if (plans.length > MAX_PLANS) sink.add('plans', `${plans.length} plans; at most ${MAX_PLANS} are allowed`);
  plans.forEach((plan, planIndex) => {
    const planPath = `plans[${planIndex}]`;
    checkName(sink, `${planPath}.name`, plan.name, 'plan');
    const frameOk = checkInteger(
      sink,
      `${planPath}.majorFrame`,
      plan.majorFrame,
      1,
      0xffff_ffff,
      'major frame (ticks)',
    );
    const slots = arrayAt(sink, `${planPath}.slots`, plan.slots);
    if (slots.length === 0) sink.add(`${planPath}.slots`, `plan '${plan.name}' has no slots`);
    let previous: { index: number; start: number; end: number; vm: string } | null = null;
    /** Windows the core needs for this plan: slots plus the idle gaps between and around them. */
    let windows = 0;
    for (let slotIndex = 0; slotIndex < slots.length; slotIndex++) {
      const slot = slots[slotIndex];
      const slotPath = `${planPath}.slots[${slotIndex}]`;
      if (!vmNames.includes(slot.vm)) {
        sink.add(`${slotPath}.vm`, `unknown VM ${show(slot.vm)} (VMs: ${vmNames.join(', ')})`);
      }
      const startOk = checkInteger(
        sink,
        `${slotPath}.start`,
        slot.start,
        0,
        0xffff_ffff,
        'slot start (ticks)',
      );
      const durationOk = checkInteger(
        sink,
        `${slotPath}.duration`,
        slot.duration,
        1,
        0xffff_ffff,
        'slot duration (ticks)',
      );
      if (!startOk || !durationOk) continue;
      const end = slot.start + slot.duration;
      const previousEnd = previous === null ? 0 : previous.end;
      if (previous !== null) {
        const previousPath = `${planPath}.slots[${previous.index}]`;
        if (slot.start < previous.start) {
          sink.add(
            `${slotPath}.start`,
            `slot starts at tick ${slot.start}, before the previous slot ${previousPath} (start ${previous.start}); sort slots by start`,
          );
        } else if (slot.start < previous.end) {
          sink.add(
            `${slotPath}.start`,
            `ticks ${slot.start}..${end - 1} overlap ${previousPath} (VM '${previous.vm}', ticks ${previous.start}..${previous.end - 1})`,
          );
        }
      }
      if (frameOk && end > plan.majorFrame) {
        sink.add(
          `${slotPath}.duration`,
          `slot ends at tick ${end}, past the major frame of ${plan.majorFrame} ticks`,
        );
      }
      windows += slot.start > previousEnd ? 2 : 1;
      previous = { index: slotIndex, start: slot.start, end, vm: String(slot.vm) };
    }
    if (previous !== null && frameOk && previous.end < plan.majorFrame) windows += 1;
    if (windows > MAX_WINDOWS_PER_PLAN) {
      sink.add(
        `${planPath}.slots`,
        `plan '${plan.name}' needs ${windows} windows (slots and idle gaps); at most ${MAX_WINDOWS_PER_PLAN} are allowed`,
      );
    }
  });
  checkUnique(
    sink,
    plans.map((p) => p.name),
    (i) => `plans[${i}].name`,
    'plan',
  );
  const boot = plans[0];
  if (boot !== undefined && isList(boot.slots)) {
    for (const name of vmNames) {
      if (!boot.slots.some((s) => s.vm === name)) {
        sink.add('plans[0].slots', `VM '${name}' has no slot in the boot plan '${boot.name}'`);
      }
    }
  }
}
