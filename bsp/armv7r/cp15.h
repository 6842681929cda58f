/*
 * CP15 system control registers of the Cortex-R5 used by the BSP: encodings (usable from C inline
 * assembly and from .S files), bit fields, and C accessors.
 * Follows: Cortex-R5 Technical Reference Manual (ARM DDI 0460), chapter 4 "System Control"
 * (4.2 register summary, 4.3 register descriptions) and chapter 6 "Performance Monitoring Unit";
 * ARM DDI 0406C B6.1 (PMSA system control registers: MPUIR, RGNR, DRBAR, DRSR, DRACR, DFSR, DFAR,
 * IFSR, IFAR, CPACR) and C12 (PMU: PMCR, PMCNTENSET, PMCCNTR).
 *
 * Encoding macros take the transfer register: in assembly `mrc CP15_SCTLR(r0)`.
 */
#ifndef BSP_ARMV7R_CP15_H
#define BSP_ARMV7R_CP15_H

#include "armv7r/bits.h"

/* ---- Register encodings: coprocessor, opc1, Rt, CRn, CRm, opc2 ---- */
#define CP15_MPUIR(rt)      p15, 0, rt, c0, c0, 4  /* MPU type: number of regions */
#define CP15_SCTLR(rt)      p15, 0, rt, c1, c0, 0  /* system control */
#define CP15_CPACR(rt)      p15, 0, rt, c1, c0, 2  /* coprocessor access control */
#define CP15_DFSR(rt)       p15, 0, rt, c5, c0, 0  /* data fault status */
#define CP15_IFSR(rt)       p15, 0, rt, c5, c0, 1  /* instruction fault status */
#define CP15_DFAR(rt)       p15, 0, rt, c6, c0, 0  /* data fault address */
#define CP15_IFAR(rt)       p15, 0, rt, c6, c0, 2  /* instruction fault address */
#define CP15_DRBAR(rt)      p15, 0, rt, c6, c1, 0  /* MPU region base address */
#define CP15_DRSR(rt)       p15, 0, rt, c6, c1, 2  /* MPU region size and enable */
#define CP15_DRACR(rt)      p15, 0, rt, c6, c1, 4  /* MPU region access control */
#define CP15_RGNR(rt)       p15, 0, rt, c6, c2, 0  /* MPU region number */
#define CP15_PMCR(rt)       p15, 0, rt, c9, c12, 0 /* PMU control */
#define CP15_PMCNTENSET(rt) p15, 0, rt, c9, c12, 1 /* PMU counter enable set */
#define CP15_PMCNTENCLR(rt) p15, 0, rt, c9, c12, 2 /* PMU counter enable clear */
#define CP15_PMOVSR(rt)     p15, 0, rt, c9, c12, 3 /* PMU overflow flag status */
#define CP15_PMCCNTR(rt)    p15, 0, rt, c9, c13, 0 /* PMU cycle count */
#define CP15_PMUSERENR(rt)  p15, 0, rt, c9, c14, 0 /* PMU user enable: 0 keeps the PMU privileged */

/* ---- SCTLR bits ---- */
#define SCTLR_M  BH_BIT(0)  /* MPU enable */
#define SCTLR_A  BH_BIT(1)  /* alignment fault checking */
#define SCTLR_C  BH_BIT(2)  /* data cache enable */
#define SCTLR_Z  BH_BIT(11) /* branch prediction enable */
#define SCTLR_I  BH_BIT(12) /* instruction cache enable */
#define SCTLR_V  BH_BIT(13) /* high exception vectors (0xFFFF0000) */
#define SCTLR_BR BH_BIT(17) /* background region: default map for privileged accesses */
#define SCTLR_FI BH_BIT(21) /* fast interrupts configuration */
#define SCTLR_VE BH_BIT(24) /* IRQ vectors from the VIC port */
#define SCTLR_EE BH_BIT(25) /* big-endian exception entry */
#define SCTLR_TE BH_BIT(30) /* exceptions taken in Thumb state */

/* ---- MPUIR fields ---- */
#define MPUIR_DREGION_SHIFT BH_U32(8)
#define MPUIR_DREGION_MASK  BH_U32(0xFF)

/* ---- DRSR fields: size is 2^(RSIZE+1) bytes, RSIZE >= 4 (32 bytes) ---- */
#define DRSR_EN          BH_BIT(0)
#define DRSR_RSIZE_SHIFT BH_U32(1)
#define DRSR_RSIZE_MASK  BH_U32(0x1F)
#define DRSR_SD_SHIFT    BH_U32(8) /* sub-region disable bits [15:8] */
#define DRSR_SD_MASK     BH_U32(0xFF)
#define DRSR_RSIZE_MIN   BH_U32(4)  /* 32 bytes */
#define DRSR_RSIZE_MAX   BH_U32(31) /* 4 GiB */

