/*
 * Values shared by the self-test's privileged side (main.c) and its USR partition (usr_payload.c):
 * supervisor call numbers, the round-trip argument, and the partition layout symbols.
 * Follows: the self-test contract (UART0 lines) and the partition layout in partitions.ld.
 */
#ifndef BSP_SELFTEST_SELFTEST_H
#define BSP_SELFTEST_SELFTEST_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define SELFTEST_SVC_ROUND_TRIP     0x42 /* r0 in: argument; r0 out: argument | immediate */
#define SELFTEST_SVC_VERDICT        0x43 /* r0 in: 1 when the round-trip reply was right */
#define SELFTEST_SVC_NO_ABORT       0x44 /* the forbidden access did not fault */
#define SELFTEST_SVC_ARGUMENT       0x5EED0000
#define SELFTEST_SVC_EXPECTED_REPLY 0x5EED0042 /* argument | immediate */

#define SELFTEST_PARTITION_REGION_SIZE 0x1000u /* 4 KiB per MPU region */

#ifndef __ASSEMBLER__
_Static_assert(SELFTEST_SVC_EXPECTED_REPLY == (SELFTEST_SVC_ARGUMENT | SELFTEST_SVC_ROUND_TRIP),
               "the expected reply is argument | immediate");

/* Linker-script symbols of the test partition (partitions.ld). */
extern const uint8_t __partition0_code_start[];
extern const uint8_t __partition0_code_end[];
extern uint8_t __partition0_data_start[];
extern uint8_t __partition0_stack_top[];

/* Entry of the USR partition: r0 = the address it must not be able to write. */
void selftest_usr_main(uint32_t forbidden_address) __attribute__((noreturn));

/* USR routine (usr_registers.S): round-trip SVC with patterns in r1-r12 and lr; 1 when all survive. */
uint32_t selftest_usr_svc_keeps_registers(uint32_t argument, uint32_t expected_reply);
#endif /* __ASSEMBLER__ */

#endif /* BSP_SELFTEST_SELFTEST_H */
