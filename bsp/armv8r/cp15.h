/*
 * CP15 system registers of the Cortex-R52 (Armv8-R AArch32) the EL2 BSP uses: encodings (usable from C
 * inline assembly and from .S files), bit fields, and C accessors.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement) chapter "System registers": HSCTLR, HCR, HCPTR,
 * HSR, HDFAR, HIFAR, HPFAR, HVBAR, HMPUIR, HPRSELR, HPRBAR, HPRLAR, HPRENR, HMAIR0/1, HACTLR, HDCR, and
 * the PMSAv8-32 EL1 MPU registers MPUIR, PRSELR, PRBAR, PRLAR, MAIR0/1; ARM DDI 0487 part G, AArch32 system register descriptions (
 * SCTLR, CPACR, VBAR, CONTEXTIDR, TPIDRURO/PRW, DFSR/IFSR/ADFSR/AIFSR/DFAR/IFAR, PMU PMCR/PMCNTENSET/
 * PMCCNTR/PMCCFILTR, generic timer CNTFRQ, CNTHCTL, CNTHP_CTL, CNTHP_TVAL, CNTPCT, CNTKCTL, CNTV_CTL,
 * CNTV_CVAL, CNTVOFF); Cortex-R52 TRM (ARM 100026), register summary of the programmers model.
 *
 * Encoding macros take the transfer register: in assembly `mrc CP15_HSCTLR(r0)`.
 */
#ifndef BSP_ARMV8R_CP15_H
#define BSP_ARMV8R_CP15_H

#include "armv8r/bits.h"

/* ---- Register encodings: coprocessor, opc1, Rt, CRn, CRm, opc2 ---- */
#define CP15_MPUIR(rt)      p15, 0, rt, c0, c0, 4   /* EL1 MPU type */
#define CP15_SCTLR(rt)      p15, 0, rt, c1, c0, 0   /* EL1 system control */
#define CP15_CPACR(rt)      p15, 0, rt, c1, c0, 2   /* EL0/EL1 coprocessor access */
#define CP15_PRSELR(rt)     p15, 0, rt, c6, c2, 1   /* EL1 MPU region selector */
#define CP15_PRBAR(rt)      p15, 0, rt, c6, c3, 0   /* EL1 MPU region base */
#define CP15_PRLAR(rt)      p15, 0, rt, c6, c3, 1   /* EL1 MPU region limit */
#define CP15_PMCR(rt)       p15, 0, rt, c9, c12, 0  /* PMU control */
#define CP15_PMCNTENSET(rt) p15, 0, rt, c9, c12, 1  /* PMU counter enable set */
#define CP15_PMCCNTR(rt)    p15, 0, rt, c9, c13, 0  /* PMU cycle count */
#define CP15_PMUSERENR(rt)  p15, 0, rt, c9, c14, 0  /* PMU EL0 access */
#define CP15_PMCCFILTR(rt)  p15, 0, rt, c14, c15, 7 /* PMU cycle counter filter */
#define CP15_CNTFRQ(rt)     p15, 0, rt, c14, c0, 0  /* generic timer frequency */
#define CP15_HMPUIR(rt)     p15, 4, rt, c0, c0, 4   /* EL2 MPU type */
#define CP15_HSCTLR(rt)     p15, 4, rt, c1, c0, 0   /* EL2 system control */
#define CP15_HCR(rt)        p15, 4, rt, c1, c1, 0   /* hypervisor configuration */
#define CP15_HCPTR(rt)      p15, 4, rt, c1, c1, 2   /* hypervisor coprocessor traps */
#define CP15_HSR(rt)        p15, 4, rt, c5, c2, 0   /* hyp syndrome */
#define CP15_HDFAR(rt)      p15, 4, rt, c6, c0, 0   /* hyp data fault address */
#define CP15_HIFAR(rt)      p15, 4, rt, c6, c0, 2   /* hyp instruction fault address */
#define CP15_HPFAR(rt)      p15, 4, rt, c6, c0, 4   /* hyp IPA fault address */
#define CP15_HPRENR(rt)     p15, 4, rt, c6, c1, 1   /* EL2 MPU region enables 0..31 */
#define CP15_HPRSELR(rt)    p15, 4, rt, c6, c2, 1   /* EL2 MPU region selector */
#define CP15_HPRBAR(rt)     p15, 4, rt, c6, c3, 0   /* EL2 MPU region base */
#define CP15_HPRLAR(rt)     p15, 4, rt, c6, c3, 1   /* EL2 MPU region limit */
#define CP15_HMAIR0(rt)     p15, 4, rt, c10, c2, 0  /* EL2 memory attributes 0..3 */
#define CP15_HMAIR1(rt)     p15, 4, rt, c10, c2, 1  /* EL2 memory attributes 4..7 */
#define CP15_HVBAR(rt)      p15, 4, rt, c12, c0, 0  /* hyp vector base */
#define CP15_CNTHCTL(rt)    p15, 4, rt, c14, c1, 0  /* EL1 timer access from EL2 */
#define CP15_CNTHP_TVAL(rt) p15, 4, rt, c14, c2, 0  /* EL2 physical timer value */
#define CP15_CNTHP_CTL(rt)  p15, 4, rt, c14, c2, 1  /* EL2 physical timer control */
#define CP15_HACTLR(rt)     p15, 4, rt, c1, c0, 1   /* EL1 access to implementation-defined registers */
#define CP15_HDCR(rt)       p15, 4, rt, c1, c1, 1   /* hyp debug and PMU traps */
/* EL1 registers a guest can write, kept per guest (armv8r/el1_state.h) */
#define CP15_VBAR(rt)       p15, 0, rt, c12, c0, 0 /* EL1 vector base */
#define CP15_CONTEXTIDR(rt) p15, 0, rt, c13, c0, 1 /* context ID */
#define CP15_TPIDRURO(rt)   p15, 0, rt, c13, c0, 3 /* user read-only thread ID */
#define CP15_TPIDRPRW(rt)   p15, 0, rt, c13, c0, 4 /* EL1-only thread ID */
#define CP15_DFSR(rt)       p15, 0, rt, c5, c0, 0  /* data fault status */
#define CP15_IFSR(rt)       p15, 0, rt, c5, c0, 1  /* instruction fault status */
#define CP15_ADFSR(rt)      p15, 0, rt, c5, c1, 0  /* auxiliary data fault status */
#define CP15_AIFSR(rt)      p15, 0, rt, c5, c1, 1  /* auxiliary instruction fault status */
#define CP15_DFAR(rt)       p15, 0, rt, c6, c0, 0  /* data fault address */
#define CP15_IFAR(rt)       p15, 0, rt, c6, c0, 2  /* instruction fault address */
#define CP15_MAIR0(rt)      p15, 0, rt, c10, c2, 0 /* EL1 memory attributes 0..3 */
#define CP15_MAIR1(rt)      p15, 0, rt, c10, c2, 1 /* EL1 memory attributes 4..7 */
#define CP15_CNTKCTL(rt)    p15, 0, rt, c14, c1, 0 /* EL0 timer access */
#define CP15_CNTV_CTL(rt)   p15, 0, rt, c14, c3, 1 /* EL1 virtual timer control */

