/* A power cut for one process: what survives is only what was flushed.
 *
 * Loaded with LD_PRELOAD into a process that writes under the folder $QMS_POWERCUT_DIR. Every successful
 * fsync() or fdatasync() of a regular file there copies the file, as it is at that moment, to
 * $QMS_POWERCUT_DURABLE/<name> (through a temporary file and a rename, so a copy is whole or absent).
 * Those copies are the disk as a power cut would leave it: writes that were never flushed are missing,
 * and a file never flushed does not exist. Kill the process at any moment, start the program on the
 * copies, and everything it acknowledged after a flush must be there.
 *
 * Build: cc -shared -fPIC -O2 -o lose_unsynced.so lose_unsynced.c -ldl -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void keep_durable_copy(int fd) {
    const char *watch = getenv("QMS_POWERCUT_DIR");
    const char *durable = getenv("QMS_POWERCUT_DURABLE");
    if (!watch || !durable) return;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n < 0) return;
    path[n] = 0;
    size_t w = strlen(watch);
    if (strncmp(path, watch, w) != 0 || path[w] != '/') return;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;  /* a folder's fsync: nothing to copy */
    const char *name = strrchr(path, '/') + 1;
    char target[PATH_MAX], tmp[PATH_MAX];
    snprintf(target, sizeof target, "%s/%s", durable, name);
    snprintf(tmp, sizeof tmp, "%s/.%s.partial", durable, name);
    int saved = errno;
    pthread_mutex_lock(&lock);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in >= 0 && out >= 0) {
        off_t offset = 0;
        while (offset < st.st_size) {
            ssize_t sent = sendfile(out, in, &offset, (size_t)(st.st_size - offset));
            if (sent <= 0) break;
        }
        if (offset == st.st_size) rename(tmp, target);
    }
    if (in >= 0) close(in);
    if (out >= 0) close(out);
    pthread_mutex_unlock(&lock);
    errno = saved;
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int result = real(fd);
    if (result == 0) keep_durable_copy(fd);
    return result;
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int result = real(fd);
    if (result == 0) keep_durable_copy(fd);
    return result;
}
