/*
 * tests/fuzz/replay.c -- the main() that turns a libFuzzer target into an
 * ordinary test program: every argument is a file or a directory, and each
 * regular file (a directory's files in name order, not recursively) is given
 * to LLVMFuzzerTestOneInput once.  Built with each tests/fuzz/fuzz_*.c in the
 * normal test build (gcc, ASan + UBSan), so ctest replays the kept crash
 * inputs in tests/fuzz/regress/<target>/ and the seeds on every `make test`:
 * a crash, a sanitizer report or a leak fails the test.  An argument that
 * does not exist is an error (a typo must not pass as "nothing to replay").
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, got;

    if (!f) {
        fprintf(stderr, "replay: cannot open '%s'\n", path);
        return 1;
    }
    do {
        if (len + 65536 > cap) {
            cap = (len + 65536) * 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        got = fread(buf + len, 1, 65536, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        fprintf(stderr, "replay: cannot read '%s'\n", path);
        fclose(f);
        free(buf);
        return 1;
    }
    fclose(f);
    /* Like libFuzzer, hand over a buffer of exactly `len` bytes. */
    {
        uint8_t *exact = malloc(len ? len : 1);

        if (!exact)
            abort();
        memcpy(exact, buf, len);
        free(buf);
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
        (void)LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    (*n)++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t count = 0, i;
    int bad = 0;

    if (!d) {
        fprintf(stderr, "replay: cannot open directory '%s'\n", dir);
        return 1;
    }
    while ((e = readdir(d))) {
        char *path;
        size_t len;
        struct stat st;

        if (e->d_name[0] == '.')
            continue; /* ., .., and .gitkeep-style placeholders */
        len = strlen(dir) + strlen(e->d_name) + 2;
        path = malloc(len);
        if (!path)
            abort();
        snprintf(path, len, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        names = realloc(names, (count + 1) * sizeof *names);
        if (!names)
            abort();
        names[count++] = path;
    }
    closedir(d);
    if (count > 1)
        qsort(names, count, sizeof *names, by_name);
    for (i = 0; i < count; i++) {
        bad |= replay_file(names[i], n);
        free(names[i]);
    }
    free(names);
    return bad;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    int i, bad = 0;

    for (i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or directory '%s'\n", argv[i]);
            bad = 1;
        } else if (S_ISDIR(st.st_mode)) {
            bad |= replay_dir(argv[i], &n);
        } else {
            bad |= replay_file(argv[i], &n);
        }
    }
    printf("replay: %zu input%s, no crash\n", n, n == 1 ? "" : "s");
    return bad;
}