/* ---- HSCTLR / SCTLR bits ---- */
#define SCTLR_M  BH_BIT(0)  /* MPU enable */
#define SCTLR_A  BH_BIT(1)  /* alignment fault checking */
#define SCTLR_C  BH_BIT(2)  /* data cache enable */
#define SCTLR_I  BH_BIT(12) /* instruction cache enable */
#define SCTLR_BR BH_BIT(17) /* background region: default map where no region matches */
#define SCTLR_EE BH_BIT(25) /* big-endian exception entry */
#define SCTLR_TE BH_BIT(30) /* exceptions taken in Thumb state */

/* ---- HCR bits ---- */
#define HCR_VM    BH_BIT(0)  /* EL2 MPU checks EL1/EL0 accesses (stage 2) */
#define HCR_FMO   BH_BIT(3)  /* physical FIQ taken to EL2 */
#define HCR_IMO   BH_BIT(4)  /* physical IRQ taken to EL2 */
#define HCR_AMO   BH_BIT(5)  /* SError taken to EL2 */
#define HCR_TWI   BH_BIT(13) /* trap WFI at EL1/EL0 */
#define HCR_TIDCP BH_BIT(20) /* trap implementation-defined c9-c11 registers at EL1 */
#define HCR_TAC   BH_BIT(21) /* trap ACTLR accesses at EL1 */
#define HCR_TSW   BH_BIT(22) /* trap cache maintenance by set/way */
#define HCR_HCD   BH_BIT(29) /* HVC disabled */

/* ---- HCPTR: trap coprocessor accesses to EL2 ---- */
#define HCPTR_TCP10 BH_BIT(10)
#define HCPTR_TCP11 BH_BIT(11)
#define HCPTR_TASE  BH_BIT(15) /* Advanced SIMD */
#define HCPTR_VFP   (HCPTR_TCP10 | HCPTR_TCP11 | HCPTR_TASE)

