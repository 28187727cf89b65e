#ifndef LITMUS_FUZZER_H
#define LITMUS_FUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (linked in by -sanitize=fuzzer): parses libFuzzer's command line and calls
/// `callback` once per input. SwiftPM gives an executable its own `main`, so libFuzzer's is not used.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
