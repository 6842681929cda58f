/*
 * What the CPU-independent port files need to know of the ARMv7-R CPU: the idle thread's stack size.
 * Exceptions run on their own mode stacks (bsp/armv7r/image.ld), so the idle stack holds the idle
 * loop's frames only (cli/build/stacks.ts checks its depth against it).
 * Follows: ARM DDI 0406C B1.3.2 (banked SP per privileged mode).
 */
#ifndef PORT_ARMV7R_PORT_CPU_H
#define PORT_ARMV7R_PORT_CPU_H

/* Words of the idle thread's stack. */
#define PORT_IDLE_STACK_WORDS 128u

#endif /* PORT_ARMV7R_PORT_CPU_H */