/* ---- HDCR: PMU and debug register accesses from EL1/EL0 trapped to EL2 ---- */
#define HDCR_TPMCR       BH_BIT(5)  /* PMCR */
#define HDCR_TPM         BH_BIT(6)  /* every PMU register */
#define HDCR_TDA         BH_BIT(9)  /* debug registers */
#define HDCR_TDOSA       BH_BIT(10) /* OS lock and power-down debug registers */
#define HDCR_TDRA        BH_BIT(11) /* debug ROM address registers */
#define HDCR_GUEST_TRAPS (HDCR_TPMCR | HDCR_TPM | HDCR_TDA | HDCR_TDOSA | HDCR_TDRA)

/* ---- CNTHCTL: EL1 access to the physical counter and timer ---- */
#define CNTHCTL_EL1PCTEN BH_BIT(0) /* CNTPCT readable at EL1/EL0 */
#define CNTHCTL_EL1PCEN  BH_BIT(1) /* CNTP_* (the EL1 physical timer) accessible at EL1/EL0 */

/* ---- CNTV_CTL ---- */
#define CNTV_CTL_ENABLE BH_BIT(0)

/* ---- CPACR: cp10/cp11 (VFP) access at EL1/EL0 ---- */
#define CPACR_CP10_SHIFT  BH_U32(20)
#define CPACR_CP11_SHIFT  BH_U32(22)
#define CPACR_ACCESS_FULL BH_U32(0x3)
#define CPACR_VFP_FULL    ((CPACR_ACCESS_FULL << CPACR_CP10_SHIFT) | (CPACR_ACCESS_FULL << CPACR_CP11_SHIFT))

/* ---- FPEXC (VFP system register) ---- */
#define FPEXC_EN BH_BIT(30)

/* ---- HSR: exception class, instruction length, syndrome ---- */
#define HSR_EC_SHIFT           BH_U32(26)
#define HSR_EC_MASK            BH_U32(0x3F)
#define HSR_IL                 BH_BIT(25)
#define HSR_ISS_MASK           BH_U32(0x01FFFFFF)
#define HSR_EC_UNKNOWN         BH_U32(0x00)
#define HSR_EC_WFX             BH_U32(0x01)   /* trapped WFI/WFE */
#define HSR_EC_CP15_32         BH_U32(0x03)   /* trapped MCR/MRC p15 */
#define HSR_EC_HCPTR           BH_U32(0x07)   /* trapped FP/SIMD access */
#define HSR_EC_SVC             BH_U32(0x11)   /* SVC taken to Hyp mode */
#define HSR_EC_HVC             BH_U32(0x12)   /* HVC */
#define HSR_EC_PABT_LOWER      BH_U32(0x20)   /* prefetch abort from EL1/EL0 */
#define HSR_EC_PABT_HYP        BH_U32(0x21)   /* prefetch abort in Hyp mode */
#define HSR_EC_DABT_LOWER      BH_U32(0x24)   /* data abort from EL1/EL0 */
#define HSR_EC_DABT_HYP        BH_U32(0x25)   /* data abort in Hyp mode */
#define HSR_ISS_HVC_IMM_MASK   BH_U32(0xFFFF) /* HVC and SVC: imm16 */
#define HSR_ISS_ABT_FSC_MASK   BH_U32(0x3F)   /* DFSC / IFSC */
#define HSR_ISS_DABT_WNR       BH_BIT(6)
#define HSR_ISS_ABT_LEVEL_MASK BH_U32(0x3) /* the lookup level of translation/permission faults */

/* ---- Fault status codes (the DFSC/IFSC of the HSR, lookup level cleared for the MPU faults) ---- */
#define FSR_FS_BACKGROUND    BH_U32(0x04) /* translation fault: no MPU region matched */
#define FSR_FS_PERMISSION    BH_U32(0x0C)
#define FSR_FS_SYNC_EXTERNAL BH_U32(0x10)
#define FSR_FS_ALIGNMENT     BH_U32(0x21)
#define FSR_FS_DEBUG         BH_U32(0x22)
#define FSR_FS_LEVELLED_MAX  BH_U32(0x0F) /* codes up to here carry a lookup level in bits [1:0] */

/* ---- HPFAR: faulting address bits [31:12] in bits [31:4] ---- */
#define HPFAR_FIPA_SHIFT BH_U32(8)

