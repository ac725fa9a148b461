/*
 * Dense matrix multiply in double precision, C = A x B, repeated with one
 * element of B changed each round. Measures floating-point throughput and
 * the compiler's inner-loop code (loads, multiply-add, induction
 * variables, vectorization where the runtime allows it). The i-k-j loop
 * order keeps the inner loop streaming through rows, so this is compute-
 * rather than cache-bound. The checksum is the sum of every C: IEEE double
 * arithmetic in source order gives the same bits on every runtime.
 */
#include <stdlib.h>

#include "common.h"

#define N 256
#define ROUNDS 128

static void multiply(const double *a, const double *b, double *c) {
    for (int i = 0; i < N * N; i++) {
        c[i] = 0.0;
    }
    for (int i = 0; i < N; i++) {
        for (int k = 0; k < N; k++) {
            double aik = a[i * N + k];
            const double *brow = &b[k * N];
            double *crow = &c[i * N];
            for (int j = 0; j < N; j++) {
                crow[j] += aik * brow[j];
            }
        }
    }
}

int main(void) {
    double *a = malloc(sizeof(double) * N * N);
    double *b = malloc(sizeof(double) * N * N);
    double *c = malloc(sizeof(double) * N * N);
    if (a == NULL || b == NULL || c == NULL) {
        bench_fail("matmul", "out of memory");
    }
    bench_rng_t rng;
    bench_rng_seed(&rng, 1);
    for (int i = 0; i < N * N; i++) {
        a[i] = (double)((int)bench_rng_below(&rng, 2001) - 1000) / 1000.0;
        b[i] = (double)((int)bench_rng_below(&rng, 2001) - 1000) / 1000.0;
    }
    double sum = 0.0;
    for (int round = 0; round < ROUNDS; round++) {
        multiply(a, b, c);
        for (int i = 0; i < N * N; i++) {
            sum += c[i];
        }
        b[(round * 7919) % (N * N)] += 0.5;
    }
    bench_report("matmul", "%dx%d x%d sum %.17g", N, N, ROUNDS, sum);
    free(a);
    free(b);
    free(c);
    return 0;
}