/* ---- DRACR fields ---- */
#define DRACR_B         BH_BIT(0)
#define DRACR_C         BH_BIT(1)
#define DRACR_S         BH_BIT(2)
#define DRACR_TEX_SHIFT BH_U32(3)
#define DRACR_TEX_MASK  BH_U32(0x7)
#define DRACR_AP_SHIFT  BH_U32(8)
#define DRACR_AP_MASK   BH_U32(0x7)
#define DRACR_XN        BH_BIT(12)
/* AP encodings (privileged / user) */
#define DRACR_AP_NONE           BH_U32(0x0) /* no access / no access */
#define DRACR_AP_PRIV_RW        BH_U32(0x1) /* RW / no access */
#define DRACR_AP_PRIV_RW_USR_RO BH_U32(0x2) /* RW / RO */
#define DRACR_AP_FULL           BH_U32(0x3) /* RW / RW */
#define DRACR_AP_PRIV_RO        BH_U32(0x5) /* RO / no access */
#define DRACR_AP_RO             BH_U32(0x6) /* RO / RO */
/* Memory type shortcuts built from TEX/C/B (ARM DDI 0406C B5.3.1) */
#define DRACR_TYPE_STRONGLY_ORDERED BH_U32(0)
#define DRACR_TYPE_DEVICE_SHARED    (DRACR_B)
#define DRACR_TYPE_NORMAL_WT        (DRACR_C)
#define DRACR_TYPE_NORMAL_WB        (DRACR_C | DRACR_B)
#define DRACR_TYPE_NORMAL_NC        (BH_U32(1) << DRACR_TEX_SHIFT)
#define DRACR_TYPE_NORMAL_WB_WA     ((BH_U32(1) << DRACR_TEX_SHIFT) | DRACR_C | DRACR_B)

/* ---- Fault status (DFSR/IFSR, PMSA short format): FS = {bit10, bits[3:0]} ---- */
#define FSR_FS_LOW_MASK      BH_U32(0xF)
#define FSR_FS_HIGH_BIT      BH_BIT(10)
#define FSR_FS_HIGH_SHIFT    BH_U32(6)  /* bit10 -> bit4 of the 5-bit FS value */
#define FSR_WNR              BH_BIT(11) /* DFSR: write not read */
#define FSR_FS_BACKGROUND    BH_U32(0x00)
#define FSR_FS_ALIGNMENT     BH_U32(0x01)
#define FSR_FS_DEBUG         BH_U32(0x02)
#define FSR_FS_PERMISSION    BH_U32(0x0D)
#define FSR_FS_SYNC_EXTERNAL BH_U32(0x08)

/* ---- CPACR: cp10/cp11 (VFP) access ---- */
#define CPACR_CP10_SHIFT  BH_U32(20)
#define CPACR_CP11_SHIFT  BH_U32(22)
#define CPACR_ACCESS_FULL BH_U32(0x3)
#define CPACR_VFP_FULL    ((CPACR_ACCESS_FULL << CPACR_CP10_SHIFT) | (CPACR_ACCESS_FULL << CPACR_CP11_SHIFT))

/* ---- FPEXC (VFP system register) ---- */
#define FPEXC_EN BH_BIT(30)

/* ---- PMU ---- */
#define PMCR_E        BH_BIT(0) /* enable all counters */
#define PMCR_P        BH_BIT(1) /* reset event counters */
#define PMCR_C        BH_BIT(2) /* reset cycle counter */
#define PMCR_D        BH_BIT(3) /* cycle counter counts every 64th cycle */
#define PMCNTEN_CYCLE BH_BIT(31)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define BH_STRINGIFY(...)  #__VA_ARGS__
#define BH_XSTRINGIFY(...) BH_STRINGIFY(__VA_ARGS__)

/* Defines cp15_read_<name>() and cp15_write_<name>() for one register encoding macro. Kept out of
 * clang-format, which would write `% 0` for `%0` in the stringified operand. */
/* clang-format off */
#define BH_CP15_ACCESSORS(name, encoding)                                             \
    static inline uint32_t cp15_read_##name(void)                                     \
    {                                                                                 \
        uint32_t value;                                                               \
        __asm__ volatile("mrc " BH_XSTRINGIFY(encoding(%0)) : "=r"(value));           \
        return value;                                                                 \
    }                                                                                 \
    static inline void cp15_write_##name(uint32_t value)                              \
    {                                                                                 \
        __asm__ volatile("mcr " BH_XSTRINGIFY(encoding(%0)) : : "r"(value) : "memory"); \
    }
/* clang-format on */

BH_CP15_ACCESSORS(mpuir, CP15_MPUIR)
BH_CP15_ACCESSORS(sctlr, CP15_SCTLR)
BH_CP15_ACCESSORS(cpacr, CP15_CPACR)
BH_CP15_ACCESSORS(dfsr, CP15_DFSR)
BH_CP15_ACCESSORS(ifsr, CP15_IFSR)
BH_CP15_ACCESSORS(dfar, CP15_DFAR)
BH_CP15_ACCESSORS(ifar, CP15_IFAR)
BH_CP15_ACCESSORS(drbar, CP15_DRBAR)
BH_CP15_ACCESSORS(drsr, CP15_DRSR)
BH_CP15_ACCESSORS(dracr, CP15_DRACR)
BH_CP15_ACCESSORS(rgnr, CP15_RGNR)
BH_CP15_ACCESSORS(pmcr, CP15_PMCR)
BH_CP15_ACCESSORS(pmcntenset, CP15_PMCNTENSET)
BH_CP15_ACCESSORS(pmcntenclr, CP15_PMCNTENCLR)
BH_CP15_ACCESSORS(pmovsr, CP15_PMOVSR)
BH_CP15_ACCESSORS(pmccntr, CP15_PMCCNTR)
BH_CP15_ACCESSORS(pmuserenr, CP15_PMUSERENR)

/* Barriers (ARM DDI 0406C A8.8.43 DSB, A8.8.53 ISB). */
static inline void bh_isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void bh_dsb(void) { __asm__ volatile("dsb" : : : "memory"); }
#endif /* __ASSEMBLER__ */

#endif /* BSP_ARMV7R_CP15_H */
