/* divider.h — the divide/sqrt unit's limit for Adam's update (bench/divider.c). */
#ifndef OPTIPLAY_BENCH_DIVIDER_H
#define OPTIPLAY_BENCH_DIVIDER_H

#include <pthread.h>

/* Particles a second one core can push through the divide and square-root instructions alone,
 * with Adam's count and order of them (per coordinate √v, a divide by √(1−β₂ᵗ), then the
 * step's divide: 2 square roots and 4 divides a particle), at the widest vectors this CPU
 * runs (the swarm's own choice). Best of `reps` timings (~2.5 ms each) per CPU-second of the
 * calling thread; *isa_name names the vectors. */
double divider_limit(int reps, const char **isa_name);

/* bench_swarm's scaling runs: thread t on CPU cpu alone (cpu < 0: on every CPU it may use),
 * 0 or -1; and the CPU-seconds thread t has used, by its own clock (0 where there is none:
 * another thread's in a web build). Here because this file is built without the core's
 * include path, whose sched.h hides the system's. */
int divider_pin(pthread_t t, int cpu);
double divider_thread_cpu(pthread_t t);

#endif
