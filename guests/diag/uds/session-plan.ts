// The schedule plan that goes with the active diagnostic session: the programming session (flashing,
// long log dumps) runs under the system's `diag-heavy` plan, which gives this VM more of each major
// frame; every other session under `normal`. The request goes to the hypervisor (`PlanSwitch`, capability
// `switch-plan`), which applies it at the next major-frame boundary; a system without the plan, or a VM
// without the capability, keeps its schedule (the refusal is the hypervisor's, nothing to do here).
import { u32 } from '../../../transpiler/runtime/index.ts';
import { bhPlanSwitch } from '../../sdk/ts/bulkhead.ts';
import { NO_PLAN, diagHeavyPlan, diagNormalPlan } from '../platform.ts';
import { SESSION_PROGRAMMING } from './protocol.ts';

/** The plan requested last (`NO_PLAN` before the first request), so a session change that keeps the plan
 *  costs no hypercall. */
let requestedPlan: u32 = NO_PLAN;
const planValues: Uint32Array = new Uint32Array(1);

/** Forgets the last request (a start of the guest: the hypervisor may run either plan). */
export function sessionPlanInit(): void {
  requestedPlan = NO_PLAN;
}

/** Requests the plan that goes with `session` unless it was the last one requested. */
export function sessionPlanApply(session: u32): void {
  const plan: u32 = session === SESSION_PROGRAMMING ? diagHeavyPlan() : diagNormalPlan();
  if (plan === NO_PLAN || plan === requestedPlan) {
    return;
  }
  requestedPlan = plan;
  bhPlanSwitch(plan, planValues);
}
