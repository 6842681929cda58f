/*
 * What the CPU-independent port files need to know of the ARMv7-R CPU: the idle thread's stack size, the
 * MPU block layout, what follows a block load, and what surrounds a write into a VM's code.
 * Exceptions run on their own mode stacks (bsp/armv7r/image.ld), so the idle stack holds the idle
 * loop's frames only (cli/build/stacks.ts checks its depth against it).
 * Follows: ARM DDI 0406C B1.3.2 (banked SP per privileged mode), B4.1.42 (DRACR.AP 0b010: privileged
 * read/write, unprivileged read-only).
 */
#ifndef PORT_ARMV7R_PORT_CPU_H
#define PORT_ARMV7R_PORT_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"

/* Words of the idle thread's stack. */
#define PORT_IDLE_STACK_WORDS 128u

/* Words per MPU region in a block of the tables: DRBAR, DRSR, DRACR. */
#define PORT_MPU_WORDS_PER_REGION 3u

/* Called after every MPU block load (bh_port_mpu_load_regions in bsp-port.c). */
void port_cpu_mpu_block_loaded(void);

/* True when an exception was taken from the hypervisor itself (any privileged mode, the idle thread's
 * SYS mode included): guests run in USR mode only. */
static inline bool port_cpu_from_hypervisor(const bh_context *ctx)
{
    return (ctx->cpsr & PSR_MODE_MASK) != PSR_MODE_USR;
}

/* Takes the last loaded block's regions out of the MPU, and puts them back (bsp-port.c; unused here). */
void port_mpu_block_unload(void);
void port_mpu_block_reload(void);

/* Around the hypervisor's writes into a VM's code (pristine.c): nothing to do, PL1 writes a guest's
 * read-only code through its region (AP: privileged read/write, user read-only), and no cache is
 * enabled on this CPU layer's boards (bsp/armv7r). */
static inline uint32_t port_cpu_code_write_begin(void) { return 0u; }
static inline void port_cpu_code_write_end(uint32_t saved, uint32_t address, uint32_t length)
{
    (void)saved;
    (void)address;
    (void)length;
}

#endif /* PORT_ARMV7R_PORT_CPU_H */
