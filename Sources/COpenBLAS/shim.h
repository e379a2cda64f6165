// OpenBLAS's CBLAS interface. The include path comes from pkg-config ("openblas"), so the
// Debian multiarch directory is never hard-coded. We link openblas, not the generic "blas"
// alternative, which may point at the slow reference implementation.
#include <cblas.h>
