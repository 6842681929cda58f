/*
 * Values shared by the EL2 self-test's hypervisor side (main.c) and its EL1 partition (el1_payload.c,
 * el1_registers.S): hypervisor call numbers, the round-trip argument, the partition layout symbols.
 * Follows: the EL2 self-test's console contract (tests/bsp/an536-boot.test.ts) and the partition layout
 * in partitions.ld.
 */
#ifndef BSP_EL2_SELFTEST_H
#define BSP_EL2_SELFTEST_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define EL2_HVC_ROUND_TRIP     0x42 /* r0 in: argument; r0 out: argument | immediate */
#define EL2_HVC_VERDICT        0x43 /* r0 in: 1 when the round-trip reply and every register were right */
#define EL2_HVC_NO_ABORT       0x44 /* the forbidden access did not fault */
#define EL2_HVC_SPIN_VERDICT   0x45 /* r0 in: 1 when registers survived the interrupts of the spin */
#define EL2_HVC_ARGUMENT       0x5EED0000
#define EL2_HVC_EXPECTED_REPLY 0x5EED0042 /* argument | immediate */
#define EL2_SPIN_ITERATIONS    2000000    /* two instructions each: about 4 ms of EL1 code, several ticks */

#define EL2_PARTITION_REGION_SIZE 0x1000u /* 4 KiB per EL2 MPU region */

#ifndef __ASSEMBLER__
_Static_assert(EL2_HVC_EXPECTED_REPLY == (EL2_HVC_ARGUMENT | EL2_HVC_ROUND_TRIP),
               "the expected reply is argument | immediate");

/* Linker-script symbols of the test partition (partitions.ld). */
extern const uint8_t __partition0_code_start[];
extern const uint8_t __partition0_code_end[];
extern uint8_t __partition0_data_start[];
extern uint8_t __partition0_stack_top[];

/* Entry of the EL1 partition: r0 = the address it must not be able to write. */
void el2_selftest_el1_main(uint32_t forbidden_address) __attribute__((noreturn));

/* EL1 routines (el1_registers.S): 1 when all patterns in r1-r12 and lr survive. */
uint32_t el2_selftest_hvc_keeps_registers(uint32_t argument, uint32_t expected_reply);
uint32_t el2_selftest_spin_keeps_registers(uint32_t iterations);
#endif /* __ASSEMBLER__ */

#endif /* BSP_EL2_SELFTEST_H */
