/*
 * engine/embedded.h -- data files compiled into the program at build time
 * by engine/embed.cmake (the bundled Panjin data set of `attain demo`).
 */
#ifndef ATTAIN_ENGINE_EMBEDDED_H
#define ATTAIN_ENGINE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;           /* 'datasets/panjin/regions.csv' */
    const unsigned char *bytes; /* the file's bytes, followed by one extra '\0' */
    size_t len;                 /* bytes in the file (the extra '\0' not counted) */
};

/*
 * datasets/panjin/{regions,indicators,targets,observations_annual,
 * observations_monthly}.csv, in that order.
 */
extern const struct embedded_file embedded_panjin[];
extern const size_t embedded_panjin_count;

/* datasets/panjin/scenarios/{gaoxin-boost,slowdown,all-out}.ini, named 'scenarios/NAME.ini'. */
extern const struct embedded_file embedded_scenarios[];
extern const size_t embedded_scenarios_count;

#endif /* ATTAIN_ENGINE_EMBEDDED_H */
