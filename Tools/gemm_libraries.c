// The GEMMs of one ResNet-20 training step (batch 128, 8 parts of 16 images, one BLAS thread
// each), timed on one core with one library: OpenBLAS (cblas_sgemm, kernels as
// OPENBLAS_CORETYPE says), BLIS (bli_sgemm, its own kernel choice) or libxsmm (JIT small
// GEMMs; falls back to OpenBLAS where it declines). Measured to choose what runs the engine's
// convolutions; `resnet-bench gemm` times the engine's own kernel on the same shapes.
//
//   cc -O2 -DUSE_OPENBLAS Tools/gemm_libraries.c $(pkg-config --cflags --libs openblas) -o /tmp/g-openblas
//   cc -O2 -DUSE_BLIS Tools/gemm_libraries.c -I/usr/include/x86_64-linux-gnu/blis-openmp -lblis -o /tmp/g-blis
//   cc -O2 -DUSE_XSMM Tools/gemm_libraries.c -lxsmm $(pkg-config --cflags --libs openblas) -lpthread -ldl -lm -o /tmp/g-xsmm
//   /tmp/g-openblas      (libblis-dev and libxsmm-dev are not dependencies of the package)
//
// Shapes are row-major C[M×N] = op(A)·op(B) (+ C when beta = 1), as the engine calls them
// (Sources/ResNetKit/Kernels/ConvPasses.swift, Winograd.swift); `calls` is how many such
// calls one training step (or one inference forward, for the F4 rows) makes.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(USE_OPENBLAS) || defined(USE_XSMM)
#include <cblas.h>
#endif
#ifdef USE_BLIS
#include <blis.h>
#endif
#ifdef USE_XSMM
#include <libxsmm.h>
#endif

typedef struct { const char *name; int ta, tb, m, n, k; float beta; int calls; } Shape;

