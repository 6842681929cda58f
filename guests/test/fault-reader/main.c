/*
 * fault-reader: neighbour guest of the fault-injection tests. Its VM holds the read-fault-log
 * capability. Once per slot it prints every fault-log entry logged since its previous slot, then a
 * slot line, and yields; the slot lines (and the trace) show that it keeps its schedule while another
 * VM is faulted, and the entry lines show what the health monitor recorded.
 *   faults: seq <n> tick <t> vm <v> event <e> action <a> address 0x<addr> detail 0x<detail> restarts <r>
 *   reader: slot <n> tick <t>
 * Follows: docs/HYPERCALLS.md (FaultLogRead and its 24-byte entry layout, GetTime, ConsoleWrite,
 * Yield).
 */
#include "bulkhead.h"

/* Words of one fault-log entry: sequence, tick, who (vm | event << 8 | action << 16), address,
 * detail, restarts. */
#define ENTRY_WORDS      6u
#define WHO_FIELD_MASK   0xFFu
#define WHO_EVENT_SHIFT  8u
#define WHO_ACTION_SHIFT 16u

int main(void)
{
    uint32_t next = 0u;
    uint32_t entry[ENTRY_WORDS];
    for (uint32_t slot = 0u;; slot++) {
        uint32_t logged = 0u;
        while (bh_fault_log_read(next, entry, sizeof entry, &logged) == BH_OK) {
            const uint32_t who = entry[2];
            (void)bh_printf(
                "faults: seq %lu tick %lu vm %lu event %lu action %lu address 0x%08lx detail 0x%08lx "
                "restarts %lu\n",
                (unsigned long)entry[0], (unsigned long)entry[1], (unsigned long)(who & WHO_FIELD_MASK),
                (unsigned long)((who >> WHO_EVENT_SHIFT) & WHO_FIELD_MASK),
                (unsigned long)((who >> WHO_ACTION_SHIFT) & WHO_FIELD_MASK), (unsigned long)entry[3],
                (unsigned long)entry[4], (unsigned long)entry[5]);
            next++;
        }
        (void)bh_printf("reader: slot %lu tick %lu\n", (unsigned long)slot, (unsigned long)bh_ticks());
        (void)bh_yield();
    }
}
