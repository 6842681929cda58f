/*
 * platform.c: C side of guests/diag/platform.ts, the build-time facts the diagnostic guest needs:
 * the retained memory area `nvm`, the control VM's index and the plans `normal` and `diag-heavy` from
 * the generated bulkhead_system.h,
 * the code image's extent from the symbols of the SDK's generated linker script (the load copy of
 * .data ends the image). Prototypes are the transpiler's for the `@extern` tags.
 * Follows: guests/sdk/README.md "Memory layout"; GNU ld manual 3.5 (symbols defined in scripts).
 */
#include <stdint.h>

#include "bulkhead_system.h"

uint32_t diag_platform_retained_base(void);
uint32_t diag_platform_retained_bytes(void);
uint32_t diag_platform_code_base(void);
uint32_t diag_platform_image_bytes(void);
uint32_t diag_platform_control_vm(void);
uint32_t diag_platform_normal_plan(void);
uint32_t diag_platform_heavy_plan(void);

/* A plan the system does not have. */
#define DIAG_NO_PLAN 0xFFFFFFFFu

/* Linker-script symbols: only their addresses are meaningful. */
extern const uint8_t __bh_data_start[];
extern const uint8_t __bh_data_end[];
extern const uint8_t __bh_data_load[];

uint32_t diag_platform_retained_base(void) { return BH_VM_DIAG_AREA_NVM_BASE; }

uint32_t diag_platform_retained_bytes(void) { return BH_VM_DIAG_AREA_NVM_SIZE; }

uint32_t diag_platform_code_base(void) { return BH_ENTRY; }

uint32_t diag_platform_image_bytes(void)
{
    const uintptr_t data_bytes = (uintptr_t)__bh_data_end - (uintptr_t)__bh_data_start;
    const uintptr_t image_end = (uintptr_t)__bh_data_load + data_bytes;
    return (uint32_t)(image_end - (uintptr_t)BH_ENTRY);
}

uint32_t diag_platform_control_vm(void) { return BH_VM_CONTROL; }

uint32_t diag_platform_normal_plan(void)
{
#ifdef BH_PLAN_NORMAL
    return BH_PLAN_NORMAL;
#else
    return DIAG_NO_PLAN;
#endif
}

uint32_t diag_platform_heavy_plan(void)
{
#ifdef BH_PLAN_DIAG_HEAVY
    return BH_PLAN_DIAG_HEAVY;
#else
    return DIAG_NO_PLAN;
#endif
}
