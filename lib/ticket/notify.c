/*
 * Running the notifier: find its command outside the versioned store,
 * hand it one JSON object on standard input, and stop it when it takes
 * longer than its time limit.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plaindesk/notify.h"
#include "plaindesk/vcs.h"

int
notifier_load(struct store *st, struct notifier *n)
{
	const char *env = getenv("PLAINDESK_NOTIFY");
	const char *t = getenv("PLAINDESK_NOTIFY_TIMEOUT");

	n->command = NULL;
	n->timeout = NOTIFY_TIMEOUT_DEFAULT;
	if (t && *t) {
		char *end;
		long v;

		errno = 0;
		v = strtol(t, &end, 10);
		if (errno || *end || end == t || t[0] == '+' || t[0] == '-' ||
		    v < 1 || v > NOTIFY_TIMEOUT_MAX)
			return pd_error(PD_EUSAGE,
					"invalid PLAINDESK_NOTIFY_TIMEOUT '%s' (expected seconds from 1 to %d)",
					t, NOTIFY_TIMEOUT_MAX);
		n->timeout = (int)v;
	}
	/* The environment wins, even to turn the notifier off. */
	if (env) {
		if (*env)
			n->command = xstrdup(env);
		return 0;
	}
	n->command = vcs_config_get(st, "plaindesk.notify");
	if (n->command && !*n->command) {
		free(n->command);
		n->command = NULL;
	}
	return 0;
}

void
notifier_release(struct notifier *n)
{
	free(n->command);
	n->command = NULL;
}

/* An unlinked file holding data, positioned at its start; -1 on error. */
static int
input_file(const char *data, size_t len)
{
	int fd = memfd_create("plaindesk-notify", MFD_CLOEXEC);

	if (fd < 0) {
		FILE *fp = tmpfile();

		if (!fp)
			return -1;
		fd = dup(fileno(fp));
		fclose(fp);
		if (fd < 0)
			return -1;
	}
	while (len > 0) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static double
monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait for pid until the monotonic time limit: 1 if it ended, 0 if not,
 * -1 if it cannot be waited for.
 */
static int
wait_until(pid_t pid, double limit, int *status)
{
	const struct timespec tick = {0, 5 * 1000 * 1000};

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (monotonic() >= limit)
			return 0;
		nanosleep(&tick, NULL);
	}
}

int
notify_run(const char *command, const char *dir, const char *data,
	   size_t len, int timeout)
{
	int fd = input_file(data, len), status = 0, ended;
	pid_t pid;

	if (fd < 0)
		return pd_error(PD_EIO, "cannot hand the notifier its input: %s",
				strerror(errno));
	/* An inherited SIG_IGN would make the child unwaitable. */
	signal(SIGCHLD, SIG_DFL);
	/* What we printed must not be printed again by the child. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fd);
		return pd_error(PD_EIO, "cannot run the notifier: %s",
				strerror(errno));
	}
	if (pid == 0) {
		/* Its own process group, so a time-out stops all of it. */
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(fd, 0) < 0 || dup2(2, 1) < 0 ||
		    (dir && chdir(dir) < 0))
			_exit(126);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(fd);
	ended = wait_until(pid, monotonic() + timeout, &status);
	if (ended == 0) {
		kill(-pid, SIGTERM);
		if (wait_until(pid, monotonic() + 1.0, &status) == 0) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
		}
		/* Whatever it started in its group goes too. */
		kill(-pid, SIGKILL);
		return pd_error(PD_EIO, "timed out after %d s", timeout);
	}
	if (ended < 0)
		return pd_error(PD_EIO, "cannot wait for the notifier: %s",
				strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		return pd_error(PD_EIO, "killed by signal %d",
				WTERMSIG(status));
	return pd_error(PD_EIO, "exited with status %d", WEXITSTATUS(status));
}
