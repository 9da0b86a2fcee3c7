/*
 * engine/status.h -- the engine's status codes, which are the program's exit
 * statuses (the values of BSD's sysexits.h, plus 2 for usage errors).
 */
#ifndef ATTAIN_ENGINE_STATUS_H
#define ATTAIN_ENGINE_STATUS_H

enum att_status {
    ATT_OK = 0,
    ATT_EUSAGE = 2,
    ATT_EDATA = 65,
    ATT_ENOINPUT = 66,
    ATT_EUNAVAILABLE = 69,
    ATT_EINTERNAL = 70,
    ATT_ECANTCREAT = 73,
    ATT_EIO = 74,
    ATT_ETEMPFAIL = 75,
};

#if defined(__GNUC__)
#define ATT_MUST_CHECK __attribute__((warn_unused_result))
#else
#define ATT_MUST_CHECK
#endif

#endif /* ATTAIN_ENGINE_STATUS_H */
