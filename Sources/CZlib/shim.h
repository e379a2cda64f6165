// zlib, for reading gzipped IDX files (Fashion-MNIST ships as .gz).
#include <zlib.h>
