/*
 * What the CPU-independent port files need to know of the ARMv7-R CPU: the idle thread's stack size, the
 * MPU block layout and what follows a block load.
 * Exceptions run on their own mode stacks (bsp/armv7r/image.ld), so the idle stack holds the idle
 * loop's frames only (cli/build/stacks.ts checks its depth against it).
 * Follows: ARM DDI 0406C B1.3.2 (banked SP per privileged mode).
 */
#ifndef PORT_ARMV7R_PORT_CPU_H
#define PORT_ARMV7R_PORT_CPU_H

/* Words of the idle thread's stack. */
#define PORT_IDLE_STACK_WORDS 128u

/* Words per MPU region in a block of the tables: DRBAR, DRSR, DRACR. */
#define PORT_MPU_WORDS_PER_REGION 3u

/* Called after every MPU block load (bh_port_mpu_load_regions in bsp-port.c). */
void port_cpu_mpu_block_loaded(void);

#endif /* PORT_ARMV7R_PORT_CPU_H */
