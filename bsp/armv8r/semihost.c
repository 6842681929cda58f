/*
 * ARM semihosting calls used by the BSP at EL2: SYS_EXIT_EXTENDED (exit with any code) and SYS_WRITE0.
 * Follows: "Semihosting for AArch32 and AArch64" (ARM, release 2.0), SYS_EXIT_EXTENDED (0x20), SYS_EXIT
 * reason ADP_Stopped_ApplicationExit (0x20026), SYS_WRITE0 (0x04); the AArch32 trap instruction is
 * SVC 0x123456 in ARM state (HLT 0xF000 is the other one). QEMU 10 intercepts the SVC in Hyp mode as well
 * (checked on mps3-an536); it needs -semihosting-config enable=on.
 */
#include "bsp.h"

#define SEMIHOST_TRAP_ARM                     "0x123456" /* SVC immediate QEMU intercepts in ARM state */
#define SEMIHOST_SYS_WRITE0                   BH_U32(0x04)
#define SEMIHOST_SYS_EXIT_EXTENDED            BH_U32(0x20)
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT BH_U32(0x20026)

static uint32_t semihost_call(uint32_t operation, const void *parameter)
{
    register uint32_t r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = parameter;
    __asm__ volatile("svc " SEMIHOST_TRAP_ARM : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void bsp_semihost_exit(int code)
{
    /* Bytes still in the UARTs' transmit rings would be lost with the machine. */
    bsp_uart_flush_all();
    const uint32_t block[2] = {SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    (void)semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
    /* No debugger attached: stop here with interrupts masked. */
    for (;;) {
        __asm__ volatile("cpsid if\n\twfi" : : : "memory");
    }
}

void bsp_semihost_write0(const char *text) { (void)semihost_call(SEMIHOST_SYS_WRITE0, text); }
