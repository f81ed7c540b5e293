/*
 * Locks beside the store's own (DESIGN §4): one keeps two deliveries of
 * notices apart, one two senders of mail acknowledgements.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "plaindesk/store.h"

int
store_side_lock(struct store *st, const char *name)
{
	const char *env = getenv("PLAINDESK_LOCK_TIMEOUT");
	double timeout = env && *env ? strtod(env, NULL) : 10, waited = 0;
	char *path = xasprintf("%s/%s", st->gitdir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);

	free(path);
	if (fd < 0)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    waited >= timeout) {
			close(fd);
			return -1;
		}
		usleep(20000);
		waited += 0.02;
	}
	return fd;
}
