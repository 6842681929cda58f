// Corpus program: numeric enums with implicit, explicit, negative and sparse members; enums as class
// fields, parameters and return values; comparisons, conversion with u32()/i32() and switch dispatch.
import { i32, u32 } from '../../../../transpiler/runtime/index.ts';
import { printI32, printU32, printBool } from '../../support/print.ts';

enum Priority {
  Low,
  Medium,
  High,
  Critical = 10,
  Emergency,
}

enum Status {
  Failed = -2,
  Pending = -1,
  Ok = 0,
  Busy = 0x40,
  Wrapped = 0x7fffffff,
}

class Job {
  priority: Priority = Priority.Low;
  status: Status = Status.Pending;
  weight: u32 = 0;
}

const jobs: Job[] = [new Job(), new Job(), new Job(), new Job()];

function escalate(p: Priority): Priority {
  switch (p) {
    case Priority.Low:
      return Priority.Medium;
    case Priority.Medium:
      return Priority.High;
    case Priority.High:
      return Priority.Critical;
    default:
      return Priority.Emergency;
  }
}

function weightOf(p: Priority): u32 {
  return u32(u32(p) + 1);
}

export function main(): void {
  printU32('critical', u32(Priority.Critical));
  printU32('emergency', u32(Priority.Emergency));
  printI32('failed', i32(Status.Failed));
  printU32('failed_u32', u32(Status.Failed));
  printI32('wrapped', i32(Status.Wrapped));
  let p: Priority = Priority.Low;
  for (let j: u32 = 0; j < jobs.length; j++) {
    jobs[j].priority = p;
    jobs[j].weight = weightOf(p);
    p = escalate(escalate(p));
  }
  jobs[2].status = Status.Busy;
  jobs[3].status = Status.Failed;
  for (const job of jobs) {
    printU32('priority', u32(job.priority));
    printU32('weight', job.weight);
    printI32('status', i32(job.status));
    printBool('urgent', job.priority === Priority.Critical || job.priority === Priority.Emergency);
    printBool('not_ok', job.status !== Status.Ok);
  }
  printBool('order', Priority.High < Priority.Critical);
}
