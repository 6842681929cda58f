/*
 * Volatile 32-bit and 8-bit register access for memory-mapped devices.
 * Follows: ARM DDI 0487, the Device memory type (accesses in program order, no merging) and
 * ISO/IEC 9899:2011 6.7.3 (volatile).
 */
#ifndef BSP_MPS3_AN536_MMIO_H
#define BSP_MPS3_AN536_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(uint32_t address)
{
    return *(const volatile uint32_t *)(uintptr_t)address;
}

static inline void mmio_write32(uint32_t address, uint32_t value)
{
    *(volatile uint32_t *)(uintptr_t)address = value;
}

static inline void mmio_write8(uint32_t address, uint8_t value)
{
    *(volatile uint8_t *)(uintptr_t)address = value;
}

#endif /* BSP_MPS3_AN536_MMIO_H */