/* ---- PMSAv8-32 MPU registers (HPRBAR/PRBAR, HPRLAR/PRLAR, HMPUIR/MPUIR) ---- */
#define PRBAR_XN             BH_BIT(0)
#define PRBAR_AP_SHIFT       BH_U32(1)
#define PRBAR_AP_MASK        BH_U32(0x3)
#define PRBAR_SH_SHIFT       BH_U32(3)
#define PRBAR_BASE_MASK      BH_U32(0xFFFFFFC0) /* 64-byte granularity */
#define PRLAR_EN             BH_BIT(0)
#define PRLAR_ATTRINDX_SHIFT BH_U32(1)
#define PRLAR_ATTRINDX_MASK  BH_U32(0x7)
#define PRLAR_LIMIT_MASK     BH_U32(0xFFFFFFC0) /* limit = last byte's address with [5:0] = 0x3F */
#define MPU_GRANULE          BH_U32(64)
#define MPUIR_REGION_SHIFT   BH_U32(8) /* MPUIR: EL1 regions in bits [15:8] */
#define MPUIR_REGION_MASK    BH_U32(0xFF)
#define HMPUIR_REGION_MASK   BH_U32(0xFF) /* HMPUIR: EL2 regions in bits [7:0] */
/* AP encodings of the EL2 MPU (HPRBAR.AP): EL2 access / EL1 and EL0 access */
#define PRBAR_AP_EL2_RW BH_U32(0x0) /* RW / none */
#define PRBAR_AP_ALL_RW BH_U32(0x1) /* RW / RW */
#define PRBAR_AP_EL2_RO BH_U32(0x2) /* RO / none */
#define PRBAR_AP_ALL_RO BH_U32(0x3) /* RO / RO */
#define PRBAR_SH_NON    BH_U32(0x0)
#define PRBAR_SH_OUTER  BH_U32(0x2)
#define PRBAR_SH_INNER  BH_U32(0x3)

/* ---- HMAIR0: the memory attributes the BSP's regions index (AttrIndx 0..3) ---- */
#define MAIR_ATTR_NORMAL_WB     BH_U32(0xFF) /* Normal, inner/outer write-back read/write-allocate */
#define MAIR_ATTR_DEVICE_NGNRNE BH_U32(0x00)
#define MAIR_ATTR_DEVICE_NGNRE  BH_U32(0x04)
#define MAIR_ATTR_NORMAL_NC     BH_U32(0x44) /* Normal, non-cacheable */
#define MAIR_ATTR_BITS          BH_U32(8)
#define MPU_ATTR_NORMAL         BH_U32(0) /* AttrIndx values */
#define MPU_ATTR_DEVICE         BH_U32(1)
#define MPU_ATTR_DEVICE_NGNRE   BH_U32(2)
#define MPU_ATTR_NORMAL_NC      BH_U32(3)
#define HMAIR0_BSP                                                          \
    ((MAIR_ATTR_NORMAL_WB << (MPU_ATTR_NORMAL * MAIR_ATTR_BITS)) |          \
     (MAIR_ATTR_DEVICE_NGNRNE << (MPU_ATTR_DEVICE * MAIR_ATTR_BITS)) |      \
     (MAIR_ATTR_DEVICE_NGNRE << (MPU_ATTR_DEVICE_NGNRE * MAIR_ATTR_BITS)) | \
     (MAIR_ATTR_NORMAL_NC << (MPU_ATTR_NORMAL_NC * MAIR_ATTR_BITS)))

/* ---- PMU ---- */
#define PMCR_E        BH_BIT(0) /* enable all counters */
#define PMCR_C        BH_BIT(2) /* reset cycle counter */
#define PMCR_D        BH_BIT(3) /* cycle counter counts every 64th cycle */
#define PMCNTEN_CYCLE BH_BIT(31)
#define PMCCFILTR_NSH BH_BIT(27) /* count cycles at EL2 */

