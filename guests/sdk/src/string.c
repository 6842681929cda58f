/*
 * string.c: memcpy, memmove, memset and memcmp for guests. There is no C library, yet GCC may emit
 * calls to these four even in freestanding code (struct copies, large initialisers), so the SDK
 * provides them. Byte loops, small and obviously correct; each function is compiled without loop
 * pattern distribution so that GCC does not turn its loop back into a call to itself.
 * Follows: ISO/IEC 9899:2011 7.24.2.1, 7.24.2.2, 7.24.6.1, 7.24.4.1; GCC manual 2.1 ("-ffreestanding":
 * memcpy, memmove, memset and memcmp must be supplied by the environment).
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict destination, const void *restrict source, size_t count);
void *memmove(void *destination, const void *source, size_t count);
void *memset(void *destination, int value, size_t count);
int memcmp(const void *left, const void *right, size_t count);

#define NO_LOOP_TO_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LOOP_TO_CALL void *memcpy(void *restrict destination, const void *restrict source, size_t count)
{
    uint8_t *to = destination;
    const uint8_t *from = source;
    for (size_t i = 0u; i < count; i++) {
        to[i] = from[i];
    }
    return destination;
}

NO_LOOP_TO_CALL void *memmove(void *destination, const void *source, size_t count)
{
    uint8_t *to = destination;
    const uint8_t *from = source;
    if ((uintptr_t)to < (uintptr_t)from) {
        for (size_t i = 0u; i < count; i++) {
            to[i] = from[i];
        }
    } else {
        for (size_t i = count; i > 0u; i--) {
            to[i - 1u] = from[i - 1u];
        }
    }
    return destination;
}

NO_LOOP_TO_CALL void *memset(void *destination, int value, size_t count)
{
    uint8_t *to = destination;
    for (size_t i = 0u; i < count; i++) {
        to[i] = (uint8_t)value;
    }
    return destination;
}

NO_LOOP_TO_CALL int memcmp(const void *left, const void *right, size_t count)
{
    const uint8_t *a = left;
    const uint8_t *b = right;
    for (size_t i = 0u; i < count; i++) {
        if (a[i] != b[i]) {
            return a[i] < b[i] ? -1 : 1;
        }
    }
    return 0;
}
