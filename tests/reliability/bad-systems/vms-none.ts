// Bad system: the system has no VM.
// expect: vms: the system needs at least one VM
// expect: plans[0].slots: plan 'main' has no slots
import { derived } from './base.ts';

export default derived((s) => {
  s.vms = [];
  s.plans[0].slots = [];
  s.ports = [];
  s.console = [];
});
