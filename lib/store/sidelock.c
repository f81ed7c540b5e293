/*
 * Locks beside the store's own (DESIGN §4): one keeps two deliveries of
 * notices apart, one two senders of mail acknowledgements, one two
 * packers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "plaindesk/store.h"

int
store_side_lock(struct store *st, const char *name, double timeout)
{
	char *path = xasprintf("%s/%s", st->gitdir, name);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);

	free(path);
	if (fd < 0)
		return -1;
	if ((timeout < 0 && store_lock_timeout(&timeout)) ||
	    pd_flock_wait(fd, timeout)) {
		pd_clear_error();
		close(fd);
		return -1;
	}
	return fd;
}
