/*
 * The EL2 self-test's EL1 partition (SYS mode): a hypervisor call round trip whose reply and preserved
 * registers it checks itself, a spin long enough for ticks to interrupt it at EL2 (registers checked
 * after), then a write outside the EL2 MPU regions it was given, which must end in a data abort taken
 * to EL2. Linked into the partition's code region (section .partition0.text); it calls nothing outside.
 * Follows: ARM DDI 0487, the A32 HVC instruction (imm16, taken to EL2); ARM DDI 0568 PMSAv8-32 (with HCR.VM set an
 * EL1 access outside every EL2 MPU region is a translation fault taken to EL2).
 */
#include "el2_selftest.h"

#define EL1_TEXT __attribute__((section(".partition0.text")))

static inline __attribute__((always_inline)) void el1_hvc_report(uint32_t verdict, uint32_t imm_kind)
{
    register uint32_t r0 __asm__("r0") = verdict;
    if (imm_kind == EL2_HVC_VERDICT) {
        __asm__ volatile("hvc %[imm]" : "+r"(r0) : [imm] "i"(EL2_HVC_VERDICT) : "memory");
    } else {
        __asm__ volatile("hvc %[imm]" : "+r"(r0) : [imm] "i"(EL2_HVC_SPIN_VERDICT) : "memory");
    }
}

static inline __attribute__((always_inline)) void el1_hvc_no_abort(void)
{
    __asm__ volatile("hvc %[imm]" : : [imm] "i"(EL2_HVC_NO_ABORT) : "r0", "memory");
}

EL1_TEXT void el2_selftest_el1_main(uint32_t forbidden_address)
{
    uint32_t verdict = el2_selftest_hvc_keeps_registers(EL2_HVC_ARGUMENT, EL2_HVC_EXPECTED_REPLY);
    el1_hvc_report(verdict, EL2_HVC_VERDICT);
    uint32_t spin = el2_selftest_spin_keeps_registers(EL2_SPIN_ITERATIONS);
    el1_hvc_report(spin, EL2_HVC_SPIN_VERDICT);
    *(volatile uint32_t *)(uintptr_t)forbidden_address = verdict;
    for (;;) {
        el1_hvc_no_abort();
    }
}
