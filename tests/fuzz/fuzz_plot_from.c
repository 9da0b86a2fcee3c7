/*
 * tests/fuzz/fuzz_plot_from.c -- libFuzzer target for the `plot --from`
 * reader (engine/report_backtest.c): every input is read as the output of
 * `attain backtest --format csv`, in Chinese and in English.  Any result is
 * fine; a crash, leak or sanitizer report is a bug, and so is a failure
 * without a message or a success without a chart to draw.
 *
 * ctest replays the kept crash inputs (tests/fuzz/regress/) and the seeds
 * (tests/fuzz/replay.c); `make fuzz` (part of `make test`) fuzzes.  By hand:
 *   CC=clang cmake -S . -B build-fuzz -DATTAIN_FUZZ=ON -DATTAIN_SANITIZE=ON
 *   cmake --build build-fuzz --target fuzz_plot_from
 *   build-fuzz/tests/fuzz_plot_from -max_total_time=60 tests/data/plots
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int zh;

    if (size == 0)
        return 0; /* fmemopen wants at least one byte */
    for (zh = 0; zh < 2; zh++) {
        struct pipe no_pipe;
        struct report_src src;
        struct plot_backtest bt;
        struct att_err err = {0};
        FILE *f = fmemopen((void *)data, size, "rb");
        int rc;

        if (!f)
            abort(); /* the harness itself is broken */
        memset(&no_pipe, 0, sizeof no_pipe);
        memset(&src, 0, sizeof src);
        src.p = &no_pipe;
        src.zh = zh;
        src.err = &err;
        rc = report_backtest_read(&src, "fuzz.csv", f, &bt);
        fclose(f);
        if (rc != ATT_OK && !err.set)
            abort(); /* a failure must say why */
        if (rc == ATT_OK && (bt.n_models == 0 || bt.n_metrics != 4 || !bt.title))
            abort(); /* a success must have something to draw */
        report_src_release(&src);
    }
    return 0;
}
