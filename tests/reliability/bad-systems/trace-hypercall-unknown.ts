// Bad system: the trace filter omits a hypercall the ABI does not have (a misspelt `GetTime`).
// expect: trace.omitHypercalls[0]: 'GetTimes' is not a hypercall of the ABI (Version, Yield, WaitEvent, GetTime, ConsoleWrite, SamplingWrite, SamplingRead, QueuingSend, QueuingReceive, QueuingStatus, VirqSetHandler, VirqEnable, VirqDisable, VirqAck, VirqReturn, TimerSet, WatchdogKick, VmStatus, VmRestart, VmHalt, PlanSwitch, FaultLogRead, CanSend, CanReceive, CanStatus, FaultReport)
import { mutated } from './base.ts';

export default mutated('trace', { omitHypercalls: ['GetTimes'] });
