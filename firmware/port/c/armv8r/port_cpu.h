/*
 * What the CPU-independent port files need to know of the Armv8-R CPU: the idle thread's stack size, the
 * EL2 MPU block layout and what follows a block load.
 * The idle thread is a Hyp-mode thread, and every exception runs on SP_hyp where it finds it (bsp/
 * README.md "Execution model (Armv8-R)"): once the idle thread has run, the handlers' frames, those of
 * exceptions taken from guests included, lie on its stack below its own.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: one SP_hyp for Hyp mode).
 */
#ifndef PORT_ARMV8R_PORT_CPU_H
#define PORT_ARMV8R_PORT_CPU_H

/* Words of the idle thread's stack: the idle loop and the deepest exception handler. */
#define PORT_IDLE_STACK_WORDS 1024u

/* Words per MPU region in a block of the tables: HPRBAR, HPRLAR (the pairs of bsp_mpu_load_block). */
#define PORT_MPU_WORDS_PER_REGION 2u

/* Called after every MPU block load (bh_port_mpu_load_regions in bsp-port.c). */
void port_cpu_mpu_block_loaded(void);

#endif /* PORT_ARMV8R_PORT_CPU_H */
