/*
 * The start-up yardstick of make bench: a bare C program that opens and
 * reads plaindesk.json, as every plaindesk program does first.
 */
#include <stdio.h>

int
main(int argc, char **argv)
{
	char buf[65536];
	size_t n;
	FILE *fp = fopen(argc > 1 ? argv[1] : "plaindesk.json", "r");

	if (!fp)
		return 66;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return n ? 0 : 65;
}