/* ---- Generic timer ---- */
#define CNTHP_CTL_ENABLE  BH_BIT(0)
#define CNTHP_CTL_IMASK   BH_BIT(1)
#define CNTHP_CTL_ISTATUS BH_BIT(2)
#define CNTHCTL_EL1PCTEN  BH_BIT(0) /* EL1/EL0 may read the physical counter */
#define CNTHCTL_EL1PCEN   BH_BIT(1) /* EL1/EL0 may use the EL1 physical timer */

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
BH_CP15_ACCESSORS(prselr, CP15_PRSELR)
BH_CP15_ACCESSORS(prbar, CP15_PRBAR)
BH_CP15_ACCESSORS(prlar, CP15_PRLAR)
BH_CP15_ACCESSORS(pmcr, CP15_PMCR)
BH_CP15_ACCESSORS(pmcntenset, CP15_PMCNTENSET)
BH_CP15_ACCESSORS(pmccntr, CP15_PMCCNTR)
BH_CP15_ACCESSORS(pmuserenr, CP15_PMUSERENR)
BH_CP15_ACCESSORS(pmccfiltr, CP15_PMCCFILTR)
BH_CP15_ACCESSORS(cntfrq, CP15_CNTFRQ)
BH_CP15_ACCESSORS(hmpuir, CP15_HMPUIR)
BH_CP15_ACCESSORS(hsctlr, CP15_HSCTLR)
BH_CP15_ACCESSORS(hcr, CP15_HCR)
BH_CP15_ACCESSORS(hcptr, CP15_HCPTR)
BH_CP15_ACCESSORS(hsr, CP15_HSR)
BH_CP15_ACCESSORS(hdfar, CP15_HDFAR)
BH_CP15_ACCESSORS(hifar, CP15_HIFAR)
BH_CP15_ACCESSORS(hpfar, CP15_HPFAR)
BH_CP15_ACCESSORS(hprenr, CP15_HPRENR)
BH_CP15_ACCESSORS(hprselr, CP15_HPRSELR)
BH_CP15_ACCESSORS(hprbar, CP15_HPRBAR)
BH_CP15_ACCESSORS(hprlar, CP15_HPRLAR)
BH_CP15_ACCESSORS(hmair0, CP15_HMAIR0)
BH_CP15_ACCESSORS(hmair1, CP15_HMAIR1)
BH_CP15_ACCESSORS(hvbar, CP15_HVBAR)
BH_CP15_ACCESSORS(cnthctl, CP15_CNTHCTL)
BH_CP15_ACCESSORS(cnthp_tval, CP15_CNTHP_TVAL)
BH_CP15_ACCESSORS(cnthp_ctl, CP15_CNTHP_CTL)
BH_CP15_ACCESSORS(hactlr, CP15_HACTLR)
BH_CP15_ACCESSORS(hdcr, CP15_HDCR)
BH_CP15_ACCESSORS(vbar, CP15_VBAR)
BH_CP15_ACCESSORS(contextidr, CP15_CONTEXTIDR)
BH_CP15_ACCESSORS(tpidruro, CP15_TPIDRURO)
BH_CP15_ACCESSORS(tpidrprw, CP15_TPIDRPRW)
BH_CP15_ACCESSORS(dfsr, CP15_DFSR)
BH_CP15_ACCESSORS(ifsr, CP15_IFSR)
BH_CP15_ACCESSORS(adfsr, CP15_ADFSR)
BH_CP15_ACCESSORS(aifsr, CP15_AIFSR)
BH_CP15_ACCESSORS(dfar, CP15_DFAR)
BH_CP15_ACCESSORS(ifar, CP15_IFAR)
BH_CP15_ACCESSORS(mair0, CP15_MAIR0)
BH_CP15_ACCESSORS(mair1, CP15_MAIR1)
BH_CP15_ACCESSORS(cntkctl, CP15_CNTKCTL)
BH_CP15_ACCESSORS(cntv_ctl, CP15_CNTV_CTL)

/* The 64-bit physical count (CNTPCT: MRRC p15, 0, <lo>, <hi>, c14). */
static inline uint64_t cp15_read_cntpct(void)
{
    uint32_t low;
    uint32_t high;
    __asm__ volatile("mrrc p15, 0, %0, %1, c14" : "=r"(low), "=r"(high));
    return ((uint64_t)high << 32) | low;
}

/* The 64-bit registers of the virtual timer and counter offset (MRRC/MCRR p15, <opc1>, <lo>, <hi>, c14). */
static inline void cp15_read_cntv_cval(uint32_t *low, uint32_t *high)
{
    __asm__ volatile("mrrc p15, 3, %0, %1, c14" : "=r"(*low), "=r"(*high));
}
static inline void cp15_write_cntv_cval(uint32_t low, uint32_t high)
{
    __asm__ volatile("mcrr p15, 3, %0, %1, c14" : : "r"(low), "r"(high) : "memory");
}
static inline void cp15_write_cntvoff(uint32_t low, uint32_t high)
{
    __asm__ volatile("mcrr p15, 4, %0, %1, c14" : : "r"(low), "r"(high) : "memory");
}

/* Barriers (ARM DDI 0487 E2.x DSB, ISB). */
static inline void bh_isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void bh_dsb(void) { __asm__ volatile("dsb" : : : "memory"); }
#endif /* __ASSEMBLER__ */

#endif /* BSP_ARMV8R_CP15_H */