static const Shape shapes[] = {
    {"F2 fwd/dx 32x32x16", 0, 0, 256, 16, 16, 0, 24576},
    {"F2 dW     32x32x16", 1, 0, 16, 16, 256, 1, 12288},
    {"F2 fwd/dx 16x16x32", 0, 0, 192, 32, 32, 0, 6400},
    {"F2 dW     16x16x32", 1, 0, 32, 32, 192, 1, 3200},
    {"F2 fwd/dx 8x8x64", 0, 0, 112, 64, 64, 0, 2560},
    {"F2 dW     8x8x64", 1, 0, 64, 64, 112, 1, 1280},
    {"F4 inf 32x32x16", 0, 0, 64, 16, 16, 0, 27648},
    {"F4 inf 16x16x32", 0, 0, 48, 32, 32, 0, 8640},
    {"F4 inf 8x8x64", 0, 0, 28, 64, 64, 0, 4320},
    {"stem fwd k27", 0, 0, 9216, 16, 27, 0, 8},
    {"stem dW", 1, 0, 27, 16, 9216, 1, 8},
    {"s2 3x3 16>32 fwd", 0, 0, 1792, 32, 144, 0, 16},
    {"s2 3x3 16>32 dW", 1, 0, 144, 32, 1792, 1, 16},
    {"s2 3x3 16>32 dx", 0, 1, 1792, 144, 32, 0, 16},
    {"s2 3x3 32>64 fwd", 0, 0, 896, 64, 288, 0, 16},
    {"s2 3x3 32>64 dW", 1, 0, 288, 64, 896, 1, 16},
    {"s2 3x3 32>64 dx", 0, 1, 896, 288, 64, 0, 16},
    {"1x1/2 16>32 fwd", 0, 0, 4096, 32, 16, 0, 8},
    {"1x1/2 16>32 dW", 1, 0, 16, 32, 4096, 1, 8},
    {"1x1/2 16>32 dx", 0, 1, 4096, 16, 32, 0, 8},
    {"1x1/2 32>64 fwd", 0, 0, 1024, 64, 32, 0, 8},
    {"1x1/2 32>64 dW", 1, 0, 32, 64, 1024, 1, 8},
    {"1x1/2 32>64 dx", 0, 1, 1024, 32, 64, 0, 8},
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#ifdef USE_XSMM
static libxsmm_smmfunction kernelFor(const Shape *s) {
    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
    libxsmm_blasint m = s->n, n = s->m, k = s->k;
    libxsmm_blasint lda = s->tb ? s->k : s->n, ldb = s->ta ? s->m : s->k, ldc = s->n;
    float alpha = 1, beta = s->beta;
    int flags = (s->tb ? LIBXSMM_GEMM_FLAG_TRANS_A : 0) | (s->ta ? LIBXSMM_GEMM_FLAG_TRANS_B : 0);
    int prefetch = LIBXSMM_PREFETCH_NONE;
    return libxsmm_smmdispatch(m, n, k, &lda, &ldb, &ldc, &alpha, &beta, &flags, &prefetch);
}
#endif

static void run(const Shape *s, const float *a, const float *b, float *c, void *kernel) {
    int lda = s->ta ? s->m : s->k, ldb = s->tb ? s->k : s->n, ldc = s->n;
#if defined(USE_XSMM)
    if (kernel) { ((libxsmm_smmfunction)kernel)(b, a, c); return; }
#endif
#if defined(USE_OPENBLAS) || defined(USE_XSMM)
    cblas_sgemm(CblasRowMajor, s->ta ? CblasTrans : CblasNoTrans, s->tb ? CblasTrans : CblasNoTrans,
                s->m, s->n, s->k, 1, a, lda, b, ldb, s->beta, c, ldc);
#else
    float one = 1, beta = s->beta;
    // BLIS takes a row stride and a column stride for each operand: row-major is (ld, 1).
    bli_sgemm(s->ta ? BLIS_TRANSPOSE : BLIS_NO_TRANSPOSE, s->tb ? BLIS_TRANSPOSE : BLIS_NO_TRANSPOSE,
              s->m, s->n, s->k, &one, (float *)a, lda, 1, (float *)b, ldb, 1, &beta, c, ldc, 1);
#endif
}

int main(void) {
#ifdef USE_OPENBLAS
    openblas_set_num_threads(1);
    printf("OpenBLAS %s\n", openblas_get_config());
#elif defined(USE_XSMM)
    openblas_set_num_threads(1);
    libxsmm_init();
    printf("libxsmm %s, target %s (fallback OpenBLAS %s)\n", LIBXSMM_VERSION, libxsmm_get_target_arch(), openblas_get_corename());
#else
    bli_thread_set_num_threads(1);
    printf("BLIS %s, kernels %s\n", bli_info_get_version_str(), bli_arch_string(bli_arch_query_id()));
#endif
    double total = 0;
    printf("%-20s %2s %2s %5s %4s %5s  %9s %8s %10s\n", "shape", "tA", "tB", "M", "N", "K", "us/call", "GFLOP/s", "ms/step");
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        const Shape *s = &shapes[i];
        size_t na = (size_t)s->m * s->k, nb = (size_t)s->k * s->n, nc = (size_t)s->m * s->n;
        float *a = malloc(na * 4), *b = malloc(nb * 4), *c = calloc(nc, 4);
        for (size_t j = 0; j < na; j++) a[j] = (float)((j * 7) % 13) * 0.1f - 0.6f;
        for (size_t j = 0; j < nb; j++) b[j] = (float)((j * 5) % 11) * 0.1f - 0.5f;
        void *kernel = NULL;
#ifdef USE_XSMM
        kernel = (void *)kernelFor(s);
#endif
        for (int w = 0; w < 50; w++) run(s, a, b, c, kernel);
        double best = 1e9;  // best of 5 batches of calls lasting ~20 ms each
        int reps = (int)(2e7 / (2.0 * s->m * s->n * s->k)) + 1;
        for (int r = 0; r < 5; r++) {
            double t0 = now();
            for (int j = 0; j < reps; j++) { if (s->beta == 0) c[0] = 0; run(s, a, b, c, kernel); }
            double t = (now() - t0) / reps;
            if (t < best) best = t;
        }
        double gflops = 2.0 * s->m * s->n * s->k / best * 1e-9;
        total += best * s->calls;
        printf("%-20s %2d %2d %5d %4d %5d  %9.2f %8.1f %10.2f%s\n", s->name, s->ta, s->tb, s->m, s->n, s->k, best * 1e6, gflops,
               best * s->calls * 1e3, kernel ? " (JIT)" : "");
        free(a); free(b); free(c);
    }
    printf("all of one core's calls for a step (F4 rows: an inference forward), ms: %.1f\n", total * 1e3);
    return 0;
}
