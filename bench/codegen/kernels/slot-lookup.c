/*
 * Code-quality kernel, hand-written C twin of slot-lookup.ts: the per-tick decision of the cyclic
 * executive (tick charged to the running VM or to idle; at a window's end the next window of the plan,
 * wrapping at the major frame, where the plan requested last takes effect).
 * Follows: ARINC 653 Part 1 section 2.3.2 (partition scheduling in a major time frame), as implemented
 * by firmware/core/scheduler.ts.
 */
#include "hand_kernels.h"

#define VM_COUNT   4u
#define PLAN_COUNT (sizeof plans / sizeof plans[0])

struct window {
    uint32_t start;
    uint32_t duration;
    uint32_t vm;
};

struct plan {
    uint32_t major_frame;
    const struct window *windows;
    uint32_t window_count;
};

static const struct window plan0_windows[] = {
    {0u, 5u, 0u}, {5u, 3u, 1u}, {8u, 2u, HAND_NO_VM}, {10u, 6u, 2u}, {16u, 4u, 3u},
};
static const struct window plan1_windows[] = {{0u, 4u, 1u}, {4u, 8u, 0u}};

static const struct plan plans[] = {
    {20u, plan0_windows, sizeof plan0_windows / sizeof plan0_windows[0]},
    {12u, plan1_windows, sizeof plan1_windows / sizeof plan1_windows[0]},
};

static uint32_t ticks_run[VM_COUNT];
static uint32_t plan;
static uint32_t next_plan; /* the plan from the next major-frame boundary on */
static uint32_t window_index;
static uint32_t window_end = 5u;
static uint32_t frame_position;
static uint32_t owner;
static uint32_t idle_ticks;
static uint32_t major_frames;

static void enter_window(const struct plan *p, uint32_t index)
{
    const struct window *window = &p->windows[index];
    window_index = index;
    window_end = window->start + window->duration;
    owner = window->vm;
}

void hand_scheduler_start(void)
{
    plan = 0u;
    next_plan = 0u;
    frame_position = 0u;
    idle_ticks = 0u;
    major_frames = 0u;
    for (uint32_t vm = 0u; vm < VM_COUNT; vm++) {
        ticks_run[vm] = 0u;
    }
    enter_window(&plans[0], 0u);
}

uint32_t hand_scheduler_tick(uint32_t running)
{
    if (running < VM_COUNT) {
        ticks_run[running]++;
    } else {
        idle_ticks++;
    }
    frame_position++;
    if (frame_position < window_end) {
        return owner;
    }
    uint32_t next = window_index + 1u;
    const struct plan *p = &plans[plan];
    if (next >= p->window_count) {
        next = 0u;
        frame_position = 0u;
        major_frames++;
        plan = next_plan;
        p = &plans[plan];
    }
    enter_window(p, next);
    return owner;
}

void hand_scheduler_request_plan(uint32_t index)
{
    if (index < PLAN_COUNT) {
        next_plan = index;
    }
}

uint32_t hand_scheduler_digest(void)
{
    uint32_t total = idle_ticks;
    for (uint32_t vm = 0u; vm < VM_COUNT; vm++) {
        total = total * 33u + ticks_run[vm];
    }
    return total * 33u + major_frames;
}
