/*
 * What the CPU-independent port files need to know of the Armv8-R CPU: the idle thread's stack size, the
 * EL2 MPU block layout, what follows a block load, and what surrounds a write into a VM's code.
 * The idle thread is a Hyp-mode thread, and every exception runs on SP_hyp where it finds it (bsp/
 * README.md "Execution model (Armv8-R)"): once the idle thread has run, the handlers' frames, those of
 * exceptions taken from guests included, lie on its stack below its own.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: one SP_hyp for Hyp mode; HPRBAR.AP, whose four
 * access permissions apply to EL2 and EL1 alike but for the EL2-only ones).
 */
#ifndef PORT_ARMV8R_PORT_CPU_H
#define PORT_ARMV8R_PORT_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"

/* Words of the idle thread's stack: the idle loop and the deepest exception handler. */
#define PORT_IDLE_STACK_WORDS 1024u

/* Words per MPU region in a block of the tables: HPRBAR, HPRLAR (the pairs of bsp_mpu_load_block). */
#define PORT_MPU_WORDS_PER_REGION 2u

/* Called after every MPU block load (bh_port_mpu_load_regions in bsp-port.c). */
void port_cpu_mpu_block_loaded(void);

/* True when an exception was taken from the hypervisor itself (Hyp mode): guests run at EL1 and EL0. */
static inline bool port_cpu_from_hypervisor(const bh_context *ctx)
{
    return (ctx->cpsr & PSR_MODE_MASK) == PSR_MODE_HYP;
}

/* Takes the last loaded block's regions out of the MPU, and puts them back (bsp-port.c). */
void port_mpu_block_unload(void);
void port_mpu_block_reload(void);

/* Around the hypervisor's writes into a VM's code (a cold restart's steps, pristine.c): the EL2 MPU
 * checks EL2's own accesses against the loaded guest regions too, and has no access permission that
 * is read-only for EL1 but writable for EL2, so the guest's block is taken out (EL2 then uses the
 * background map) with interrupts masked, so no guest can run before it is back. Returns the saved
 * interrupt mask for the end call. */
uint32_t port_cpu_code_write_begin(void);
/* Ends the write of `length` bytes at `address`: the caches' copies of that range are cleaned and
 * invalidated (a guest may have enabled the caches for its own accesses) and the instruction cache is
 * invalidated, before the block is back. */
void port_cpu_code_write_end(uint32_t saved, uint32_t address, uint32_t length);

#endif /* PORT_ARMV8R_PORT_CPU_H */
