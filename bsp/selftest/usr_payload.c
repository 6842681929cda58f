/*
 * The self-test's USR-mode partition: a supervisor call round trip whose reply and preserved
 * registers it checks itself (usr_registers.S), then a write outside its MPU regions that must end
 * in a data abort. Linked into the partition's code region (section .partition0.text); it calls
 * nothing outside it.
 * Follows: ARM DDI 0406C A8.8.228 SVC (immediate in the instruction), B5 PMSA (USR accesses outside
 * every region fault with a background fault).
 */
#include "selftest.h"

#define USR_TEXT __attribute__((section(".partition0.text")))

static inline __attribute__((always_inline)) void usr_svc_verdict(uint32_t verdict)
{
    register uint32_t r0 __asm__("r0") = verdict;
    __asm__ volatile("svc %[imm]" : "+r"(r0) : [imm] "i"(SELFTEST_SVC_VERDICT) : "memory");
}

static inline __attribute__((always_inline)) void usr_svc_no_abort(void)
{
    __asm__ volatile("svc %[imm]" : : [imm] "i"(SELFTEST_SVC_NO_ABORT) : "r0", "memory");
}

USR_TEXT void selftest_usr_main(uint32_t forbidden_address)
{
    uint32_t verdict = selftest_usr_svc_keeps_registers(SELFTEST_SVC_ARGUMENT, SELFTEST_SVC_EXPECTED_REPLY);
    usr_svc_verdict(verdict);
    *(volatile uint32_t *)(uintptr_t)forbidden_address = verdict;
    for (;;) {
        usr_svc_no_abort();
    }
}
